package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.server.RawHttp.RawResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests on the Engine.IO path that Node answers in a way of its own, over real sockets, each
 * answered as Node's HTTP server, engine.io and the ws package answer it: methods its parser does
 * not know, upgrade requests that are not a WebSocket handshake, and WebSocket frames sent in the
 * same segment as the upgrade request.
 */
class UpgradeAndMethodParityTest {

    private static final String WS = "/engine.io/?EIO=4&transport=websocket";
    private static final String POLLING = "/engine.io/?EIO=4&transport=polling";
    private static final String PARSER_REFUSAL = "HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n";

    private final EchoServer echo = EchoServer.start();

    @AfterEach
    void serverStillServesAFreshClient() {
        try {
            echo.assertServesFreshClient();
        } finally {
            echo.close();
        }
    }

    private static String refusal(int status, String reason, String text) {
        return "HTTP/1.1 " + status + " " + reason + "\r\nconnection: close\r\ncontent-type: text/html\r\n"
                + "content-length: " + text.length() + "\r\n\r\n" + text;
    }

    /** A masked text frame with a zero mask, so the payload reads as is. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }

    private static byte[] concat(String head, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    // ---- methods -------------------------------------------------------------------------------

    @Test
    void methodNodeDoesNotKnowIs400AndTheConnectionCloses() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("FOO", POLLING, null));
            assertThat(res.head()).isEqualTo(PARSER_REFUSAL);
            raw.assertClosedByServer();
        }
    }

    @Test
    void methodInLowerCaseIs400AndTheConnectionClosesAsMethodsAreCaseSensitive() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("get", POLLING, null));
            assertThat(res.head()).isEqualTo(PARSER_REFUSAL);
            raw.assertClosedByServer();
        }
    }

    @Test
    void connectRequestClosesTheConnectionWithoutAnAnswerAsNodeWithoutAConnectListener() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            raw.send(RawHttp.request("CONNECT", POLLING, null));
            raw.assertClosedByServer();
        }
    }

    @Test
    void knownMethodOtherThanGetIsTheEnginesBadHandshakeMethodAndTheConnectionStays() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("PUT", POLLING, null));
            assertThat(res.status()).isEqualTo(400);
            assertThat(res.bodyText()).isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
            RawResponse handshake = raw.exchange(RawHttp.request("GET", POLLING, null));
            assertThat(handshake.status()).isEqualTo(200);
            echo.closeSession(EchoServer.sidOf(handshake.bodyText()));
        }
    }

    // ---- upgrades that are not a WebSocket handshake -------------------------------------------

    @Test
    void upgradeToAnotherProtocolIs400InvalidUpgradeHeaderAndTheConnectionCloses() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("GET", POLLING, null, "Connection: Upgrade", "Upgrade: foo"));
            assertThat(res.head() + res.bodyText()).isEqualTo(refusal(400, "Bad Request", "Invalid Upgrade header"));
            raw.assertClosedByServer();
        }
        assertThat(echo.engine.clientsCount()).isZero();
    }

    @Test
    void upgradeToAnotherProtocolWithAnUnknownTransportGetsTheEnginesAnswerFirst() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("GET", "/engine.io/?EIO=4&transport=abc", null,
                    "Connection: Upgrade", "Upgrade: foo"));
            assertThat(res.head() + res.bodyText()).isEqualTo(refusal(400, "Bad Request", "Transport unknown"));
            raw.assertClosedByServer();
        }
    }

    @Test
    void upgradeSentAsPostIsTheEnginesBadHandshakeMethod() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawWebSocket.upgradeRequest(WS).replaceFirst("^GET", "POST"));
            assertThat(res.head() + res.bodyText()).isEqualTo(refusal(400, "Bad Request", "Bad handshake method"));
            raw.assertClosedByServer();
        }
    }

    @Test
    void upgradeOfASessionSentAsPostIs405AsTheWsPackageAnswersIt() {
        String sid = echo.handshake();
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawWebSocket.upgradeRequest(WS + "&sid=" + sid).replaceFirst("^GET", "POST"));
            assertThat(res.head() + res.bodyText()).isEqualTo(refusal(405, "Method Not Allowed", "Invalid HTTP method"));
            raw.assertClosedByServer();
        }
        echo.closeSession(sid);
    }

    @Test
    void webSocketHandshakeNamingPollingIsAcceptedThenClosedWithoutASession() {
        try (RawWebSocket ws = RawWebSocket.connect(echo.port(), POLLING)) {
            assertThat(ws.handshake().status()).isEqualTo(101);
            ws.expectClose(-1);
        }
        assertThat(echo.engine.clientsCount()).isZero();
    }

    // ---- frames in the same segment as the upgrade request -------------------------------------

    @Test
    void frameSentRightBehindTheUpgradeRequestIsRead() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            raw.send(concat(RawWebSocket.upgradeRequest(WS), maskedText("4right behind")));
            assertThat(raw.read().status()).isEqualTo(101);
            RawWebSocket ws = RawWebSocket.over(raw);
            String sid = EchoServer.sidOf(ws.readFrame().text());
            ws.expectText("4right behind");
            ws.sendClose(1000);
            ws.expectClose(1000);
            assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        }
    }

    @Test
    void probeSentRightBehindTheUpgradeOfAPollingSessionIsAnswered() {
        String sid = echo.handshake();
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            raw.send(concat(RawWebSocket.upgradeRequest(WS + "&sid=" + sid), maskedText("2probe"), maskedText("5"),
                    maskedText("4upgraded")));
            assertThat(raw.read().status()).isEqualTo(101);
            RawWebSocket ws = RawWebSocket.over(raw);
            ws.expectText("3probe");
            ws.expectText("4upgraded");
            ws.sendClose(1000);
            ws.expectClose(1000);
        }
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void garbageRightBehindTheUpgradeRequestIsAProtocolErrorClosedWith1002() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            raw.send(concat(RawWebSocket.upgradeRequest(WS), new byte[] {(byte) 0xff, (byte) 0xff, 0, 0, 0, 0}));
            assertThat(raw.read().status()).isEqualTo(101);
            RawWebSocket ws = RawWebSocket.over(raw);
            String sid = EchoServer.sidOf(ws.readFrame().text());
            ws.expectClose(1002);
            ws.assertClosedByServer();
            assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        }
    }
}
