package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TextFramesTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    /** A channel on the given loop, as the frames' channel would be (the default allocator). */
    private static Channel on(EventLoop loop) {
        return new EmbeddedChannel() {
            /** False while the superclass registers the channel with its own loop. */
            private boolean made = true; // not final: a constant would be read as true at once

            @Override
            public EventLoop eventLoop() {
                return made ? loop : super.eventLoop();
            }
        };
    }

    private static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    private static String hexWithoutPayload(ByteBuf buf, int payload) {
        return ByteBufUtil.hexDump(buf, buf.readerIndex(), buf.readableBytes() - payload);
    }

    @Test
    void shortTextIsOneUnmaskedFinalFrameWithItsLengthInOneByte() {
        ByteBuf frame = TextFrames.build(alloc, "4hi".getBytes(StandardCharsets.UTF_8));
        try {
            assertThat(hex(frame)).isEqualTo("8103" + "346869");
        } finally {
            frame.release();
        }
    }

    @Test
    void lengthsFrom126TakeTwoBytesAndFrom65536EightBytes() {
        byte[] p125 = new byte[125];
        byte[] p126 = new byte[126];
        byte[] p65535 = new byte[65535];
        byte[] p65536 = new byte[65536];
        ByteBuf[] frames = {TextFrames.build(alloc, p125), TextFrames.build(alloc, p126),
            TextFrames.build(alloc, p65535), TextFrames.build(alloc, p65536)};
        try {
            assertThat(hexWithoutPayload(frames[0], 125)).isEqualTo("817d");
            assertThat(hexWithoutPayload(frames[1], 126)).isEqualTo("817e007e");
            assertThat(hexWithoutPayload(frames[2], 65535)).isEqualTo("817effff");
            assertThat(hexWithoutPayload(frames[3], 65536)).isEqualTo("817f0000000000010000");
            assertThat(frames[3].readableBytes()).isEqualTo(10 + 65536);
        } finally {
            Arrays.stream(frames).forEach(ByteBuf::release);
        }
    }

    @Test
    void recipientsOfOnePayloadShareOneFrameReleasedWhenTheTaskEnds() throws Exception {
        byte[] payload = "42[\"news\",1]".getBytes(StandardCharsets.UTF_8);
        ByteBuf[] frames = loop.submit(() -> new ByteBuf[] {
            TextFrames.frame(payload, on(loop)),
            TextFrames.frame(payload, on(loop)),
            TextFrames.frame(payload, on(loop))}).get(5, TimeUnit.SECONDS);
        try {
            for (ByteBuf f : frames) {
                assertThat(hex(f)).isEqualTo("810c" + ByteBufUtil.hexDump(payload));
            }
            // The second and third share their memory; the first is a frame of its own.
            frames[1].setByte(2, 'X');
            assertThat(frames[2].getByte(2)).isEqualTo((byte) 'X');
            assertThat(frames[0].getByte(2)).isEqualTo((byte) '4');
            // The loop's own reference went with the task that made it: the recipients hold the rest.
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
            assertThat(frames[1].refCnt()).isEqualTo(2);
        } finally {
            Arrays.stream(frames).forEach(ByteBuf::release);
        }
        assertThat(frames[2].refCnt()).isZero();
    }

    @Test
    void anotherPayloadReleasesTheSharedFrameAtOnce() throws Exception {
        byte[] first = "4a".getBytes(StandardCharsets.UTF_8);
        byte[] second = "4b".getBytes(StandardCharsets.UTF_8);
        ByteBuf[] frames = loop.submit(() -> {
            ByteBuf a1 = TextFrames.frame(first, on(loop));
            ByteBuf a2 = TextFrames.frame(first, on(loop));
            ByteBuf b1 = TextFrames.frame(second, on(loop));
            return new ByteBuf[] {a1, a2, b1};
        }).get(5, TimeUnit.SECONDS);
        try {
            // Only the recipient's reference is left on the shared frame.
            assertThat(frames[1].refCnt()).isEqualTo(1);
            assertThat(hex(frames[2])).isEqualTo("8102" + "3462");
        } finally {
            Arrays.stream(frames).forEach(ByteBuf::release);
        }
        assertThat(frames[1].refCnt()).isZero();
    }

    @Test
    void aLoopThatNoLongerTakesTasksKeepsNoFrame() throws Exception {
        byte[] payload = "4late".getBytes(StandardCharsets.UTF_8);
        EventLoop closed = new DefaultEventLoop();
        closed.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        ByteBuf[] frames = loop.submit(() -> new ByteBuf[] {
            TextFrames.frame(payload, on(closed)),
            TextFrames.frame(payload, on(closed))}).get(5, TimeUnit.SECONDS);
        try {
            assertThat(frames[1].refCnt()).isEqualTo(1);
            assertThat(hex(frames[1])).isEqualTo("8105" + ByteBufUtil.hexDump(payload));
        } finally {
            Arrays.stream(frames).forEach(ByteBuf::release);
        }
    }

    @Test
    void aPayloadWrittenOnceIsNotKept() throws Exception {
        byte[] payload = "43[1]".getBytes(StandardCharsets.UTF_8);
        ByteBuf frame = loop.submit(() -> TextFrames.frame(payload, on(loop))).get(5, TimeUnit.SECONDS);
        try {
            assertThat(frame.refCnt()).isEqualTo(1);
            assertThat(hex(frame)).isEqualTo("8105" + ByteBufUtil.hexDump(payload));
        } finally {
            frame.release();
        }
    }
}
