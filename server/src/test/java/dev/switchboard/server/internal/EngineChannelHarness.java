package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * The per-connection handler on an {@link EmbeddedChannel} behind Netty's HTTP codec, for the
 * {@code EngineChannelHandler} tests: raw request bytes in, raw response bytes out. Session ids are
 * fixed so whole responses compare exactly; every message is echoed and every close recorded.
 */
abstract class EngineChannelHarness {

    static final String SID = "AAAAAAAAAAAAAAAAAAA1";
    static final String OPEN = "0{\"sid\":\"" + SID + "\",\"upgrades\":[\"websocket\"],"
            + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":20}";
    static final String OPEN_RESPONSE = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "cache-control: no-store\r\n"
            + "content-length: " + OPEN.length() + "\r\n\r\n" + OPEN;
    static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\n"
            + "content-type: text/plain; charset=UTF-8\r\n"
            + "content-length: 9\r\n\r\nNot Found";
    static final String OK = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/html\r\n"
            + "cache-control: no-store\r\n"
            + "content-length: 2\r\n\r\nok";

    final AtomicInteger ids = new AtomicInteger();
    final List<String> closes = new ArrayList<>();
    final EngineIoServer engine = EngineIoServer.create(EngineIoOptions.builder()
            .maxHttpBufferSize(20)
            .generateId(req -> "AAAAAAAAAAAAAAAAAAA" + ids.incrementAndGet())
            .build());
    final EmbeddedChannel channel = newChannel();

    EngineChannelHarness() {
        engine.onConnection(socket -> {
            socket.onMessage(socket::send);
            socket.onClose((reason, description) -> closes.add(socket.id() + " " + reason + " " + description));
        });
    }

    EmbeddedChannel newChannel() {
        return new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(engine, HttpFallback.NOT_FOUND));
    }

    /** The clock of the channels {@link #newFrozenChannel()} makes: time moves only when a test moves it. */
    final MockTicker ticker = Ticker.newMockTicker();

    /**
     * A channel on {@link #ticker} from its first instant, so that a test that moves time by the
     * millisecond is exact however long the machine took between making the channel and moving
     * its clock (a channel frozen after it started its timers is not).
     */
    EmbeddedChannel newFrozenChannel() {
        return EmbeddedChannel.builder().register(true).hasDisconnect(false).ticker(ticker)
                .handlers(new HttpServerCodec(), new EngineChannelHandler(engine, HttpFallback.NOT_FOUND))
                .build();
    }

    @AfterEach
    void nothingLeftBehind() {
        engine.close();
        channel.runPendingTasks();
        // Everything written was read by the test; finishing finds nothing left to release.
        assertThat(channel.finishAndReleaseAll()).as("unread messages").isFalse();
        assertThat(engine.clientsCount()).isZero();
    }

    /** Feeds raw bytes, runs what they scheduled, and returns everything written back. */
    String exchange(EmbeddedChannel ch, String request) {
        write(ch, request);
        return readAll(ch);
    }

    String exchange(String request) {
        return exchange(channel, request);
    }

    static void write(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
        ch.runPendingTasks();
    }

    static String readAll(EmbeddedChannel ch) {
        return new String(readAllBytes(ch), StandardCharsets.UTF_8);
    }

    static byte[] readAllBytes(EmbeddedChannel ch) {
        ch.runPendingTasks();
        return outboundBytes(ch);
    }

    /** Takes everything written so far without running queued tasks: what left before the turn's end. */
    static byte[] outboundBytes(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            try {
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                out.writeBytes(bytes);
            } finally {
                b.release();
            }
        }
        return out.toByteArray();
    }

    static String get(String target, String... headerLines) {
        return request("GET", target, null, headerLines);
    }

    static String request(String method, String target, String body, String... headerLines) {
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        sb.append("\r\n");
        if (body != null) {
            sb.append(body);
        }
        return sb.toString();
    }

    String handshake() {
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
        return SID;
    }

    static String polling(String sid) {
        return "/engine.io/?EIO=4&transport=polling&sid=" + sid;
    }

    static String okPoll(String payload) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                + "content-length: " + payload.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + payload;
    }

    static final String UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n"
            + "connection: upgrade\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
}
