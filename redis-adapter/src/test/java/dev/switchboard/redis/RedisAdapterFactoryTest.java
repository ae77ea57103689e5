package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.redis.RedisAdapterFactory.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Redis going away and coming back: reconnection with every subscription renewed before the
 * factory reports {@link State#UP}, local delivery meanwhile, fail-fast cross-server operations,
 * one log line per outage.
 */
class RedisAdapterFactoryTest {

    private static final Duration FAST = Duration.ofMillis(500);

    /** Records every state a factory reports. */
    private static final class States {
        final List<State> seen = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Void> down = new CompletableFuture<>();

        States(RedisAdapterFactory factory) {
            factory.onStateChange(s -> {
                seen.add(s);
                if (s == State.DOWN) {
                    down.complete(null);
                }
            });
        }
    }

    private static void get(CompletableFuture<?> f, String what) {
        try {
            f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(what, e);
        }
    }

    @Test
    void restartInTheMiddleOfTrafficResumesDeliveryEverywhereOnceUpAgain() throws Exception {
        try (RedisServer redis = RedisServer.start();
                JavaNode n1 = new JavaNode("n1", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
                JavaNode n2 = new JavaNode("n2", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
                JavaNode n3 = new JavaNode("n3", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
                TestClient c1 = n1.client("c1", "tick", "after");
                TestClient c2 = n2.client("c2", "tick", "after");
                TestClient c3 = n3.client("c3", "tick", "after")) {
            List<JavaNode> nodes = List.of(n1, n2, n3);
            List<States> states = new ArrayList<>();
            nodes.forEach(n -> states.add(new States(n.redis)));

            // Traffic from every server while Redis goes away and comes back.
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ticks = new AtomicInteger();
            Thread traffic = new Thread(() -> {
                while (running.get()) {
                    int i = ticks.getAndIncrement();
                    nodes.get(i % 3).io.emit("tick", i);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }, "traffic");
            traffic.start();
            try {
                c2.next("tick");
                redis.kill();
                for (States s : states) {
                    get(s.down, "a server did not notice that Redis went away");
                }
                assertThat(nodes).allMatch(n -> n.redis.state() == State.DOWN);

                // Down: local delivery goes on, cross-server requests fail at once.
                c1.drain("after");
                n1.io.emit("after", "local-while-down");
                assertThat(c1.next("after")[0]).isEqualTo("local-while-down");
                long start = System.nanoTime();
                ExecutionException fetch = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> n1.io.fetchSockets().get(5, TimeUnit.SECONDS));
                assertThat(fetch.getCause()).isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("fetchSockets needs Redis").hasMessageContaining(":" + redis.port());
                ExecutionException ack = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> n2.io.serverSideEmitWithAck("ping").get(5, TimeUnit.SECONDS));
                assertThat(ack.getCause()).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> n3.io.serverSideEmit("ping")).isInstanceOf(RedisUnavailableException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST.multipliedBy(4));

                redis.restart();
                for (JavaNode n : nodes) {
                    get(n.redis.whenUp(), n.name + " did not report it is back");
                }
            } finally {
                running.set(false);
                traffic.join(10_000);
            }

            // Back: no half-subscribed server.
            assertThat(redis.arrayCommand("PUBSUB NUMSUB socket.io-request#/# socket.io-response#/#"))
                    .containsExactly("socket.io-request#/#", "3", "socket.io-response#/#", "3");
            // (The broadcast pattern is checked by delivery below: NUMPAT counts distinct patterns only.)
            // Everything sent after UP reaches the clients of every server, in order.
            for (TestClient c : List.of(c1, c2, c3)) {
                c.drain("after");
            }
            for (int i = 0; i < 30; i++) {
                nodes.get(i % 3).io.emit("after", i);
            }
            for (TestClient c : List.of(c1, c2, c3)) {
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    got.add((Integer) c.next("after")[0]);
                }
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    expected.add(i);
                }
                // Per sender the order holds; across senders it may interleave.
                assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
                for (int sender = 0; sender < 3; sender++) {
                    final int s = sender;
                    assertThat(got.stream().filter(i -> i % 3 == s).toList()).isSorted();
                }
            }
            for (States s : states) {
                assertThat(s.seen).containsExactly(State.DOWN, State.UP);
            }
        }
    }

    @Test
    void aDroppedSubscriberConnectionIsRenewedWholeBeforeUp() throws Exception {
        try (RedisServer redis = RedisServer.start();
                JavaNode n1 = new JavaNode("n1", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
                JavaNode n2 = new JavaNode("n2", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
                TestClient c2 = n2.client("c2", "after")) {
            States s1 = new States(n1.redis);

            // Redis closes every subscriber connection: both servers reconnect by themselves.
            assertThat(redis.command("CLIENT KILL TYPE pubsub")).isEqualTo(":2");
            get(s1.down, "n1 did not notice the dropped connection");
            get(n1.redis.whenUp(), "n1 did not come back");
            get(n2.redis.whenUp(), "n2 did not come back");

            assertThat(redis.arrayCommand("PUBSUB NUMSUB socket.io-request#/#")).containsExactly("socket.io-request#/#", "2");
            n1.io.emit("after", "resumed");
            assertThat(c2.next("after")[0]).isEqualTo("resumed");
            assertThat(s1.seen).containsExactly(State.DOWN, State.UP);
        }
    }

    @Test
    void theLossIsLoggedOnceNotPerMessage() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (RedisServer redis = RedisServer.start();
                JavaNode n1 = new JavaNode("n1", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady()) {
            States s1 = new States(n1.redis);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                redis.kill();
                get(s1.down, "n1 did not notice that Redis went away");
                for (int i = 0; i < 50; i++) {
                    n1.io.emit("x", i);
                    n1.io.to("room" + i).emit("x", i);
                    n1.io.in("room" + i).socketsJoin("other");
                    n1.io.fetchSockets().handle((v, e) -> null).get(5, TimeUnit.SECONDS);
                }
                redis.restart();
                get(n1.redis.whenUp(), "n1 did not come back");
            } finally {
                System.setErr(original);
            }
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.split("lost the connection to Redis", -1)).hasSize(2);
        assertThat(log).doesNotContain("publishing to Redis").doesNotContain("dropped a message");
    }

    @Test
    void aServerStartedWhileRedisIsUnreachableJoinsWhenItAppears() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            redis.kill();
            try (JavaNode n1 = new JavaNode("n1", redis.uri(), RedisAdapterOptions.DEFAULT)) {
                assertThat(n1.redis.state()).isEqualTo(State.CONNECTING);
                ExecutionException fetch = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> n1.io.fetchSockets().get(5, TimeUnit.SECONDS));
                assertThat(fetch.getCause()).isInstanceOf(RedisUnavailableException.class);

                redis.restart();
                n1.awaitReady();
                assertThat(n1.redis.state()).isEqualTo(State.UP);
                assertThat(redis.arrayCommand("PUBSUB NUMSUB socket.io-request#/#"))
                        .containsExactly("socket.io-request#/#", "1");
            }
        }
    }

    @Test
    void closingReportsClosedAndReleasesTheSubscriptions() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            JavaNode n1 = new JavaNode("n1", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
            n1.close();
            assertThat(n1.redis.state()).isEqualTo(State.CLOSED);
            assertThat(redis.arrayCommand("PUBSUB NUMSUB socket.io-request#/#")).containsExactly("socket.io-request#/#", "0");
        }
    }

    @Test
    void closingAFactoryThatMadeItsOwnClientEndsEveryThreadThatClientStarted() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Set<Thread> before = LettuceThreads.now();
            RedisAdapterFactory factory = RedisAdapterFactory.create(redis.uri());
            get(factory.whenUp(), "up");
            List<Thread> started = LettuceThreads.startedSince(before);
            get(factory.closeAsync(), "close");
            LettuceThreads.assertAllEnd(started);
        }
    }

    @Test
    void closingAFactoryWhileItsConnectionsAreBeingMadeClosesThemBeforeItsThreadsStop() throws Exception {
        try (RedisServer redis = RedisServer.start(); SlowConnectProxy proxy = SlowConnectProxy.start(redis, 500)) {
            long idle = redis.info("clients", "connected_clients");
            Set<Thread> before = LettuceThreads.now();
            RedisAdapterFactory factory = RedisAdapterFactory.create(proxy.uri());
            List<Thread> started = LettuceThreads.startedSince(before);
            // Both connections are still held by the proxy: close waits for them and closes them.
            get(factory.closeAsync(), "close");
            LettuceThreads.assertAllEnd(started);
            assertThat(redis.awaitConnectedClients(idle)).as("clients left on Redis").isEqualTo(idle);
        }
    }

    @Test
    void oneFactoryCannotServeTwoServers() {
        try (RedisServer redis = RedisServer.start();
                JavaNode n1 = new JavaNode("n1", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady()) {
            var second = dev.switchboard.socketio.SocketIoServer.builder().adapter(n1.redis).build();
            var adapter = (RedisAdapter) second.sockets().adapter();

            assertThat(adapter.ready()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IllegalStateException.class)
                    .withMessageContaining("use one RedisAdapterFactory per server");
            assertThat(redis.arrayCommand("PUBSUB NUMSUB socket.io-request#/#")).containsExactly("socket.io-request#/#", "1");
        }
    }
}
