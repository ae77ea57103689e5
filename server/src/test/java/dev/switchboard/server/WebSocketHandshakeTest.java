package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.server.RawHttp.RawResponse;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket opening handshake as clients in the wild send it: the exact 101, subprotocols,
 * the header variants of browsers, an upgrade on a connection that served polls before.
 */
class WebSocketHandshakeTest {

    private static final String WS = "/engine.io/?EIO=4&transport=websocket";
    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n"
            + "connection: upgrade\r\nsec-websocket-accept: " + RawWebSocket.SAMPLE_ACCEPT + "\r\n";

    private final EchoServer echo = EchoServer.start();

    @AfterEach
    void serverStillServesAFreshClient() {
        try {
            echo.assertServesFreshClient();
        } finally {
            echo.close();
        }
    }

    /** Reads the open packet, checks an echo and closes: the session works. */
    private void assertSessionWorks(RawWebSocket ws) {
        String sid = EchoServer.sidOf(ws.readFrame().text());
        ws.sendText("4works");
        ws.expectText("4works");
        ws.sendClose(1000);
        ws.expectClose(1000);
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void switchingProtocolsHeadIsExactAndTheOpenPacketFollows() {
        try (RawWebSocket ws = RawWebSocket.open(echo.port(), WS)) {
            assertThat(ws.handshake().head()).isEqualTo(SWITCHING + "\r\n");
            String open = ws.readFrame().text();
            assertThat(open).isEqualTo(echo.openPacket(EchoServer.sidOf(open), "[]"));
            ws.sendClose(1000);
            ws.expectClose(1000);
            echo.awaitClose(EchoServer.sidOf(open));
        }
    }

    @Test
    void firstRequestedSubprotocolIsSelectedAsTheWsPackageDoes() {
        try (RawWebSocket ws = RawWebSocket.open(echo.port(), WS, "Sec-WebSocket-Protocol: chat, superchat")) {
            assertThat(ws.handshake().head()).isEqualTo(SWITCHING + "sec-websocket-protocol: chat\r\n\r\n");
            assertSessionWorks(ws);
        }
    }

    @Test
    void jdkClientAskingForASubprotocolGetsIt() throws Exception {
        JdkWebSocket listener = new JdkWebSocket();
        WebSocket ws = echo.http.newWebSocketBuilder().subprotocols("v1.engine")
                .buildAsync(echo.wsUri("EIO=4&transport=websocket"), listener).get(5, TimeUnit.SECONDS);

        assertThat(ws.getSubprotocol()).isEqualTo("v1.engine");
        String sid = EchoServer.sidOf((String) listener.next());
        ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
        assertThat(listener.awaitClose()).isEqualTo(1000);
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void firefoxStyleConnectionHeaderIsAnUpgrade() {
        try (RawWebSocket ws = RawWebSocket.connectWith(echo.port(), RawHttp.request("GET", WS, null,
                "Connection: keep-alive, Upgrade", "Upgrade: websocket", "Sec-WebSocket-Key: " + RawWebSocket.SAMPLE_KEY,
                "Sec-WebSocket-Version: 13"))) {
            assertThat(ws.handshake().head()).isEqualTo(SWITCHING + "\r\n");
            assertSessionWorks(ws);
        }
    }

    @Test
    void upgradeOnAConnectionThatServedPollsBefore() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse handshake = raw.exchange(RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null));
            String sid = EchoServer.sidOf(handshake.bodyText());
            raw.send(RawWebSocket.upgradeRequest(WS + "&sid=" + sid));
            RawResponse res = raw.read();
            assertThat(res.head()).isEqualTo(SWITCHING + "\r\n");
            // The probe and the upgrade go over the same connection, now a WebSocket.
            raw.send(maskedText("2probe"));
            assertThat(raw.readBytes(8)).containsExactly(0x81, 6, '3', 'p', 'r', 'o', 'b', 'e');
            raw.send(maskedText("5"));
            raw.send(maskedText("4upgraded"));
            assertThat(new String(raw.readBytes(11), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .isEqualTo("\u0081\u00094upgraded");
            assertThat(echo.engine.client(sid).upgraded()).isTrue();
            raw.send(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8});
            assertThat(raw.readBytes(4)).containsExactly(0x88, 2, 0x03, 0xe8);
            assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        }
    }

    /** A masked text frame with a zero mask, so the payload reads as is. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }

    @Test
    void version8ClientIsServedAsTheWsPackageServesIt() {
        try (RawWebSocket ws = RawWebSocket.connectWith(echo.port(), RawHttp.request("GET", WS, null,
                "Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Key: " + RawWebSocket.SAMPLE_KEY,
                "Sec-WebSocket-Version: 8"))) {
            assertThat(ws.handshake().status()).isEqualTo(101);
            assertThat(ws.handshake().header("sec-websocket-accept")).isEqualTo(RawWebSocket.SAMPLE_ACCEPT);
            assertSessionWorks(ws);
        }
    }
}
