package dev.switchboard.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.RejectedExecutionException;

/**
 * Server-to-client WebSocket text frames built directly as bytes (FIN, opcode text, the length,
 * the payload; server frames are not masked), and shared between the recipients of one broadcast.
 *
 * <p>A broadcast's payload is one array handed to every recipient on an event loop within one task
 * (see {@code dev.switchboard.engineio.Packet.Text#encodedUtf8()}). The first recipient gets a
 * frame of its own, as a unicast message would; when the same array comes again the frame is built
 * once more, kept by this loop, and every further recipient gets a {@code retainedDuplicate()} of
 * it: one buffer and no copy for the rest of the fan-out. Unicast traffic never pays for the
 * sharing.
 *
 * <p>Ownership: each frame returned is the caller's (it is written, and the channel releases it).
 * The shared frame holds one reference of its own, owned by this loop's state; it is released when
 * another payload takes its place, by a task queued behind the current one (so it lives for the
 * fan-out that made it and no longer), or when the loop's thread ends.
 */
final class TextFrames {

    private static final FastThreadLocal<TextFrames> LOOP = new FastThreadLocal<>() {
        @Override
        protected TextFrames initialValue() {
            return new TextFrames();
        }

        @Override
        protected void onRemoval(TextFrames frames) {
            frames.drop();
        }
    };

    /** The payload framed last on this loop; compared by identity. */
    private byte[] lastPayload;
    /** The shared frame of {@link #lastPayload}, or null while it was framed only once. */
    private ByteBuf shared;

    private TextFrames() {
    }

    /**
     * A text frame for the payload, to be written by the caller, who owns it.
     *
     * @param payload UTF-8 text; read, never changed
     * @param channel the channel it goes to, on its loop (the current thread): its allocator
     *     builds the frame, its loop releases the shared frame later. Passed whole because a
     *     recipient of a shared frame needs neither: its channel's configuration, where the
     *     allocator is, is not touched (one cache miss fewer per recipient of a broadcast)
     * @return the frame, header and payload, ready for the socket
     */
    static ByteBuf frame(byte[] payload, Channel channel) {
        return LOOP.get().next(payload, channel);
    }

    private ByteBuf next(byte[] payload, Channel channel) {
        if (payload == lastPayload) {
            if (shared == null) {
                ByteBuf frame = build(channel.alloc(), payload);
                try {
                    channel.eventLoop().execute(() -> dropIfStill(frame));
                } catch (RejectedExecutionException e) {
                    // The loop is shutting down: nothing would release a kept frame, so keep none.
                    return frame;
                }
                shared = frame;
            }
            return shared.retainedDuplicate();
        }
        drop();
        lastPayload = payload;
        return build(channel.alloc(), payload);
    }

    private void dropIfStill(ByteBuf frame) {
        if (shared == frame) {
            drop();
        }
    }

    private void drop() {
        if (shared != null) {
            shared.release();
            shared = null;
        }
        lastPayload = null;
    }

    /**
     * One unmasked, final text frame holding the payload.
     *
     * @param alloc allocates it
     * @param payload UTF-8 text
     * @return the frame
     */
    static ByteBuf build(ByteBufAllocator alloc, byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf frame = alloc.ioBuffer(header + length);
        frame.writeByte(0x81);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        return frame.writeBytes(payload);
    }
}
