package dev.switchboard.server.socketio;

import static dev.switchboard.testing.Await.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.NamespaceMatcher;
import dev.switchboard.socketio.Next;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CONNECT packets a client should not send, over a raw WebSocket and raw polling: unknown
 * namespaces are refused with {@code Invalid namespace} and the connection stays usable, a flood
 * of them is answered one by one and leaves nothing behind (no namespace, no socket, not even
 * from a dynamic namespace that refuses the names or whose check throws), a connection that joins
 * no namespace is closed after {@code connectTimeout} however many refused CONNECTs it sent, and a
 * client that leaves while its CONNECT is in a middleware, or races two CONNECTs through one,
 * leaves no socket behind.
 */
class RawNamespaceAbuseTest {

    /** The tag of the tests that run with a short {@link #CONNECT_TIMEOUT}; the others keep the default. */
    private static final String SHORT_CONNECT_TIMEOUT = "shortConnectTimeout";
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(800);

    private final ServerFixture<SocketIoServer> fx;
    private final AtomicInteger dynamicChecks = new AtomicInteger();

    RawNamespaceAbuseTest(TestInfo test) {
        fx = test.getTags().contains(SHORT_CONNECT_TIMEOUT)
                ? NettyFixture.start(b -> b.connectTimeout(CONNECT_TIMEOUT))
                : NettyFixture.start();
        fx.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
        fx.io.of((name, auth) -> {
            dynamicChecks.incrementAndGet();
            return name.equals("/dynamic-yes");
        });
    }

