package dev.switchboard.socketio.javaclient;

import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.HandlerExecutors;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.Await;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code handlerExecutor} with the Java client: handlers run off the event loop (on virtual
 * threads where the JDK has them, see {@link HandlerExecutors#virtualThreads()}; on this build's
 * JDK 17 its platform-thread fallback; and on a plain fixed pool), one at a time and in order per
 * socket while they block, and a blocked socket does not hold up the others.
 */
class JavaClientHandlerExecutorTest {

    private static final int EVENTS = 100;

    private ExecutorService executor;
    private ServerFixture<SocketIoServer> fx;

    static Stream<Arguments> executors() {
        List<Arguments> list = new ArrayList<>();
        for (ClientTransport t : ClientTransport.values()) {
            list.add(Arguments.of("virtualThreads", (Supplier<ExecutorService>) HandlerExecutors::virtualThreads, t));
            list.add(Arguments.of("fixedPool4", (Supplier<ExecutorService>) () -> Executors.newFixedThreadPool(4), t));
        }
        return list.stream();
    }

    private void start(Supplier<ExecutorService> executorFactory) {
        executor = executorFactory.get();
        fx = InMemoryFixture.start(b -> b.handlerExecutor(executor));
    }

    @AfterEach
    void close() throws InterruptedException {
        try {
            if (fx != null) {
                fx.close();
            }
        } finally {
            if (executor != null) {
                executor.shutdownNow();
                assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    /** Whether the current thread is virtual (JDK 21+), by reflection since this builds for 17. */
    private static boolean isVirtual(Thread t) {
        try {
            Method m = Thread.class.getMethod("isVirtual");
            return (Boolean) m.invoke(t);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("executors")
    void hundredEventsArriveInOrderWhileHandlersBlockOffTheLoop(String name, Supplier<ExecutorService> factory,
            ClientTransport transport) {
        start(factory);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        fx.io.onConnection(s -> s.on("n", (args, ack) -> {
            if (running.incrementAndGet() != 1) {
                problems.add("two handlers of one socket at once");
            }
            if (s.conn().executor().inEventLoop()) {
                problems.add("handler on the event loop");
            }
            if (name.equals("virtualThreads") && HandlerExecutors.hasVirtualThreads()
                    != isVirtual(Thread.currentThread())) {
                problems.add("virtual threads expected: " + HandlerExecutors.hasVirtualThreads()
                        + ", thread " + Thread.currentThread());
            }
            try {
                // Blocking work of varying length: order must not depend on it.
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(args.get(0, Integer.class));
            running.decrementAndGet();
            if (seen.size() == EVENTS) {
                all.complete(null);
            }
        }));
        io.socket.client.Socket client = fx.connect(transport, "/");

        for (int i = 0; i < EVENTS; i++) {
            client.emit("n", i);
        }

        await(all);
        assertThat(problems).isEmpty();
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, EVENTS).boxed().toList());
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("executors")
    void manySocketsEachKeepTheirOwnOrder(String name, Supplier<ExecutorService> factory, ClientTransport transport) {
        start(factory);
        int clients = 4;
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(clients);
        fx.io.onConnection(s -> {
            List<Integer> mine = new CopyOnWriteArrayList<>();
            seen.put(s.id(), mine);
            s.on("n", Integer.class, n -> {
                mine.add(n);
                if (mine.size() == EVENTS) {
                    done.countDown();
                }
            });
        });
        List<io.socket.client.Socket> sockets = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            sockets.add(fx.connect(transport, "/"));
        }

        for (int i = 0; i < EVENTS; i++) {
            for (io.socket.client.Socket s : sockets) {
                s.emit("n", i);
            }
        }

        Await.await(done);
        List<Integer> expected = IntStream.range(0, EVENTS).boxed().toList();
        assertThat(seen).hasSize(clients);
        seen.values().forEach(list -> assertThat(list).containsExactlyElementsOf(expected));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("executors")
    void blockedHandlerOfOneSocketDoesNotHoldUpAnother(String name, Supplier<ExecutorService> factory,
            ClientTransport transport) {
        start(factory);
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        fx.io.onConnection(s -> {
            s.on("block", (args, ack) -> {
                try {
                    release.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ack.send("released");
            });
            s.on("echo", (args, ack) -> ack.send(args));
        });
        io.socket.client.Socket blocked = fx.connect(transport, "/");
        io.socket.client.Socket free = fx.connect(transport, "/");
        take(server);
        take(server);

        CompletableFuture<Object[]> blockedAnswer = new CompletableFuture<>();
        blocked.emit("block", new Object[0], blockedAnswer::complete);
        CompletableFuture<Object[]> blockedEcho = new CompletableFuture<>();
        blocked.emit("echo", new Object[] {"queued"}, blockedEcho::complete);
        CompletableFuture<Object[]> freeEcho = new CompletableFuture<>();
        free.emit("echo", new Object[] {"free"}, freeEcho::complete);

        assertThat(await(freeEcho)).containsExactly("free");
        assertThat(blockedAnswer).isNotDone();
        assertThat(blockedEcho).as("queued behind the blocked handler of its socket").isNotDone();
        release.countDown();
        assertThat(await(blockedAnswer)).containsExactly("released");
        assertThat(await(blockedEcho)).containsExactly("queued");
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("executors")
    void connectionAckAndDisconnectListenersRunOffTheLoopToo(String name, Supplier<ExecutorService> factory,
            ClientTransport transport) {
        start(factory);
        List<String> onLoop = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> disconnected = new CompletableFuture<>();
        CompletableFuture<Object> acked = new CompletableFuture<>();
        fx.io.onConnection(s -> {
            if (s.conn().executor().inEventLoop()) {
                onLoop.add("connection");
            }
            s.emit("question", (error, args) -> {
                if (s.conn().executor().inEventLoop()) {
                    onLoop.add("ack");
                }
                acked.complete(error != null ? error : args.get(0, String.class));
            });
            s.onDisconnect((reason, description) -> {
                if (s.conn().executor().inEventLoop()) {
                    onLoop.add("disconnect");
                }
                disconnected.complete(null);
            });
        });
        io.socket.client.Socket client = fx.socket(transport, "/");
        client.on("question", args -> ((io.socket.client.Ack) args[0]).call("answer"));
        ServerFixture.connect(client);

        assertThat(await(acked)).isEqualTo("answer");
        client.close();
        await(disconnected);
        assertThat(onLoop).isEmpty();
    }
}
