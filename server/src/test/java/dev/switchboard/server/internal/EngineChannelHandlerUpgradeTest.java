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
import org.junit.jupiter.api.Test;

/** {@link EngineChannelHandler} and WebSocket upgrades: the handshake, the frames after it, and refused upgrades. */
class EngineChannelHandlerUpgradeTest extends EngineChannelHarness {

    // ---- upgrades ------------------------------------------------------------------------------

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

    @Test
    void answersLeaveWhenTheReadThatAskedForThemEndsWithoutWaitingForTheLoopsOtherTasks() {
        readAfter("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");

        // Driven by hand, so that no queued task runs: only the end of the read can flush.
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(maskedText("4one")));
        channel.pipeline().fireChannelRead(Unpooled.wrappedBuffer(maskedText("4two")));
        assertThat((Object) channel.readOutbound()).isNull();
        channel.pipeline().fireChannelReadComplete();

        assertThat(new String(outboundBytes(channel), StandardCharsets.ISO_8859_1))
                .isEqualTo(textFrame("4one") + textFrame("4two"));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8}));
        assertThat(readAllBytes(channel)).containsExactly(0x88, 0x02, 0x03, 0xe8);
    }

    @Test
    void framesInTheSameReadAsTheUpgradeRequestFollowTheOpenPacket() {
        String wsOpen = "0{\"sid\":\"" + SID + "\",\"upgrades\":[],\"pingInterval\":25000,"
                + "\"pingTimeout\":20000,\"maxPayload\":20}";
        byte[] head = ("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] first = maskedText("4one");
        byte[] second = maskedText("4two");
        ByteBuf segment = Unpooled.buffer().writeBytes(head).writeBytes(first).writeBytes(second, 0, 3);

        channel.writeInbound(segment);
        channel.writeInbound(Unpooled.wrappedBuffer(second, 3, second.length - 3));

        assertThat(new String(readAllBytes(channel), StandardCharsets.ISO_8859_1))
                .isEqualTo(SWITCHING + textFrame(wsOpen) + textFrame("4one") + textFrame("4two"));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8}));
        assertThat(readAllBytes(channel)).containsExactly(0x88, 0x02, 0x03, 0xe8);
        assertThat(handlerTypes(channel)).doesNotContain(UpgradeGate.class);
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
    void noAnswerFollowsTheCloseFrameThatAnswersTheClientsClose() {
        // Found by PipelineFuzzTest: the echo of "4h", handled after the close frame of the same
        // read was answered, went out after that close frame, which RFC 6455 forbids. It is dropped
        // (Node's ws handles the message first and sends the echo before; both are valid).
        write(channel, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        readAllBytes(channel);
        byte[] text = maskedText("4h");
        byte[] close = {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8};
        channel.writeInbound(Unpooled.buffer().writeBytes(text).writeBytes(close));

        assertThat(new String(readAllBytes(channel), StandardCharsets.ISO_8859_1)).isEqualTo("\u0088\u0002\u0003\u00e8");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void pingAfterTheServersCloseFrameGetsNoPong() {
        // Found by PipelineFuzzTest: a ping behind a frame the server refused with 1002 (one the
        // decoder goes on after, as a frame with reserved bits) was answered after the close frame.
        EngineIoServer deflating = EngineIoServer.create(EngineIoOptions.builder().perMessageDeflate(true).build());
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(deflating,
                HttpFallback.NOT_FOUND));
        write(ch, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        readAllBytes(ch);

        ch.writeInbound(Unpooled.buffer().writeBytes(maskedFrame(0xc1, "4h")).writeBytes(maskedFrame(0x89, "p")));

        assertThat(readAllBytes(ch)).containsExactly(0x88, 0x02, 0x03, 0xea);
        ch.close();
        ch.runPendingTasks();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        deflating.close();
    }

    @Test
    void continuationOfAFirstFragmentRefusedForItsReservedBitsIsNeitherReadNorLeaked() {
        // Found by PipelineFuzzTest's leak check: the frame decoder let the continuation through
        // after the handler refused its first fragment, and the handler put a second aggregator in
        // front of itself, which failed and left the frame unreleased.
        EngineIoServer deflating = EngineIoServer.create(EngineIoOptions.builder().perMessageDeflate(true).build());
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(deflating,
                HttpFallback.NOT_FOUND));
        write(ch, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        readAllBytes(ch);

        ch.writeInbound(Unpooled.buffer().writeBytes(maskedFrame(0x41, "4h")).writeBytes(maskedFrame(0x80, "i")));

        assertThat(readAllBytes(ch)).containsExactly(0x88, 0x02, 0x03, 0xea);
        assertThat(handlerTypes(ch)).doesNotContain(WebSocketFrameAggregator.class);
        ch.checkException();
        ch.close();
        ch.runPendingTasks();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        deflating.close();
    }

    @Test
    void frameWithRsv1WhenDeflateWasOfferedButNotNegotiatedIsAProtocolErrorClosedWith1002() {
        // Found by PipelineFuzzTest: with deflate on, the decoder allows reserved bits, and a frame
        // marked compressed on a connection that never negotiated it was read as plain text.
        EngineIoServer deflating = EngineIoServer.create(EngineIoOptions.builder().perMessageDeflate(true).build());
        deflating.onConnection(socket -> socket.onMessage(socket::send));
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(deflating,
                HttpFallback.NOT_FOUND));
        write(ch, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        assertThat(new String(readAllBytes(ch), StandardCharsets.ISO_8859_1)).startsWith(SWITCHING);

        ch.writeInbound(Unpooled.wrappedBuffer(maskedFrame(0xc1, "4hello")));
        ch.writeInbound(Unpooled.wrappedBuffer(maskedText("4after")));
        ch.runPendingTasks();

        assertThat(readAllBytes(ch)).containsExactly(0x88, 0x02, 0x03, 0xea);
        ch.close();
        ch.runPendingTasks();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(deflating.clientsCount()).isZero();
        deflating.close();
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
    void upgradeWithAnotherMethodIsRefusedByTheEngineFirst() {
        String response = exchange("POST /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + UPGRADE_HEADERS + "Content-Length: 0\r\n\r\n");

        // engine.io checks a handshake's method before the ws package sees the request.
        assertThat(response).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n"
                + "content-type: text/html\r\ncontent-length: 20\r\n\r\nBad handshake method");
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
}
