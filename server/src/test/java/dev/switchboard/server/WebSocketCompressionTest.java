package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.server.RawWebSocket.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WebSocket permessage-deflate (the {@code perMessageDeflate} option) on real connections, with
 * frames compressed by hand: messages round-trip, and the size limit applies to what a message
 * inflates to, as the ws package applies {@code maxPayload}, so a small frame cannot expand into
 * an unbounded one.
 */
class WebSocketCompressionTest {

    private static final int LIMIT = 1000;
    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";

    private final EchoServer echo = EchoServer.start(b -> b.perMessageDeflate(true).maxHttpBufferSize(LIMIT));

    @AfterEach
    void serverStillServesAFreshClient() {
        try {
            echo.assertServesFreshClient();
        } finally {
            echo.close();
        }
    }

    /** A message compressed as one permessage-deflate frame: raw deflate without the 00 00 FF FF tail. */
    private static byte[] compress(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buf, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    private static String inflate(byte[] payload) {
        Inflater inflater = new Inflater(true);
        byte[] withTail = Arrays.copyOf(payload, payload.length + 4);
        withTail[payload.length + 2] = (byte) 0xff;
        withTail[payload.length + 3] = (byte) 0xff;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = inflater.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String text(Frame f) {
        return f.rsv1() ? inflate(f.payload()) : f.text();
    }

    private RawWebSocket openCompressed() {
        RawWebSocket ws = RawWebSocket.open(echo.port(), "/engine.io/?EIO=4&transport=websocket", DEFLATE);
        assertThat(ws.handshake().header("sec-websocket-extensions")).startsWith("permessage-deflate");
        return ws;
    }

    @Test
    void compressedMessagesRoundTrip() {
        try (RawWebSocket ws = openCompressed()) {
            String sid = EchoServer.sidOf(text(ws.readFrame()));
            String message = "4" + "squeeze me ".repeat(50);

            ws.sendFrame(true, true, RawWebSocket.TEXT, compress(message.getBytes(StandardCharsets.UTF_8)));

            Frame echoed = ws.readFrame();
            assertThat(echoed.opcode()).isEqualTo(RawWebSocket.TEXT);
            assertThat(text(echoed)).isEqualTo(message);
            ws.sendClose(1000);
            ws.expectClose(1000);
            assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        }
    }

    @Test
    void smallFrameInflatingPastMaxHttpBufferSizeIsClosedWith1009() {
        try (RawWebSocket ws = openCompressed()) {
            String sid = EchoServer.sidOf(text(ws.readFrame()));
            byte[] bomb = compress(("4" + "0".repeat(1_000_000)).getBytes(StandardCharsets.US_ASCII));
            assertThat(bomb.length).isLessThan(LIMIT * 2);

            ws.sendFrame(true, true, RawWebSocket.TEXT, bomb);

            ws.expectClose(1009);
            ws.assertClosedByServer();
            assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        }
    }

    @Test
    void compressedMessageOneByteOverTheLimitIsClosedWith1009() {
        try (RawWebSocket ws = openCompressed()) {
            String sid = EchoServer.sidOf(text(ws.readFrame()));

            ws.sendFrame(true, true, RawWebSocket.TEXT, compress(("4" + "z".repeat(LIMIT)).getBytes(StandardCharsets.US_ASCII)));

            ws.expectClose(1009);
            ws.assertClosedByServer();
            assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        }
    }

    @Test
    void compressedMessageOfExactlyTheLimitIsAccepted() {
        try (RawWebSocket ws = openCompressed()) {
            String sid = EchoServer.sidOf(text(ws.readFrame()));
            String message = "4" + "z".repeat(LIMIT - 1);

            ws.sendFrame(true, true, RawWebSocket.TEXT, compress(message.getBytes(StandardCharsets.US_ASCII)));

            assertThat(text(ws.readFrame())).isEqualTo(message);
            ws.sendClose(1000);
            ws.expectClose(1000);
            echo.awaitClose(sid);
        }
    }
}