    @AfterEach
    void serverStillServesFreshClients() {
        try {
            NettyFixture.assertServesFreshClient(fx);
        } finally {
            fx.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void unknownNamespaceIsRefusedAndTheConnectionStaysUsable(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.send("0/nowhere,");
            assertThat(raw.next()).isEqualTo("4/nowhere,{\"message\":\"Invalid namespace\"}");
            raw.send("0/no-comma");
            assertThat(raw.next()).isEqualTo("4/no-comma,{\"message\":\"Invalid namespace\"}");
            raw.send("0/with-auth,{\"token\":\"t\"}");
            assertThat(raw.next()).isEqualTo("4/with-auth,{\"message\":\"Invalid namespace\"}");

            raw.connect("/");
            raw.send("21[\"echo\",\"still usable\"]");
            assertThat(raw.next()).isEqualTo("31[\"still usable\"]");
            assertThat(fx.io.engine().client(raw.sid)).isNotNull();
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void oddNamespaceNamesAreEchoedAsSentInTheRefusal(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            for (String name : new String[] {"/ä✓", "/../admin", "/a\"b\\c", "/%2F", "//", "/a b"}) {
                raw.send("0" + name + ",");
                assertThat(raw.next()).isEqualTo("4" + name + ",{\"message\":\"Invalid namespace\"}");
            }
            assertThat(fx.io.namespaces()).extracting(Namespace::name).containsExactly("/");
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void dynamicNamespaceCheckThatThrowsRefusesTheName(RawClient.Transport transport) {
        fx.io.of((NamespaceMatcher) (name, auth, result) -> {
            throw new IllegalStateException("check failed on purpose");
        });
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.send("0/anything,");
            assertThat(raw.next()).isEqualTo("4/anything,{\"message\":\"Invalid namespace\"}");
            raw.connect("/");
            raw.send("21[\"echo\",\"fine\"]");
            assertThat(raw.next()).isEqualTo("31[\"fine\"]");
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void clientLeavingWhileItsMiddlewareRunsLeavesNothingBehind(RawClient.Transport transport) {
        CompletableFuture<Next> held = new CompletableFuture<>();
        AtomicInteger connections = new AtomicInteger();
        fx.io.of("/slow").use((socket, next) -> {
            socket.join("joined in middleware");
            held.complete(next);
        });
        fx.io.of("/slow").onConnection(s -> connections.incrementAndGet());
        RawClient raw = RawClient.open(transport, fx.port());
        CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
        raw.send("0/slow,");
        Next next = Await.await(held);

        raw.close();
        Await.await(sessionClosed);
        CompletableFuture<Void> roomDeleted = new CompletableFuture<>();
        fx.io.of("/slow").adapter().onDeleteRoom(room -> {
            if (room.equals("joined in middleware")) {
                roomDeleted.complete(null);
            }
        });
        next.next();

        // The outcome is settled on the session's loop; the room going away shows it was.
        Await.await(roomDeleted);
        assertThat(connections).hasValue(0);
        assertThat(fx.io.of("/slow").sockets()).isEmpty();
        assertThat(fx.io.of("/slow").adapter().rooms()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void twoConnectsRacingThroughAMiddlewareBothLeaveWithTheConnection(RawClient.Transport transport) {
        // Both CONNECTs arrive before the first is admitted, so neither is a "second CONNECT for a
        // joined namespace": the reference admits both, and its client closes both when it goes.
        Executor later = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);
        fx.io.of("/racy").use((socket, next) -> later.execute(next::next));
        BlockingQueue<Socket> racy = queue(fx.io.of("/racy")::onConnection);
        RawClient raw = RawClient.open(transport, fx.port());
        CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
        raw.sendPackets(List.of("40/racy,", "40/racy,"));
        String first = RawClient.sidOf(raw.next());
        String second = RawClient.sidOf(raw.next());
        assertThat(first).isNotEqualTo(second);
        List<Socket> admitted = List.of(Await.take(racy), Await.take(racy));
        List<CompletableFuture<String>> left = new ArrayList<>();
        for (Socket s : admitted) {
            CompletableFuture<String> gone = new CompletableFuture<>();
            s.onDisconnect((reason, description) -> gone.complete(reason.text()));
            left.add(gone);
        }

        raw.close();

        fx.assertSessionGone(sessionClosed, raw.sid);
        for (int i = 0; i < admitted.size(); i++) {
            assertThat(left.get(i)).as("socket %s (CONNECT reply %d of 2) leaves with its connection",
                    admitted.get(i).id(), i + 1).succeedsWithin(Await.TIMEOUT);
        }
        assertThat(fx.io.of("/racy").sockets()).isEmpty();
        assertThat(fx.io.of("/racy").adapter().rooms()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void connectFloodForUnknownNamespacesIsAnsweredOneByOneAndRetainsNothing(RawClient.Transport transport) {
        int flood = 300;
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            List<String> connects = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                connects.add("40/flood-" + i + ",");
            }
            raw.sendPackets(connects);
            for (int i = 0; i < flood; i++) {
                assertThat(raw.next()).isEqualTo("4/flood-" + i + ",{\"message\":\"Invalid namespace\"}");
            }

            assertThat(fx.io.namespaces()).extracting(Namespace::name).containsExactly("/");
            assertThat(dynamicChecks).as("the dynamic namespace was asked each time").hasValue(flood);
            assertThat(fx.io.sockets().sockets()).isEmpty();
            raw.connect("/");
            raw.send("21[\"echo\",\"after the flood\"]");
            assertThat(raw.next()).isEqualTo("31[\"after the flood\"]");
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void dynamicNamespaceThatAcceptsCreatesOneChildOnly(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.send("0/dynamic-no,");
            assertThat(raw.next()).isEqualTo("4/dynamic-no,{\"message\":\"Invalid namespace\"}");
            raw.connect("/dynamic-yes");

            assertThat(fx.io.namespaces()).extracting(Namespace::name)
                    .containsExactlyInAnyOrder("/", "/dynamic-yes");
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    @Tag(SHORT_CONNECT_TIMEOUT)
    void connectionThatJoinsNoNamespaceIsClosedAfterConnectTimeout(RawClient.Transport transport) {
        // Before the handshake, so the session's timer cannot have started earlier.
        long start = System.nanoTime();
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);

            RawClient.Closed closed = raw.awaitClosed();

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("not before connectTimeout").isGreaterThanOrEqualTo(CONNECT_TIMEOUT.minusMillis(5));
            assertThat(closed).isEqualTo(transport == RawClient.Transport.WEBSOCKET
                    ? new RawClient.Closed("websocket close 1005", 1005) : new RawClient.Closed("close packet", -1));
            fx.assertSessionGone(sessionClosed, raw.sid);
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    @Tag(SHORT_CONNECT_TIMEOUT)
    void refusedConnectsDoNotStopTheConnectTimeout(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
            for (int i = 0; i < 5; i++) {
                raw.send("0/nowhere-" + i + ",");
                assertThat(raw.next()).isEqualTo("4/nowhere-" + i + ",{\"message\":\"Invalid namespace\"}");
            }

            raw.awaitClosed();

            fx.assertSessionGone(sessionClosed, raw.sid);
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    @Tag(SHORT_CONNECT_TIMEOUT)
    void refusedByMiddlewareDoesNotStopTheConnectTimeoutEither(RawClient.Transport transport) {
        fx.io.of("/guarded").use((socket, next) -> next.error(new dev.switchboard.socketio.ConnectException("no")));
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
            raw.send("0/guarded,");
            assertThat(raw.next()).isEqualTo("4/guarded,{\"message\":\"no\"}");

            raw.awaitClosed();

            fx.assertSessionGone(sessionClosed, raw.sid);
            assertThat(fx.io.of("/guarded").sockets()).isEmpty();
        }
    }
}
