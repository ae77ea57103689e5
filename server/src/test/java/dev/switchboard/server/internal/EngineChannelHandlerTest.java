package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-connection handler on an {@link EmbeddedChannel} behind Netty's HTTP codec: raw request
 * bytes in, raw response bytes out. Session ids are fixed so whole responses compare exactly.
 */
class EngineChannelHandlerTest {

    private static final String SID = "AAAAAAAAAAAAAAAAAAA1";
    private static final String OPEN = "0{\"sid\":\"" + SID + "\",\"upgrades\":[\"websocket\"],"
            + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":20}";
    private static final String OPEN_RESPONSE = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "cache-control: no-store\r\n"
            + "content-length: " + OPEN.length() + "\r\n\r\n" + OPEN;
    private static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\n"
            + "content-type: text/plain; charset=UTF-8\r\n"
            + "content-length: 9\r\n\r\nNot Found";
    private static final String OK = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/html\r\n"
            + "cache-control: no-store\r\n"
            + "content-length: 2\r\n\r\nok";

    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> closes = new ArrayList<>();
    private final EngineIoServer engine = EngineIoServer.create(EngineIoOptions.builder()
            .maxHttpBufferSize(20)
            .generateId(req -> "AAAAAAAAAAAAAAAAAAA" + ids.incrementAndGet())
            .build());
    private final EmbeddedChannel channel = newChannel();

    EngineChannelHandlerTest() {
        engine.onConnection(socket -> {
            socket.onMessage(socket::send);
            socket.onClose((reason, description) -> closes.add(socket.id() + " " + reason + " " + description));
        });
    }

    private EmbeddedChannel newChannel() {
        return new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(engine, HttpFallback.NOT_FOUND));
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
    private String exchange(EmbeddedChannel ch, String request) {
        write(ch, request);
        return readAll(ch);
    }

    private String exchange(String request) {
        return exchange(channel, request);
    }

    private static void write(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
        ch.runPendingTasks();
    }

    private static String readAll(EmbeddedChannel ch) {
        return new String(readAllBytes(ch), StandardCharsets.UTF_8);
    }

