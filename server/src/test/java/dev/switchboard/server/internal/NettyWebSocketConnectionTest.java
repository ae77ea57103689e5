package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket as the Engine.IO layer writes to it, on an {@link EmbeddedChannel} that records
 * what reaches the network and how often it is flushed: frames given between two flushes leave as
 * one buffer of wire bytes with one flush.
 */
class NettyWebSocketConnectionTest {

    private final FlushCounter flushes = new FlushCounter();
    private EmbeddedChannel channel;

    @AfterEach
    void releaseAll() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private NettyWebSocketConnection connection() {
        channel = new EmbeddedChannel(flushes);
        return new NettyWebSocketConnection(channel);
    }

    /** Everything written to the network since the last call, each message as hex or as its type. */
    private List<String> written() {
        List<String> out = new ArrayList<>();
        Object m;
        while ((m = channel.readOutbound()) != null) {
            try {
                out.add(m instanceof ByteBuf b ? ByteBufUtil.hexDump(b) : m.getClass().getSimpleName());
            } finally {
                ReferenceCountUtil.release(m);
            }
        }
        return out;
    }

    private static String hex(String ascii) {
        return ByteBufUtil.hexDump(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void framesGivenBeforeAFlushLeaveAsOneBufferWithOneFlush() {
        NettyWebSocketConnection ws = connection();
        ws.writeText("2");
        ws.writeText("4hello".getBytes(StandardCharsets.UTF_8));
        ws.writeBinary(new byte[] {1, 2});
        ws.writeText("4\u00e9");
        assertThat(flushes.count).isZero();
        ws.flush();
        assertThat(flushes.count).isEqualTo(1);
        assertThat(written()).containsExactly(
                "8101" + hex("2") + "8106" + hex("4hello") + "82020102" + "8103" + "34c3a9");
    }

    @Test
    void aLoneFrameIsWrittenAsItIs() {
        NettyWebSocketConnection ws = connection();
        ws.writeText("4a".getBytes(StandardCharsets.UTF_8));
        ws.flush();
        assertThat(flushes.count).isEqualTo(1);
        assertThat(written()).containsExactly("8102" + hex("4a"));
    }

    @Test
    void aLoneFrameWithItsFlushLeavesAsItIsOnceTheEncoderIsInPlace() {
        NettyWebSocketConnection ws = connectionWithEncoder();
        ws.writeTextAndFlush("4a".getBytes(StandardCharsets.UTF_8));
        ws.writeText("4b".getBytes(StandardCharsets.UTF_8));
        ws.writeTextAndFlush("4c".getBytes(StandardCharsets.UTF_8));
        assertThat(flushes.count).isEqualTo(2);
        assertThat(written()).containsExactly("8102" + hex("4a"), "8102" + hex("4b") + "8102" + hex("4c"));
    }

    @Test
    void onceTheEncoderIsInPlaceFlushesStartWhereFramesEnterNotAtThePipelinesTail() {
        NettyWebSocketConnection ws = connectionWithEncoder();
        FlushCounter behind = new FlushCounter();
        channel.pipeline().addLast("behind", behind);
        ws.writeText("4a".getBytes(StandardCharsets.UTF_8));
        ws.flush();
        ws.writeTextAndFlush("4b".getBytes(StandardCharsets.UTF_8));
        assertThat(flushes.count).as("flushes reaching the socket").isEqualTo(2);
        assertThat(behind.count).as("flushes through a handler behind the entry point").isZero();
        assertThat(written()).containsExactly("8102" + hex("4a"), "8102" + hex("4b"));
    }

    /**
     * A connection whose frames enter the pipeline at a stand-in for the WebSocket frame encoder,
     * tail-side of the flush counter, as after a handshake.
     */
    private NettyWebSocketConnection connectionWithEncoder() {
        NettyWebSocketConnection ws = connection();
        channel.pipeline().addLast("encoder", new ChannelOutboundHandlerAdapter());
        ws.framesEnterAt(channel.pipeline().context("encoder"));
        return ws;
    }

    @Test
    void eachFlushSendsWhatWasGivenSinceTheLastOne() {
        NettyWebSocketConnection ws = connection();
        ws.writeText("41".getBytes(StandardCharsets.UTF_8));
        ws.flush();
        ws.writeText("42".getBytes(StandardCharsets.UTF_8));
        ws.writeText("43".getBytes(StandardCharsets.UTF_8));
        ws.flush();
        assertThat(flushes.count).isEqualTo(2);
        assertThat(written()).containsExactly("8102" + hex("41"), "8102" + hex("42") + "8102" + hex("43"));
    }

    @Test
    void payloadsOfEveryLengthEncodingAreFramedExactly() {
        NettyWebSocketConnection ws = connection();
        byte[] medium = new byte[200];
        Arrays.fill(medium, (byte) 'm');
        ws.writeText("x");
        ws.writeText(medium);
        ws.flush();
        assertThat(written()).containsExactly("8101" + hex("x") + "817e00c8" + ByteBufUtil.hexDump(medium));
    }

    @Test
    void aLargePayloadIsWrittenOnItsOwnAfterTheFramesBeforeIt() {
        NettyWebSocketConnection ws = connection();
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 7);
        ws.writeText("4a".getBytes(StandardCharsets.UTF_8));
        ws.writeBinary(big);
        ws.writeText("4b".getBytes(StandardCharsets.UTF_8));
        ws.flush();
        assertThat(flushes.count).isEqualTo(1);
        assertThat(written()).containsExactly(
                "8102" + hex("4a"),
                "827f" + "0000000000011170" + ByteBufUtil.hexDump(big),
                "8102" + hex("4b"));
    }

    @Test
    void bytesWaitingForTheFlushCountAsPendingOutbound() {
        NettyWebSocketConnection ws = connection();
        assertThat(ws.pendingOutboundBytes()).isZero();
        ws.writeText("4hello".getBytes(StandardCharsets.UTF_8));
        ws.writeText("4world".getBytes(StandardCharsets.UTF_8));
        assertThat(ws.pendingOutboundBytes()).isEqualTo(16);
        ws.flush();
        written();
        assertThat(ws.pendingOutboundBytes()).isZero();
    }

    @Test
    void framesGivenBeforeACloseGoOutBeforeTheCloseFrame() {
        NettyWebSocketConnection ws = connection();
        ws.writeText("4bye".getBytes(StandardCharsets.UTF_8));
        ws.close();
        assertThat(written()).containsExactly("8104" + hex("4bye"), CloseWebSocketFrame.class.getSimpleName());
    }

    @Test
    void aSocketThatMayCompressGetsFrameObjectsForItsDeflateEncoder() {
        channel = new EmbeddedChannel(flushes, WebSocketDeflate.handler(0));
        NettyWebSocketConnection ws = new NettyWebSocketConnection(channel);
        ws.writeText("4a".getBytes(StandardCharsets.UTF_8));
        ws.writeText("2");
        ws.writeBinary(new byte[] {1});
        ws.flush();
        assertThat(flushes.count).isEqualTo(1);
        assertThat(written()).containsExactly(TextWebSocketFrame.class.getSimpleName(),
                TextWebSocketFrame.class.getSimpleName(), BinaryWebSocketFrame.class.getSimpleName());
    }

    @Test
    void uncompressedFramesOfASocketThatMayCompressAreMarkedForTheDeflateEncoderToSkip() {
        channel = new EmbeddedChannel(flushes, WebSocketDeflate.handler(0));
        NettyWebSocketConnection ws = new NettyWebSocketConnection(channel);
        ws.writeUncompressed("4raw".getBytes(StandardCharsets.UTF_8), false);
        ws.writeUncompressed(new byte[] {1, 2}, true);
        ws.flush();
        List<Object> frames = new ArrayList<>();
        Object m;
        while ((m = channel.readOutbound()) != null) {
            frames.add(m);
        }
        try {
            assertThat(frames).hasSize(2).allMatch(f -> f instanceof WebSocketDeflate.Uncompressed);
            assertThat(frames.get(0)).isInstanceOf(TextWebSocketFrame.class);
            assertThat(((TextWebSocketFrame) frames.get(0)).text()).isEqualTo("4raw");
            assertThat(frames.get(1)).isInstanceOf(BinaryWebSocketFrame.class);
            assertThat(ByteBufUtil.getBytes(((BinaryWebSocketFrame) frames.get(1)).content())).containsExactly(1, 2);
        } finally {
            frames.forEach(ReferenceCountUtil::release);
        }
    }

    @Test
    void withoutCompressionUncompressedFramesAreBatchedAsAnyOther() {
        NettyWebSocketConnection ws = connection();
        ws.writeText("4a".getBytes(StandardCharsets.UTF_8));
        ws.writeUncompressed("4raw".getBytes(StandardCharsets.UTF_8), false);
        ws.writeUncompressed(new byte[] {1, 2}, true);
        ws.flush();
        assertThat(flushes.count).isEqualTo(1);
        assertThat(written()).containsExactly("8102" + hex("4a") + "8104" + hex("4raw") + "82020102");
    }

    /** Counts the flushes that reach the network end of the pipeline. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count++;
            ctx.flush();
        }
    }
}
