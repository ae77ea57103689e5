package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.RawHttp.RawResponse;
import dev.switchboard.server.RawWebSocket.Frame;
import dev.switchboard.socketio.SocketIoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Socket.IO's {@code compress(false)} on the wire, as socket.io hands {@code compress} to
 * engine.io: over WebSocket with permessage-deflate negotiated, such a packet arrives in a frame
 * with RSV1 clear and its exact bytes while the others are compressed (RSV1 set); over polling, a
 * response whose packets all have compression off is not gzipped however large it is, while one
 * with any compressible packet is. Raw clients read the frame headers and response heads.
 */
class CompressFlagTest {

    private static final String DEFLATE = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits";
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    /** Past the 1024-byte threshold of HTTP compression, and compressible. */
    private static final String BIG = "squeeze me ".repeat(300);

    private final SocketIoServer io = SocketIoServer.builder().perMessageDeflate(true).build();
    private final NettyServer server = NettyServer.create(io).eventLoopThreads(2).listen("127.0.0.1", 0);

    CompressFlagTest() {
        io.on("connection", socket -> {
            socket.on("deflated please", (args, ack) -> socket.emit("deflated", BIG));
            socket.on("raw please", (args, ack) -> socket.compress(false).emit("raw", BIG));
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- WebSocket -----------------------------------------------------------------------------

    /**
     * A raw WebSocket that negotiated permessage-deflate, with the one inflater its compressed
     * messages share (the server keeps its compression context from message to message).
     */
    private final class DeflateClient implements AutoCloseable {
        final RawWebSocket ws = RawWebSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket", DEFLATE);
        private final Inflater inflater = new Inflater(true);

        DeflateClient() {
            assertThat(ws.handshake().header("sec-websocket-extensions")).startsWith("permessage-deflate");
            assertThat(text(ws.readFrame())).startsWith("0{\"sid\":");
            ws.sendText("40");
            assertThat(text(ws.readFrame())).startsWith("40{\"sid\":");
        }

        /** The text of a frame, inflated when RSV1 says it was compressed. */
        String text(Frame f) {
            assertThat(f.opcode()).isEqualTo(RawWebSocket.TEXT);
            if (!f.rsv1()) {
                return f.text();
            }
            byte[] withTail = Arrays.copyOf(f.payload(), f.payload().length + 4);
            withTail[withTail.length - 2] = (byte) 0xff;
            withTail[withTail.length - 1] = (byte) 0xff;
            inflater.setInput(withTail);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = inflater.inflate(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (DataFormatException e) {
                throw new AssertionError(e);
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            inflater.end();
            ws.close();
        }
    }

    @Test
    void overWebSocketAPacketEmittedWithCompressFalseArrivesWithRsv1ClearAndOthersWithRsv1Set() {
        try (DeflateClient client = new DeflateClient()) {
            client.ws.sendText("42[\"deflated please\"]");
            Frame deflated = client.ws.readFrame();
            client.ws.sendText("42[\"raw please\"]");
            Frame raw = client.ws.readFrame();
            client.ws.sendText("42[\"deflated please\"]");
            Frame deflatedAgain = client.ws.readFrame();

            assertThat(deflated.rsv1()).isTrue();
            assertThat(deflated.payload().length).isLessThan(BIG.length() / 10);
            assertThat(client.text(deflated)).isEqualTo("42[\"deflated\",\"" + BIG + "\"]");
            assertThat(raw.rsv1()).isFalse();
            assertThat(raw.fin()).isTrue();
            assertThat(raw.text()).isEqualTo("42[\"raw\",\"" + BIG + "\"]");
            // The uncompressed frame left the server's compression context as it was.
            assertThat(deflatedAgain.rsv1()).isTrue();
            assertThat(client.text(deflatedAgain)).isEqualTo("42[\"deflated\",\"" + BIG + "\"]");
        }
    }

    @Test
    void aBroadcastWithCompressFalseReachesEverySocketUncompressedAndAPlainOneCompressed() {
        List<DeflateClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(new DeflateClient());
            }
            io.compress(false).emit("news", "raw for all");
            io.emit("news", "deflated for all");

            for (DeflateClient c : clients) {
                Frame raw = c.ws.readFrame();
                assertThat(raw.rsv1()).isFalse();
                assertThat(raw.text()).isEqualTo("42[\"news\",\"raw for all\"]");
                Frame deflated = c.ws.readFrame();
                assertThat(deflated.rsv1()).isTrue();
                assertThat(c.text(deflated)).isEqualTo("42[\"news\",\"deflated for all\"]");
            }
        } finally {
            clients.forEach(DeflateClient::close);
        }
    }

    // ---- polling -------------------------------------------------------------------------------

    /** Opens a polling session connected to {@code /}; returns its sid. */
    private static String openPolling(RawHttp raw) {
        RawResponse open = raw.exchange(RawHttp.request("GET", "/socket.io/?EIO=4&transport=polling", null));
        Matcher m = SID.matcher(open.bodyText());
        assertThat(m.find()).as(open.bodyText()).isTrue();
        String sid = m.group(1);
        post(raw, sid, "40");
        assertThat(raw.exchange(poll(sid)).bodyText()).startsWith("40{\"sid\":");
        return sid;
    }

    private static void post(RawHttp raw, String sid, String payload) {
        RawResponse res = raw.exchange(RawHttp.request("POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid, payload,
                "Content-Type: text/plain;charset=UTF-8"));
        assertThat(res.bodyText()).isEqualTo("ok");
    }

    private static String poll(String sid) {
        return RawHttp.request("GET", "/socket.io/?EIO=4&transport=polling&sid=" + sid, null,
                "Accept-Encoding: gzip, deflate");
    }

    private static String gunzip(byte[] body) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void overPollingAResponseOfCompressFalsePacketsIsNotGzippedHoweverLarge() {
        try (RawHttp raw = RawHttp.connect(server.port())) {
            String sid = openPolling(raw);

            post(raw, sid, "42[\"raw please\"]");
            RawResponse plain = raw.exchange(poll(sid));
            post(raw, sid, "42[\"deflated please\"]");
            RawResponse gzipped = raw.exchange(poll(sid));

            String rawPacket = "42[\"raw\",\"" + BIG + "\"]";
            assertThat(plain.header("content-encoding")).isNull();
            assertThat(plain.header("content-length")).isEqualTo(String.valueOf(rawPacket.length()));
            assertThat(plain.bodyText()).isEqualTo(rawPacket);
            assertThat(gzipped.header("content-encoding")).isEqualTo("gzip");
            assertThat(gzipped.body().length).isLessThan(BIG.length() / 10);
            assertThat(gunzip(gzipped.body())).isEqualTo("42[\"deflated\",\"" + BIG + "\"]");
        }
    }
}