    private static byte[] readAllBytes(EmbeddedChannel ch) {
        ch.runPendingTasks();
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

    private static String get(String target, String... headerLines) {
        return request("GET", target, null, headerLines);
    }

    private static String request(String method, String target, String body, String... headerLines) {
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

    private String handshake() {
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
        return SID;
    }

    private static String polling(String sid) {
        return "/engine.io/?EIO=4&transport=polling&sid=" + sid;
    }

    private static String okPoll(String payload) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                + "content-length: " + payload.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + payload;
    }

    // ---- routing -------------------------------------------------------------------------------

    @Test
    void handshakeUnderThePathIsAnsweredWithTheOpenPacket() {
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
        assertThat(channel.isOpen()).isTrue();
        assertThat(engine.clientsCount()).isEqualTo(1);
    }

    @Test
    void anyTargetStartingWithThePathIsServed() {
        assertThat(exchange(get("/engine.io/anything/else?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
    }

    @Test
    void pathWithoutItsTrailingSlashIsNotServed() {
        assertThat(exchange(get("/engine.io?EIO=4&transport=polling"))).isEqualTo(NOT_FOUND);
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void otherPathsGet404AndTheConnectionStaysOpen() {
        assertThat(exchange(get("/"))).isEqualTo(NOT_FOUND);
        assertThat(exchange(get("/socket.io/?EIO=4&transport=polling"))).isEqualTo(NOT_FOUND);
        assertThat(exchange(get("/ENGINE.IO/?EIO=4&transport=polling"))).isEqualTo(NOT_FOUND);
        assertThat(exchange(request("POST", "/other", "some body"))).isEqualTo(NOT_FOUND);
        assertThat(channel.isOpen()).isTrue();
        // The skipped body was not taken for the next request.
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
    }

    @Test
    void engineRefusalsReachTheClientAsJson() {
        String body = "{\"code\":0,\"message\":\"Transport unknown\"}";
        assertThat(exchange(get("/engine.io/?EIO=4&transport=bogus"))).isEqualTo("HTTP/1.1 400 Bad Request\r\n"
                + "Content-Type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body);
    }

    @Test
    void headRequestIsAnsweredWithoutABodyAndTheConnectionGoesOn() {
        String body = "{\"code\":2,\"message\":\"Bad handshake method\"}";
        assertThat(exchange(request("HEAD", "/engine.io/?EIO=4&transport=polling", null)))
                .isEqualTo("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\ncontent-length: "
                        + body.length() + "\r\n\r\n");
        assertThat(exchange(request("HEAD", "/favicon.ico", null)))
                .isEqualTo("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain; charset=UTF-8\r\n"
                        + "content-length: 9\r\n\r\n");
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
    }

    // ---- decoder failures ----------------------------------------------------------------------

    /** As Node's HTTP server answers a request its parser rejects: status, Connection: close, no body. */
    @Test
    void malformedRequestLineIs400AndTheConnectionCloses() {
        assertThat(exchange("G@T /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"))
                .isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void oversizedHeaderIs431AndTheConnectionCloses() {
        // The codec here has Netty's default 8 KB header limit; NettyServer sets Node's 16 KB.
        String response = exchange(get("/engine.io/?EIO=4&transport=polling", "X-Big: " + "a".repeat(9000)));
        assertThat(response).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void invalidChunkInAPostBodyIs400AndClosesTheSession() {
        String sid = handshake();

        String response = exchange("POST " + polling(sid) + " HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\n4hi\r\nzz\r\n");

        // The half-read body is not delivered: the request as a whole is bad.
        assertThat(response).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(closes).containsExactly(sid + " transport error data request connection closed prematurely");
    }

    // ---- bodies --------------------------------------------------------------------------------

    @Test
    void chunkedBodyIsAssembledFromCopiesOfEveryChunk() {
        String sid = handshake();
        write(channel, "POST " + polling(sid) + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        write(channel, "3\r\n4he\r\n");
        write(channel, "4\r\nllo\u001e\r\n");
        assertThat(readAll(channel)).isEmpty();

        assertThat(exchange("3\r\n4!!\r\n0\r\n\r\n")).isEqualTo(OK);

        assertThat(exchange(get(polling(sid)))).isEqualTo(okPoll("4hello\u001e4!!"));
    }

    @Test
    void bodyOverMaxHttpBufferSizeIs413AndTheRestOfItIsSkipped() {
        String sid = handshake();

        assertThat(exchange(request("POST", polling(sid), "4" + "x".repeat(20))))
                .isEqualTo("HTTP/1.1 413 Request Entity Too Large\r\ncontent-length: 0\r\n\r\n");
        assertThat(channel.isOpen()).isTrue();

        assertThat(exchange(request("POST", polling(sid), "4" + "y".repeat(19)))).isEqualTo(OK);
        assertThat(exchange(get(polling(sid)))).isEqualTo(okPoll("4" + "y".repeat(19)));
        assertThat(closes).isEmpty();
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        String sid = handshake();
        write(channel, "POST " + polling(sid) + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        write(channel, "10\r\n4" + "x".repeat(15) + "\r\n");
        write(channel, "10\r\n" + "x".repeat(16) + "\r\n");

        assertThat(exchange("0\r\n\r\n")).isEqualTo("HTTP/1.1 413 Request Entity Too Large\r\ncontent-length: 0\r\n\r\n");
        assertThat(closes).isEmpty();
    }

    // ---- connection management -----------------------------------------------------------------

    @Test
    void keepAliveConnectionServesSeveralRequests() {
        String sid = handshake();
        assertThat(exchange(request("POST", polling(sid), "4a"))).isEqualTo(OK);
        assertThat(exchange(get(polling(sid)))).isEqualTo(okPoll("4a"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void connectionCloseIsHonouredAfterTheResponse() {
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling", "Connection: close")))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                        + "content-length: " + OPEN.length() + "\r\nconnection: close\r\n\r\n" + OPEN);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void connectionCloseIsHonouredOnA404() {
        assertThat(exchange(get("/nothing", "Connection: close")))
                .isEqualTo("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain; charset=UTF-8\r\n"
                        + "content-length: 9\r\nconnection: close\r\n\r\nNot Found");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void http10RequestIsAnsweredAndClosed() {
        assertThat(exchange("GET /engine.io/?EIO=4&transport=polling HTTP/1.0\r\n\r\n"))
                .isEqualTo("HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                        + "content-length: " + OPEN.length() + "\r\nconnection: close\r\n\r\n" + OPEN);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void http10KeepAliveRequestIsAnsweredWithKeepAlive() {
        assertThat(exchange("GET /engine.io/?EIO=4&transport=polling HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"))
                .isEqualTo("HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                        + "content-length: " + OPEN.length() + "\r\nconnection: keep-alive\r\n\r\n" + OPEN);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void clientClosingDuringAPollClosesTheSession() {
        String sid = handshake();
        assertThat(exchange(get(polling(sid)))).isEmpty();

        channel.close();
        channel.runPendingTasks();

        assertThat(closes).containsExactly(sid + " transport error poll connection closed prematurely");
    }

    @Test
    void pipelinedRequestIsHandledAtOnceButAnsweredAfterTheOneBeforeIt() {
        String sid = handshake();
        // A poll that waits, then a POST on the same connection: its pong is handled at once, its
        // answer waits for the poll's.
        write(channel, get(polling(sid)) + request("POST", polling(sid), "3") + get("/elsewhere"));
        assertThat(readAll(channel)).isEmpty();

        EmbeddedChannel other = newChannel();
        assertThat(exchange(other, request("POST", polling(sid), "4release"))).isEqualTo(OK);

        assertThat(readAll(channel)).isEqualTo(okPoll("4release") + OK + NOT_FOUND);
        assertThat(other.finishAndReleaseAll()).isFalse();
    }

    @Test
    void pipelinedMessageReleasesThePollBeforeIt() {
        String sid = handshake();
        write(channel, get(polling(sid)) + request("POST", polling(sid), "4pipelined"));

        assertThat(readAll(channel)).isEqualTo(okPoll("4pipelined") + OK);
    }

    @Test
    void closingWithPipelinedRequestsPendingAbortsEveryOne() {
        String sid = handshake();
        EmbeddedChannel other = newChannel();
        write(other, get(polling(sid)) + get("/engine.io/?EIO=4&transport=polling"));

        other.close();
        other.runPendingTasks();

        assertThat(closes).containsExactly(sid + " transport error poll connection closed prematurely");
        assertThat(readAll(other)).isEmpty();
        assertThat(other.finishAndReleaseAll()).isFalse();
    }

    // ---- idle connections ----------------------------------------------------------------------

    private static void advance(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    @Test
    void connectionThatSendsNoRequestIsClosedAfterSixtySeconds() {
        EmbeddedChannel ch = newChannel();
        ch.freezeTime();

        advance(ch, 59_000);
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 2_000);

        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void keepAliveConnectionIdleForFiveSecondsAfterAResponseIsClosed() {
        channel.freezeTime();
        handshake();

        advance(channel, 4_999);
        assertThat(channel.isOpen()).isTrue();
        advance(channel, 1);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void bytesOfANewRequestRestartTheIdleTime() {
        channel.freezeTime();
        String sid = handshake();
        advance(channel, 4_000);

        write(channel, "GET " + polling(sid) + " HTTP/1.1\r\n");
        advance(channel, 4_000);
        assertThat(channel.isOpen()).isTrue();
        write(channel, "Host: x\r\n\r\n");

        // A poll is pending now: the connection is in use however long it waits (here until
        // just before the first ping, 25 s after the handshake).
        advance(channel, 16_000);
        assertThat(channel.isOpen()).isTrue();
        assertThat(readAll(channel)).isEmpty();
        engine.close();
        assertThat(readAll(channel)).isEqualTo(okPoll("1"));
    }

    @Test
    void requestWhoseBodyIsStillArrivingIsNotIdle() {
        channel.freezeTime();
        String sid = handshake();
        write(channel, "POST " + polling(sid) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n4a");

        advance(channel, 20_000);

        assertThat(channel.isOpen()).isTrue();
        assertThat(exchange("bcd")).isEqualTo(OK);
    }

    @Test
    void webSocketConnectionIsNeverClosedForIdleness() {
        channel.freezeTime();
        write(channel, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        assertThat(readAllBytes(channel)).isNotEmpty();

        advance(channel, 20_000);

        assertThat(channel.isOpen()).isTrue();
        engine.close();
        assertThat(readAllBytes(channel)).containsExactly(0x88, 0x00);
    }

    // ---- upgrades ------------------------------------------------------------------------------

    private static final String UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n"
            + "connection: upgrade\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    private static String textFrame(String text) {
        return "\u0081" + (char) text.length() + text;
    }

    @Test
    void upgradeRequestIsHandedToTheEngineAndFramesFollow() {
        String wsOpen = "0{\"sid\":\"" + SID + "\",\"upgrades\":[],\"pingInterval\":25000,"
                + "\"pingTimeout\":20000,\"maxPayload\":20}";

        String response = new String(readAfter("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + UPGRADE_HEADERS + "\r\n"), StandardCharsets.ISO_8859_1);

        assertThat(response).isEqualTo(SWITCHING + textFrame(wsOpen));
        channel.writeInbound(Unpooled.wrappedBuffer(maskedText("4echo")));
        assertThat(new String(readAllBytes(channel), StandardCharsets.ISO_8859_1)).isEqualTo(textFrame("4echo"));

        // A close frame from the client: the server answers with its own and closes.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8}));
        assertThat(readAllBytes(channel)).containsExactly(0x88, 0x02, 0x03, 0xe8);
        assertThat(channel.isOpen()).isFalse();
        channel.runPendingTasks();
        assertThat(closes).containsExactly(SID + " transport close ");
    }

    private static byte[] maskedFrame(int firstByte, String text) {
        byte[] frame = maskedText(text);
        frame[0] = (byte) firstByte;
        return frame;
    }

    private static List<Class<?>> handlerTypes(EmbeddedChannel ch) {
        List<Class<?>> types = new ArrayList<>();
        ch.pipeline().forEach(e -> types.add(e.getValue().getClass()));
        return types;
    }

    @Test
    void webSocketKeepsOnlyTheFrameCodecsAndThisHandlerUntilAMessageComesInFragments() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new HttpServerExpectContinueHandler(),
                new EngineChannelHandler(engine, HttpFallback.NOT_FOUND));
        write(ch, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        assertThat(new String(readAllBytes(ch), StandardCharsets.ISO_8859_1)).startsWith(SWITCHING);

        // An idle WebSocket holds as little as Netty's own: no HTTP handler, no aggregator.
        assertThat(handlerTypes(ch)).containsExactly(WebSocket13FrameEncoder.class, WebSocket13FrameDecoder.class,
                EngineChannelHandler.class);

        ch.writeInbound(Unpooled.wrappedBuffer(maskedFrame(0x01, "4ec")));
        ch.writeInbound(Unpooled.wrappedBuffer(maskedFrame(0x80, "h")));
        ch.writeInbound(Unpooled.wrappedBuffer(maskedText("4whole")));
        ch.writeInbound(Unpooled.wrappedBuffer(maskedFrame(0x01, "4o")));
        ch.writeInbound(Unpooled.wrappedBuffer(maskedFrame(0x00, "n")));
        ch.writeInbound(Unpooled.wrappedBuffer(maskedFrame(0x80, "ce")));
        ch.runPendingTasks();

        assertThat(new String(readAllBytes(ch), StandardCharsets.ISO_8859_1))
                .isEqualTo(textFrame("4ech") + textFrame("4whole") + textFrame("4once"));
        assertThat(handlerTypes(ch)).containsExactly(WebSocket13FrameEncoder.class, WebSocket13FrameDecoder.class,
                WebSocketFrameAggregator.class, EngineChannelHandler.class);
        ch.close();
        ch.runPendingTasks();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void textThatIsNotUtf8IsClosedWith1007() {
        write(channel, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        readAllBytes(channel);
        byte[] frame = maskedText("4xx");
        frame[7] ^= (byte) 0xff ^ 'x';
        frame[8] ^= (byte) 0xfe ^ 'x';

        channel.writeInbound(Unpooled.wrappedBuffer(frame));
        channel.runPendingTasks();

        byte[] reason = "bytes are not UTF-8".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream close = new ByteArrayOutputStream();
        close.write(0x88);
        close.write(2 + reason.length);
        close.write(0x03);
        close.write(0xef);
        close.writeBytes(reason);
        assertThat(readAllBytes(channel)).containsExactly(close.toByteArray());
        assertThat(channel.isOpen()).isFalse();
        assertThat(closes).containsExactly(SID + " transport error bytes are not UTF-8");
    }

    private byte[] readAfter(String request) {
        write(channel, request);
        return readAllBytes(channel);
    }

    @Test
    void upgradeToAnUnknownSidIsRefusedWithTheReferenceText() {
        assertThat(exchange("GET /engine.io/?EIO=4&transport=websocket&sid=nope HTTP/1.1\r\nHost: x\r\n"
                + UPGRADE_HEADERS + "\r\n")).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n"
                + "content-type: text/html\r\ncontent-length: 18\r\n\r\nSession ID unknown");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void upgradeOutsideThePathGets404() {
        assertThat(exchange("GET /chat HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n")).isEqualTo(NOT_FOUND);
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void upgradeWithoutAWebSocketKeyIsRefusedBeforeASessionExists() {
        String response = exchange("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n");

        assertThat(response).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-type: text/html\r\n"
                + "content-length: 43\r\n\r\nMissing or invalid Sec-WebSocket-Key header");
        assertThat(channel.isOpen()).isFalse();
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void upgradeWithAMalformedWebSocketKeyIsRefused() {
        String response = exchange("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n");

        assertThat(response).endsWith("\r\n\r\nMissing or invalid Sec-WebSocket-Key header");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void upgradeWithAnUnsupportedVersionIsRefusedWithTheSupportedOnes() {
        String response = exchange("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 12\r\n\r\n");

        assertThat(response).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-type: text/html\r\n"
                + "content-length: 47\r\nsec-websocket-version: 13, 8\r\n\r\n"
                + "Missing or invalid Sec-WebSocket-Version header");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void upgradeWithAnotherMethodIs405() {
        String response = exchange("POST /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + UPGRADE_HEADERS + "Content-Length: 0\r\n\r\n");

        assertThat(response).isEqualTo("HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\n"
                + "content-type: text/html\r\ncontent-length: 19\r\n\r\nInvalid HTTP method");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void closingBeforeAnUpgradeIsAnsweredReleasesTheRequest() {
        EngineIoServer slow = EngineIoServer.create(EngineIoOptions.builder()
                .allowRequest(req -> new java.util.concurrent.CompletableFuture<>())
                .build());
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(slow, HttpFallback.NOT_FOUND));
        write(ch, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");

        ch.close();
        ch.runPendingTasks();

        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(slow.clientsCount()).isZero();
    }

    @Test
    void sessionAllowedAfterItsConnectionClosedEndsAtOnce() {
        java.util.concurrent.CompletableFuture<dev.switchboard.engineio.AllowRequest.Verdict> verdict =
                new java.util.concurrent.CompletableFuture<>();
        EngineIoServer slow = EngineIoServer.create(EngineIoOptions.builder().allowRequest(req -> verdict).build());
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(slow, HttpFallback.NOT_FOUND));
        write(ch, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        ch.close();
        ch.runPendingTasks();

        verdict.complete(dev.switchboard.engineio.AllowRequest.Verdict.allow());
        ch.runPendingTasks();

        // Nobody can ever use the session: it must not wait for a heartbeat to time out.
        assertThat(slow.clientsCount()).isZero();
        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void pollingSessionAllowedAfterItsConnectionClosedEndsAtOnce() {
        java.util.concurrent.CompletableFuture<dev.switchboard.engineio.AllowRequest.Verdict> verdict =
                new java.util.concurrent.CompletableFuture<>();
        EngineIoServer slow = EngineIoServer.create(EngineIoOptions.builder().allowRequest(req -> verdict).build());
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(slow, HttpFallback.NOT_FOUND));
        write(ch, get("/engine.io/?EIO=4&transport=polling"));
        ch.close();
        ch.runPendingTasks();

        verdict.complete(dev.switchboard.engineio.AllowRequest.Verdict.allow());
        ch.runPendingTasks();

        assertThat(slow.clientsCount()).isZero();
        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void closeTracksNothingForAnUnusedConnection() {
        EmbeddedChannel ch = newChannel();
        ch.close();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(closes).isEmpty();
    }
}
