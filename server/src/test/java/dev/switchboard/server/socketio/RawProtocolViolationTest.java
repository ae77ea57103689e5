package dev.switchboard.server.socketio;

import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.server.socketio.RawClient.Closed;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Well-formed packets that break the Socket.IO protocol, over a raw WebSocket and raw polling: a
 * second CONNECT for a namespace already joined, a CONNECT_ERROR from the client, and any other
 * packet for a namespace the client is not in (never joined, or left). Each closes the whole
 * connection: every socket of it leaves with {@code forced server close} and the client gets a
 * close frame without status, or the {@code 1} packet on its next poll.
 */
class RawProtocolViolationTest {

    private final ServerFixture<SocketIoServer> fx = NettyFixture.start();
    private final BlockingQueue<Socket> main = queue(fx.io.of("/")::onConnection);
    private final BlockingQueue<Socket> admin = queue(fx.io.of("/admin")::onConnection);

    @AfterEach
    void serverStillServesFreshClients() {
        try {
            NettyFixture.assertServesFreshClient(fx);
        } finally {
            fx.close();
        }
    }

    /**
     * One violation.
     *
     * @param name what it is
     * @param packet the Engine.IO text packet
     * @param attachment a binary message completing the packet, or null
     */
    record Violation(String name, String packet, byte[] attachment) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> violations() {
        List<Violation> cases = List.of(
                new Violation("second CONNECT for /", "40", null),
                new Violation("second CONNECT for /admin", "40/admin,", null),
                new Violation("second CONNECT for /admin with auth", "40/admin,{\"token\":\"x\"}", null),
                new Violation("CONNECT_ERROR from the client", "44{\"message\":\"no\"}", null),
                new Violation("CONNECT_ERROR for another namespace", "44/other,\"no\"", null),
                new Violation("EVENT for a namespace never joined", "42/other,[\"x\"]", null),
                new Violation("ACK for a namespace never joined", "43/other,1[]", null),
                new Violation("DISCONNECT for a namespace never joined", "41/other,", null),
                // Routed once its attachment came.
                new Violation("BINARY_EVENT for a namespace never joined",
                        "451-/other,[\"x\",{\"_placeholder\":true,\"num\":0}]", new byte[] {1}));
        List<Arguments> args = new ArrayList<>();
        for (RawClient.Transport t : RawClient.Transport.values()) {
            for (Violation v : cases) {
                args.add(Arguments.of(t, v));
            }
        }
        return args.stream();
    }

    private static CompletableFuture<DisconnectReason> reasonOf(Socket socket) {
        CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
        socket.onDisconnect((r, description) -> reason.complete(r));
        return reason;
    }

    private static Closed closedFor(RawClient.Transport transport) {
        return transport == RawClient.Transport.WEBSOCKET
                ? new Closed("websocket close 1005", 1005) : new Closed("close packet", -1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("violations")
    void violationClosesTheWholeConnectionAsForcedServerClose(RawClient.Transport transport, Violation violation) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
            raw.connect("/");
            raw.connect("/admin");
            CompletableFuture<DisconnectReason> mainReason = reasonOf(take(main));
            CompletableFuture<DisconnectReason> adminReason = reasonOf(take(admin));

            raw.sendPacket(violation.packet());
            if (violation.attachment() != null) {
                raw.sendBinary(violation.attachment());
            }

            assertThat(raw.awaitClosed()).isEqualTo(closedFor(transport));
            assertThat(await(mainReason)).isEqualTo(DisconnectReason.FORCED_SERVER_CLOSE);
            assertThat(await(adminReason)).isEqualTo(DisconnectReason.FORCED_SERVER_CLOSE);
            fx.assertSessionGone(sessionClosed, raw.sid);
            assertThat(fx.io.of("/admin").sockets()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void eventForANamespaceLeftClosesTheConnection(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
            raw.connect("/");
            raw.connect("/admin");
            CompletableFuture<DisconnectReason> mainReason = reasonOf(take(main));
            CompletableFuture<DisconnectReason> adminReason = reasonOf(take(admin));

            raw.send("1/admin,");
            assertThat(await(adminReason)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            raw.send("2/admin,[\"after leaving\"]");

            assertThat(raw.awaitClosed()).isEqualTo(closedFor(transport));
            assertThat(await(mainReason)).isEqualTo(DisconnectReason.FORCED_SERVER_CLOSE);
            fx.assertSessionGone(sessionClosed, raw.sid);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void leavingEveryNamespaceKeepsTheConnectionForAnotherConnect(RawClient.Transport transport) {
        fx.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            CompletableFuture<DisconnectReason> first = reasonOf(take(main));

            raw.send("1");
            assertThat(await(first)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
            String again = raw.connect("/");
            raw.send("27[\"echo\",\"back\"]");

            assertThat(raw.next()).isEqualTo("37[\"back\"]");
            assertThat(take(main).id()).isEqualTo(again);
        }
    }

    static Stream<RawClient.Transport> transports() {
        return Stream.of(RawClient.Transport.values());
    }
}
