package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.RawHttp.RawResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client over a raw socket that writes exact frames (masked, as RFC 6455 requires of
 * clients) and reads the server's frames one by one, so tests see control frames and close codes
 * that higher-level clients hide.
 */
final class RawWebSocket implements AutoCloseable {

    /** The key of RFC 6455 section 1.3; the server must answer with {@link #SAMPLE_ACCEPT}. */
    static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String SAMPLE_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    private final RawHttp http;
    private final RawResponse handshake;

    private RawWebSocket(RawHttp http, RawResponse handshake) {
        this.http = http;
        this.handshake = handshake;
    }

    /** The upgrade request for a target, with the sample key. */
    static String upgradeRequest(String target, String... headerLines) {
        String[] all = new String[headerLines.length + 4];
        all[0] = "Upgrade: websocket";
        all[1] = "Connection: Upgrade";
        all[2] = "Sec-WebSocket-Key: " + SAMPLE_KEY;
        all[3] = "Sec-WebSocket-Version: 13";
        System.arraycopy(headerLines, 0, all, 4, headerLines.length);
        return RawHttp.request("GET", target, null, all);
    }

    /** Sends an upgrade request and returns the socket, whatever the server answered. */
    static RawWebSocket connect(int port, String target, String... headerLines) {
        RawHttp http = RawHttp.connect(port);
        RawResponse res = http.exchange(upgradeRequest(target, headerLines));
        return new RawWebSocket(http, res);
    }

    /** Sends an exact upgrade request and returns the socket, whatever the server answered. */
    static RawWebSocket connectWith(int port, String request) {
        RawHttp http = RawHttp.connect(port);
        RawResponse res = http.exchange(request);
        return new RawWebSocket(http, res);
    }

    /** Opens a WebSocket and asserts the server switched protocols. */
    static RawWebSocket open(int port, String target, String... headerLines) {
        RawWebSocket ws = connect(port, target, headerLines);
        assertThat(ws.handshake().status()).as(ws.handshake().head()).isEqualTo(101);
        return ws;
    }

    /** A WebSocket over a connection whose 101 response the test read itself. */
    static RawWebSocket over(RawHttp http) {
        return new RawWebSocket(http, null);
    }

    RawResponse handshake() {
        return handshake;
    }

    RawHttp http() {
        return http;
    }

    void sendText(String text) {
        sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendBinary(byte[] bytes) {
        sendFrame(true, BINARY, bytes);
    }

    /** Sends a close frame with a status code. */
    void sendClose(int code) {
        sendFrame(true, CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
    }

    /** Sends one masked frame. */
    void sendFrame(boolean fin, int opcode, byte[] payload) {
        sendFrame(fin, false, opcode, payload);
    }

    /** Sends one masked frame, with RSV1 set for a frame compressed by permessage-deflate. */
    void sendFrame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length);
        } else {
            out.write(0x80 | 127);
            long len = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (len >> shift));
            }
        }
        out.write(MASK, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ MASK[i & 3]);
        }
        http.send(out.toByteArray());
    }

    /** Reads the next frame the server sent. */
    Frame readFrame() {
        try {
            InputStream in = http.input();
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                throw new AssertionError("the server closed the connection instead of sending a frame");
            }
            assertThat(b1 & 0x80).as("server frames are not masked").isZero();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | (in.read() & 0xff);
                }
            }
            byte[] payload = in.readNBytes((int) len);
            return new Frame((b0 & 0x80) != 0, (b0 & 0x40) != 0, b0 & 0x0f, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next frame and asserts it is a text frame with exactly this text. */
    void expectText(String text) {
        Frame f = readFrame();
        assertThat(f.opcode()).as("opcode of frame %s", f).isEqualTo(TEXT);
        assertThat(f.text()).isEqualTo(text);
    }

    /** Reads the next frame and asserts it is a close frame with this status (-1: no status). */
    void expectClose(int status) {
        Frame f = readFrame();
        assertThat(f.opcode()).as("opcode of frame %s", f).isEqualTo(CLOSE);
        assertThat(f.closeStatus()).isEqualTo(status);
    }

    void assertClosedByServer() {
        http.assertClosedByServer();
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * A server frame.
     *
     * @param fin whether it ends a message
     * @param rsv1 whether RSV1 is set: a permessage-deflate compressed message
     * @param opcode the opcode
     * @param payload the unmasked payload
     */
    record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame, -1 when it carries none. */
        int closeStatus() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        @Override
        public String toString() {
            return "Frame[opcode=" + opcode + ", fin=" + fin + ", " + payload.length + " bytes: "
                    + (opcode == TEXT ? text() : "") + "]";
        }
    }
}
