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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Socket.IO packets that do not decode, written as exact frames over a raw WebSocket and raw
 * polling to a connected socket: each one makes the socket's {@code error} listeners see the
 * decoder's message, then the server closes the whole connection (socket reason
 * {@code forced close}; the client gets a close frame without status, or the {@code 1} packet on
 * its next poll). A packet that is not even Engine.IO ends the session with {@code parse error}.
 * After each case a new client is served as usual.
 */
class RawMalformedPacketTest {

    private static final String PLACEHOLDER_0 = "{\"_placeholder\":true,\"num\":0}";

    private final ServerFixture<SocketIoServer> fx = NettyFixture.start();
    private final BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);

    @AfterEach
    void serverStillServesFreshClients() {
        try {
            NettyFixture.assertServesFreshClient(fx);
        } finally {
            fx.close();
        }
    }

    /**
     * One bad input.
     *
     * @param name what it is
     * @param messages Engine.IO messages to send in order: a String is a text packet as written
     *     (type digit included), a byte[] a binary message
     * @param error the decoder's message the socket's error listeners get
     */
    record Case(String name, List<Object> messages, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case text(String name, String packet, String error) {
        return new Case(name, List.of(packet), error);
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>(List.of(
                text("unknown packet type 9", "49", "unknown packet type 9"),
                text("packet type not a digit", "4x[\"a\"]", "unknown packet type NaN"),
                text("JSON cut short", "42[\"a\"", "invalid payload"),
                text("JSON with trailing garbage", "42[\"a\"]x", "invalid payload"),
                text("JSON with single quotes", "42['a']", "invalid payload"),
                text("event payload an object", "42{\"a\":1}", "invalid payload"),
                text("event payload an empty array", "42[]", "invalid payload"),
                text("event name an object", "42[{}]", "invalid payload"),
                text("ack payload an object", "431{}", "invalid payload"),
                text("disconnect with a payload", "41[\"x\"]", "invalid payload"),
                text("connect payload an array", "40/other,[1]", "invalid payload"),
                text("ack id of 2^63 or more", "429223372036854775808[\"a\"]", "invalid ack id"),
                text("binary event without attachment count", "45-[\"a\"," + PLACEHOLDER_0 + "]", "Illegal attachments"),
                text("binary event with zero attachments", "450-[\"a\"]", "Illegal attachments"),
                text("attachment count not a number", "45x-[\"a\"," + PLACEHOLDER_0 + "]", "Illegal attachments"),
                text("attachment count without dash", "451[\"a\"," + PLACEHOLDER_0 + "]", "Illegal attachments"),
                text("too many attachments", "4511-[\"a\"," + PLACEHOLDER_0 + "]", "too many attachments"),
                new Case("binary message without a binary packet", List.of(new byte[] {1, 2, 3}),
                        "got binary data when not reconstructing a packet"),
                new Case("text while attachments are due", List.of("451-[\"a\"," + PLACEHOLDER_0 + "]", "42[\"b\"]"),
                        "got plaintext data when reconstructing a packet"),
                new Case("placeholder beyond the attachments",
                        List.of("451-[\"a\",{\"_placeholder\":true,\"num\":1}]", new byte[] {1}), "illegal attachments"),
                new Case("placeholder number a string",
                        List.of("451-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]", new byte[] {1}), "illegal attachments")));
        for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener",
                "removeListener")) {
            cases.add(text("reserved event name " + reserved, "42[\"" + reserved + "\",1]", "invalid payload"));
        }
        List<Arguments> args = new ArrayList<>();
        for (RawClient.Transport t : RawClient.Transport.values()) {
            for (Case c : cases) {
                args.add(Arguments.of(t, c));
            }
        }
        return args.stream();
    }

    /** What the server socket went through, in order. */
    private static List<String> watch(Socket socket, CompletableFuture<Void> gone) {
        List<String> events = new CopyOnWriteArrayList<>();
        socket.onError(e -> events.add("error: " + e.getMessage()));
        socket.onDisconnect((reason, description) -> {
            events.add("disconnect: " + reason.text());
            gone.complete(null);
        });
        return events;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void packetThatDoesNotDecodeClosesTheConnectionAsForcedClose(RawClient.Transport transport, Case bad) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
            raw.connect("/");
            Socket socket = take(server);
            CompletableFuture<Void> gone = new CompletableFuture<>();
            List<String> events = watch(socket, gone);

            for (Object m : bad.messages()) {
                if (m instanceof String s) {
                    raw.sendPacket(s);
                } else {
                    raw.sendBinary((byte[]) m);
                }
            }

            Closed closed = raw.awaitClosed();
            await(gone);
            assertThat(events).containsExactly("error: " + bad.error(),
                    "disconnect: " + DisconnectReason.FORCED_CLOSE.text());
            assertThat(closed).isEqualTo(transport == RawClient.Transport.WEBSOCKET
                    ? new Closed("websocket close 1005", 1005) : new Closed("close packet", -1));
            fx.assertSessionGone(sessionClosed, raw.sid);
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void packetThatIsNotEngineIoClosesTheSessionAsParseError(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            CompletableFuture<Void> sessionClosed = fx.engineClosed(raw.sid);
            raw.connect("/");
            Socket socket = take(server);
            CompletableFuture<Void> gone = new CompletableFuture<>();
            List<String> events = watch(socket, gone);

            raw.sendPacket("7");

            raw.awaitClosed();
            await(gone);
            assertThat(events).containsExactly("disconnect: " + DisconnectReason.PARSE_ERROR.text());
            fx.assertSessionGone(sessionClosed, raw.sid);
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void goodPacketsAroundTheCasesDecodeExactly(RawClient.Transport transport) {
        // The well-formed neighbours of the cases above: so the cases fail for the reason named.
        fx.io.onConnection(s -> s.on("a", (args, ack) -> ack.send(args)));
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            raw.send("212345678901234[\"a\"]");
            assertThat(raw.next()).isEqualTo("312345678901234[]");
            raw.send("21[\"a\",{\"k\":[1,2.5,null,true]}]");
            assertThat(raw.next()).isEqualTo("31[{\"k\":[1,2.5,null,true]}]");
            raw.send("51-2[\"a\"," + PLACEHOLDER_0 + "]");
            raw.sendBinary(new byte[] {9, 8});
            assertThat(raw.next()).isEqualTo("61-2[" + PLACEHOLDER_0 + "]");
            assertThat(raw.nextBinary()).containsExactly(9, 8);
        }
    }
}
