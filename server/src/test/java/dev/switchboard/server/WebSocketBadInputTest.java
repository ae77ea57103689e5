package dev.switchboard.server;

import static dev.switchboard.server.EchoServer.polling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.server.EchoServer.Closed;
import dev.switchboard.server.RawHttp.RawResponse;
import dev.switchboard.server.RawWebSocket.Frame;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What WebSocket sessions and upgrades do with input no correct client sends, over real sockets:
 * raw frames for exact bytes, the JDK client for what a library sees. After each case the server
 * serves a new client and no session is left.
 */
class WebSocketBadInputTest {

    private static final int LIMIT = 1000;
    private static final String WS = "/engine.io/?EIO=4&transport=websocket";

    private final EchoServer echo = EchoServer.start(b -> b.maxHttpBufferSize(LIMIT));

    @AfterEach
    void serverStillServesFreshClients() {
        try {
            try (RawWebSocket ws = RawWebSocket.open(echo.port(), WS)) {
                String sid = EchoServer.sidOf(ws.readFrame().text());
                ws.sendText("4fresh");
                ws.expectText("4fresh");
                ws.sendClose(1000);
                ws.expectClose(1000);
                assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
            }
            echo.assertServesFreshClient();
        } finally {
            echo.close();
        }
    }

    /** Opens a WebSocket session and returns it after reading its open packet. */
    private RawWebSocket openSession() {
        RawWebSocket ws = RawWebSocket.open(echo.port(), WS);
        Frame open = ws.readFrame();
        assertThat(open.opcode()).isEqualTo(RawWebSocket.TEXT);
        assertThat(open.text()).isEqualTo(echo.openPacket(EchoServer.sidOf(open.text()), "[]"));
        lastSid = EchoServer.sidOf(open.text());
        return ws;
    }

    private String lastSid;

    /** Asserts the server ended the session with this reason and closed the WebSocket plainly. */
    private void assertServerClosed(RawWebSocket ws, CloseReason reason, String description) {
        ws.expectClose(-1);
        ws.assertClosedByServer();
        Closed closed = echo.awaitClose(lastSid);
        assertThat(closed.reason()).isEqualTo(reason);
        assertThat(closed.description()).isEqualTo(description);
        assertThat(echo.engine.client(lastSid)).isNull();
    }

    // ---- bad packets ---------------------------------------------------------------------------

    @Test
    void unknownPacketTypeClosesTheSessionWithParseError() {
        try (RawWebSocket ws = openSession()) {
            ws.sendText("7");
            assertServerClosed(ws, CloseReason.PARSE_ERROR, "");
        }
    }

    @Test
    void emptyTextFrameClosesTheSessionWithParseError() {
        try (RawWebSocket ws = openSession()) {
            ws.sendText("");
            assertServerClosed(ws, CloseReason.PARSE_ERROR, "");
        }
    }

    @Test
    void invalidBase64ClosesTheSessionWithParseError() {
        try (RawWebSocket ws = openSession()) {
            ws.sendText("b!!!");
            assertServerClosed(ws, CloseReason.PARSE_ERROR, "");
        }
    }

