package dev.switchboard.server.socketio;

import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Payloads past the limits, over a raw WebSocket and raw polling: a message over
 * {@code maxHttpBufferSize} closes a WebSocket with 1009 ({@code transport error}) and gets a
 * polling POST a 413 (the session goes on, as in the reference); JSON nested 2,000 levels deep is
 * refused as the parser's error ({@code forced close}) without harm to the server, while the
 * deepest nesting allowed (1,000 levels) still arrives.
 */
class RawLimitsTest {

    private static final int LIMIT = 10_000;

    private final ServerFixture<SocketIoServer> fx = NettyFixture.start(b -> b.maxHttpBufferSize(LIMIT));
    private final BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);

    RawLimitsTest() {
        fx.io.onConnection(s -> {
            s.on("echo", (args, ack) -> ack.send(args));
            s.on("size", (args, ack) -> ack.send(args.get(0, String.class).length()));
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

    private static String event(String name, String jsonArg) {
        return "2[\"" + name + "\"," + jsonArg + "]";
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static CompletableFuture<DisconnectReason> reasonOf(Socket socket) {
        CompletableFuture<DisconnectReason> reason = new CompletableFuture<>();
        socket.onDisconnect((r, description) -> reason.complete(r));
        return reason;
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void messageUnderTheLimitArrives(RawClient.Transport transport) {
        String text = "x".repeat(LIMIT - 100);
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            raw.send("21[\"size\",\"" + text + "\"]");
            assertThat(raw.next()).isEqualTo("31[" + text.length() + "]");
        }
    }

    @Test
    void messageOverTheLimitClosesTheWebSocketWith1009() {
        try (RawClient raw = RawClient.open(RawClient.Transport.WEBSOCKET, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
            raw.connect("/");
            CompletableFuture<DisconnectReason> reason = reasonOf(take(server));

            raw.send(event("echo", "\"" + "x".repeat(LIMIT * 2) + "\""));

            assertThat(raw.awaitClosed()).isEqualTo(new RawClient.Closed("websocket close 1009", 1009));
            assertThat(await(reason)).isEqualTo(DisconnectReason.TRANSPORT_ERROR);
            fx.assertSessionGone(sessionClosed, raw.sid);
        }
    }

    @Test
    void postOverTheLimitIsRefusedWith413AndTheSessionGoesOn() {
        try (RawClient raw = RawClient.open(RawClient.Transport.POLLING, fx.port())) {
            raw.connect("/");
            Socket socket = take(server);

            HttpResponse<String> refused = RawClient.post(raw, "4" + event("echo", "\"" + "x".repeat(LIMIT * 2) + "\""));

            assertThat(refused.statusCode()).isEqualTo(413);
            raw.send("21[\"echo\",\"after 413\"]");
            assertThat(raw.next()).isEqualTo("31[\"after 413\"]");
            assertThat(socket.connected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void deeplyNestedJsonIsRefusedAndClosesTheConnection(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
            raw.connect("/");
            Socket socket = take(server);
            List<String> errors = new CopyOnWriteArrayList<>();
            socket.onError(e -> errors.add(e.getMessage()));
            CompletableFuture<DisconnectReason> reason = reasonOf(socket);

            raw.send(event("echo", nested(2_000)));

            raw.awaitClosed();
            assertThat(await(reason)).isEqualTo(DisconnectReason.FORCED_CLOSE);
            assertThat(errors).containsExactly("invalid payload: nested deeper than 1000 levels");
            fx.assertSessionGone(sessionClosed, raw.sid);
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void deepestNestingAllowedArrivesAndEchoes(RawClient.Transport transport) {
        // The event array is level 1: its argument may nest 999 levels.
        String deepest = nested(999);
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            raw.send("21[\"echo\"," + deepest + "]");
            assertThat(raw.next()).isEqualTo("31[" + deepest + "]");
        }
    }
}