    @Test
    void clientPingIsTheWrongHeartbeatDirectionAndClosesTheSession() {
        try (RawWebSocket ws = openSession()) {
            ws.sendText("2");
            assertServerClosed(ws, CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction");
        }
    }

    @Test
    void closePacketOverWebSocketIsIgnoredAsTheReferenceDoes() {
        try (RawWebSocket ws = openSession()) {
            ws.sendText("1");
            ws.sendText("4still open");
            ws.expectText("4still open");
            ws.sendClose(1000);
            ws.expectClose(1000);
        }
        assertThat(echo.awaitClose(lastSid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void binaryAndBase64MessagesAreEchoedAsBinaryFrames() {
        try (RawWebSocket ws = openSession()) {
            ws.sendBinary(new byte[] {1, 2, 3, 4});
            Frame b = ws.readFrame();
            assertThat(b.opcode()).isEqualTo(RawWebSocket.BINARY);
            assertThat(b.payload()).containsExactly(1, 2, 3, 4);
            ws.sendText("bBQY=");
            Frame c = ws.readFrame();
            assertThat(c.opcode()).isEqualTo(RawWebSocket.BINARY);
            assertThat(c.payload()).containsExactly(5, 6);
            ws.sendClose(1000);
            ws.expectClose(1000);
        }
    }

    // ---- bad frames ----------------------------------------------------------------------------

    @Test
    void invalidUtf8InATextFrameIsClosedWith1007() {
        try (RawWebSocket ws = openSession()) {
            ws.sendFrame(true, RawWebSocket.TEXT, new byte[] {'4', (byte) 0xff, (byte) 0xfe});
            ws.expectClose(1007);
            ws.assertClosedByServer();
        }
        assertThat(echo.awaitClose(lastSid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void unmaskedClientFrameIsAProtocolErrorClosedWith1002() {
        try (RawWebSocket ws = openSession()) {
            ws.http().send(new byte[] {(byte) 0x81, 0x02, '4', 'x'});
            ws.expectClose(1002);
            ws.assertClosedByServer();
        }
        assertThat(echo.awaitClose(lastSid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void reservedOpcodeIsAProtocolErrorClosedWith1002() {
        try (RawWebSocket ws = openSession()) {
            ws.sendFrame(true, 0x3, new byte[] {1});
            ws.expectClose(1002);
            ws.assertClosedByServer();
        }
        assertThat(echo.awaitClose(lastSid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void continuationWithoutAStartIsAProtocolErrorClosedWith1002() {
        try (RawWebSocket ws = openSession()) {
            ws.sendFrame(true, 0x0, "4orphan".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ws.expectClose(1002);
            ws.assertClosedByServer();
        }
        assertThat(echo.awaitClose(lastSid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void fragmentedMessageWithAPingInsideIsAssembledAndThePingAnswered() {
        try (RawWebSocket ws = openSession()) {
            ws.sendFrame(false, RawWebSocket.TEXT, "4frag".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ws.sendFrame(true, RawWebSocket.PING, new byte[] {7, 7});
            ws.sendFrame(true, 0x0, "ments".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Frame pong = ws.readFrame();
            assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
            assertThat(pong.payload()).containsExactly(7, 7);
            ws.expectText("4fragments");
            ws.sendClose(1000);
            ws.expectClose(1000);
        }
    }

    @Test
    void clientThatVanishesWithoutACloseFrameEndsTheSessionWithTransportClose() {
        RawWebSocket ws = openSession();
        ws.http().reset();

        assertThat(echo.awaitClose(lastSid)).isEqualTo(new Closed(CloseReason.TRANSPORT_CLOSE, ""));
    }

    @Test
    void clientThatVanishesMidMessageEndsTheSession() {
        RawWebSocket ws = openSession();
        ws.sendFrame(false, RawWebSocket.TEXT, "4half".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ws.close();

        assertThat(echo.awaitClose(lastSid)).isEqualTo(new Closed(CloseReason.TRANSPORT_CLOSE, ""));
    }

    // ---- size limit ----------------------------------------------------------------------------

    @Test
    void frameOverMaxHttpBufferSizeIsClosedWith1009() {
        try (RawWebSocket ws = openSession()) {
            ws.sendText("4" + "x".repeat(LIMIT));
            ws.expectClose(1009);
            ws.assertClosedByServer();
        }
        assertThat(echo.awaitClose(lastSid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void fragmentedMessageOverMaxHttpBufferSizeIsClosedWith1009() {
        try (RawWebSocket ws = openSession()) {
            byte[] half = ("4" + "y".repeat(LIMIT / 2)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ws.sendFrame(false, RawWebSocket.TEXT, half);
            ws.sendFrame(true, 0, half);
            ws.expectClose(1009);
            ws.assertClosedByServer();
        }
        assertThat(echo.awaitClose(lastSid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void messageOfExactlyMaxHttpBufferSizeIsAccepted() {
        try (RawWebSocket ws = openSession()) {
            String text = "4" + "z".repeat(LIMIT - 1);
            ws.sendText(text);
            ws.expectText(text);
            ws.sendClose(1000);
            ws.expectClose(1000);
        }
    }

    @Test
    void jdkClientSeesStatus1009ForAnOversizedMessage() {
        JdkWebSocket ws = JdkWebSocket.open(echo.http, echo.wsUri("EIO=4&transport=websocket"));
        String sid = EchoServer.sidOf((String) ws.next());

        ws.sendText("4" + "x".repeat(LIMIT * 3));

        assertThat(ws.awaitClose()).isEqualTo(1009);
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void jdkClientSeesAPlainCloseAfterABadPacket() {
        JdkWebSocket ws = JdkWebSocket.open(echo.http, echo.wsUri("EIO=4&transport=websocket"));
        String sid = EchoServer.sidOf((String) ws.next());
        ws.sendBinary(new byte[] {9, 8, 7});
        assertThat((byte[]) ws.next()).containsExactly(9, 8, 7);

        ws.sendText("9nine");

        // A close frame without a status code reads as 1005 (no status received).
        assertThat(ws.awaitClose()).isEqualTo(1005);
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.PARSE_ERROR);
    }

    // ---- sessions that do not exist ------------------------------------------------------------

    private static final String UNKNOWN_SID_RESPONSE = "HTTP/1.1 400 Bad Request\r\nconnection: close\r\n"
            + "content-type: text/html\r\ncontent-length: 18\r\n\r\nSession ID unknown";

    @Test
    void upgradeToAnUnknownSidIs400WithTheMessageAsText() {
        try (RawWebSocket ws = RawWebSocket.connect(echo.port(), WS + "&sid=AAAAAAAAAAAAAAAAAAAA")) {
            RawResponse res = ws.handshake();
            assertThat(res.head() + res.bodyText()).isEqualTo(UNKNOWN_SID_RESPONSE);
            ws.assertClosedByServer();
        }
        assertThat(echo.errors.poll()).satisfies(e -> {
            assertThat(e.error().code()).isEqualTo(1);
            assertThat(e.context()).isEqualTo("AAAAAAAAAAAAAAAAAAAA");
        });
    }

    @Test
    void upgradeToAClosedSessionIs400WithTheMessageAsText() {
        String sid = echo.handshake();
        echo.closeSession(sid);

        try (RawWebSocket ws = RawWebSocket.connect(echo.port(), WS + "&sid=" + sid)) {
            RawResponse res = ws.handshake();
            assertThat(res.head() + res.bodyText()).isEqualTo(UNKNOWN_SID_RESPONSE);
            ws.assertClosedByServer();
        }
    }

    @Test
    void jdkClientSeesTheRefusedHandshakeAs400() {
        Throwable t = catchThrowable(() -> JdkWebSocket.open(echo.http,
                echo.wsUri("EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA")));

        assertThat(t).hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) t.getCause()).getResponse().statusCode()).isEqualTo(400);
    }

    @Test
    void unknownTransportIs400WithTheMessageAsText() {
        try (RawWebSocket ws = RawWebSocket.connect(echo.port(), "/engine.io/?EIO=4&transport=carrier-pigeon")) {
            RawResponse res = ws.handshake();
            assertThat(res.head() + res.bodyText()).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n"
                    + "content-type: text/html\r\ncontent-length: 17\r\n\r\nTransport unknown");
            ws.assertClosedByServer();
        }
    }

    // ---- upgrades that go wrong ----------------------------------------------------------------

    /** Starts an upgrade: WebSocket opened for the session, probe answered. */
    private RawWebSocket probe(String sid) {
        RawWebSocket ws = RawWebSocket.open(echo.port(), WS + "&sid=" + sid);
        ws.sendText("2probe");
        ws.expectText("3probe");
        return ws;
    }

    @Test
    void webSocketDroppedAfterTheProbeLeavesThePollingSessionWorking() {
        String sid = echo.handshake();
        CompletableFuture<HttpResponse<String>> paused = echo.getAsync(polling(sid));
        echo.awaitPollPending(sid);

        RawWebSocket ws = probe(sid);
        // The server releases the paused poll with a noop so the client can send the upgrade.
        assertThat(paused.join().body()).isEqualTo("6");
        ws.http().reset();

        echo.assertEchoes(sid, "after the failed upgrade");
        assertThat(echo.engine.client(sid).transport()).isEqualTo(TransportType.POLLING);
        assertThat(echo.engine.client(sid).upgraded()).isFalse();
        // A new upgrade succeeds after the failed one.
        try (RawWebSocket again = probe(sid)) {
            again.sendText("5");
            again.sendText("4upgraded");
            again.expectText("4upgraded");
            assertThat(echo.get(polling(sid)).body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            again.sendClose(1000);
            again.expectClose(1000);
        }
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void webSocketDroppedBeforeTheProbeLeavesThePollingSessionWorking() {
        String sid = echo.handshake();
        RawWebSocket.open(echo.port(), WS + "&sid=" + sid).close();

        echo.assertEchoes(sid, "never upgraded");
        echo.closeSession(sid);
    }

    @Test
    void packetOtherThanUpgradeDuringTheProbeAbortsTheUpgrade() {
        String sid = echo.handshake();
        try (RawWebSocket ws = probe(sid)) {
            ws.sendText("4too early");
            ws.expectClose(-1);
            ws.assertClosedByServer();
        }
        echo.assertEchoes(sid, "still polling");
        echo.closeSession(sid);
    }

    @Test
    void secondWebSocketWhileUpgradingIsOpenedThenClosed() {
        String sid = echo.handshake();
        try (RawWebSocket first = probe(sid);
                RawWebSocket second = RawWebSocket.open(echo.port(), WS + "&sid=" + sid)) {
            second.expectClose(-1);
            second.assertClosedByServer();
            first.sendText("5");
            first.sendText("4first wins");
            first.expectText("4first wins");
            first.sendClose(1000);
            first.expectClose(1000);
        }
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void webSocketToAnUpgradedSessionIsOpenedThenClosed() {
        String sid = echo.handshake();
        try (RawWebSocket ws = probe(sid)) {
            ws.sendText("5");
            try (RawWebSocket late = RawWebSocket.open(echo.port(), WS + "&sid=" + sid)) {
                late.expectClose(-1);
                late.assertClosedByServer();
            }
            ws.sendText("4unaffected");
            ws.expectText("4unaffected");
            ws.sendClose(1000);
            ws.expectClose(1000);
        }
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void pollingWithTheSidOfAnUpgradedSessionIsTransportMismatch() {
        String sid = echo.handshake();
        try (RawWebSocket ws = probe(sid)) {
            ws.sendText("5");
            ws.sendText("4sync");
            ws.expectText("4sync");

            HttpResponse<String> res = echo.post(polling(sid), "4late");

            assertThat(res.statusCode()).isEqualTo(400);
            assertThat(res.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
            ws.sendClose(1000);
            ws.expectClose(1000);
        }
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }
}
