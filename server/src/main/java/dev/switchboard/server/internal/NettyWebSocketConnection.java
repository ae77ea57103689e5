package dev.switchboard.server.internal;

import dev.switchboard.engineio.spi.WebSocketConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket on a Netty channel. Inbound events arrive from {@link EngineChannelHandler} on the
 * channel's loop; frames that come before the Engine.IO layer set its listener are held in order.
 */
final class NettyWebSocketConnection implements WebSocketConnection {

    private final Channel channel;
    /** Whether the client may negotiate permessage-deflate: frames then go through its encoder. */
    private final boolean mayCompress;
    private Listener listener;
    /** Events before the listener is set: Strings, byte arrays, or the markers below. */
    private ArrayDeque<Object> held;
    private boolean closedNotified;
    private boolean closing;

    private static final Object CLOSED = new Object();
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    /** A payload from this size on is written as a frame of its own rather than copied into the batch. */
    private static final int SEPARATE_FRAME_BYTES = 8 * 1024;
    /** The first capacity of a batch that combines frames. */
    private static final int BATCH_START_BYTES = 512;

    /**
     * Frames written since the last flush, as one buffer of wire bytes (server frames are not
     * masked), or null when there are none. Touched only by the thread that writes (the
     * session's loop), between its writes and its flush.
     */
    private ByteBuf batch;
    /** Whether {@link #batch} is this connection's own buffer; else a shared frame, not to be written into. */
    private boolean batchOwned;
    /**
     * Where frames already in wire form enter the pipeline: the WebSocket frame encoder's
     * context, so they go to the socket with no handler in between; null until the handshake
     * installed it (then, and in tests without one, through the whole pipeline). The HTTP codec
     * stays in the pipeline until the 101 response is written, which a transport that completes
     * writes asynchronously (io_uring) reports after frames may already follow it; bytes given to
     * that codec would be refused. Stays null on a compressing connection, whose frames all go
     * through the deflate encoder, tail-side of the frame encoder.
     */
    private ChannelHandlerContext framesOut;
    /** How long a close frame may take to reach the peer before the connection is dropped. */
    private static final long CLOSE_GRACE_MS = 1000;

    NettyWebSocketConnection(Channel channel) {
        this.channel = channel;
        // Set before the handshake, which replaces this handler by the negotiated extension's.
        this.mayCompress = channel.pipeline().get(WebSocketServerExtensionHandler.class) != null;
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    @Override
    public void listener(Listener l) {
        onLoop(() -> {
            this.listener = l;
            if (held != null) {
                ArrayDeque<Object> q = held;
                held = null;
                for (Object o : q) {
                    dispatch(o);
                }
            }
            // What the client sent behind its upgrade request is read from now on.
            UpgradeGate.open(channel);
        });
    }

    void onText(String text) {
        dispatch(text);
    }

    /** A text frame {@code 4 + message}, decoded from its second byte (see the listener's method). */
    void onMessageText(String message) {
        if (listener != null) {
            listener.onMessageText(message);
        } else {
            dispatch("4" + message); // held until the listener is set, as any frame
        }
    }

    void onBinary(byte[] bytes) {
        dispatch(bytes);
    }

    void onError(String description) {
        dispatch(new ErrorEvent(description));
    }

    void onClosed() {
        if (!closedNotified) {
            closedNotified = true;
            dispatch(CLOSED);
        }
    }

    void onWritable() {
        if (listener != null) {
            listener.onWritable();
        }
    }

    void onReadComplete() {
        if (listener != null) {
            listener.onReadComplete();
        }
    }

    private void dispatch(Object event) {
        if (listener == null) {
            if (held == null) {
                held = new ArrayDeque<>(2);
            }
            held.add(event);
            return;
        }
        if (event instanceof String s) {
            listener.onText(s);
        } else if (event instanceof byte[] b) {
            listener.onBinary(b);
        } else if (event instanceof ErrorEvent e) {
            listener.onError(e.description());
        } else if (event == CLOSED) {
            listener.onClose();
        }
    }

    private record ErrorEvent(String description) {
    }

    @Override
    public void writeText(String text) {
        if (closing) {
            return; // no data frame may follow our close frame (RFC 6455, 5.5.1)
        }
        if (mayCompress) {
            channel.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)), channel.voidPromise());
            return;
        }
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf out = room(length);
        writeHeader(out, TEXT, length);
        ByteBufUtil.reserveAndWriteUtf8(out, text, length);
    }

    @Override
    public void writeText(byte[] utf8) {
        if (closing) {
            return; // no data frame may follow our close frame (RFC 6455, 5.5.1)
        }
        if (mayCompress) {
            // permessage-deflate compresses each frame for this socket alone: a frame object
            // through the extension's encoder. The array is wrapped, not copied, and only read.
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), channel.voidPromise());
        } else if (batch == null && channel.eventLoop().inEventLoop()) {
            // The first frame of a batch: the frame's bytes as they go out, shared with the other
            // recipients of a broadcast (the frame encoder passes a buffer through as it is).
            batch = TextFrames.frame(utf8, channel);
            batchOwned = false;
        } else {
            appendFrame(TEXT, utf8);
        }
    }

    @Override
    public void writeTextAndFlush(byte[] utf8) {
        if (!closing && batch == null && framesOut != null && channel.eventLoop().inEventLoop()) {
            // The shared frame goes to the channel at once rather than through the batch field:
            // this connection is old and the frame's buffer is not in its region, so keeping it
            // there, even until the flush right below, makes G1 dirty and later rescan a card,
            // once per recipient of every broadcast.
            framesOut.write(TextFrames.frame(utf8, channel), channel.voidPromise());
        } else {
            writeText(utf8);
        }
        flush();
    }

    @Override
    public void writeBinary(byte[] bytes) {
        if (closing) {
            return; // no data frame may follow our close frame (RFC 6455, 5.5.1)
        }
        if (mayCompress) {
            channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), channel.voidPromise());
        } else {
            appendFrame(BINARY, bytes);
        }
    }

    @Override
    public void writeUncompressed(byte[] payload, boolean binary) {
        if (closing) {
            return; // no data frame may follow our close frame (RFC 6455, 5.5.1)
        }
        if (mayCompress) {
            // A marked frame, which the deflate encoder passes through with RSV1 clear.
            channel.write(WebSocketDeflate.uncompressed(Unpooled.wrappedBuffer(payload), binary), channel.voidPromise());
        } else {
            WebSocketConnection.super.writeUncompressed(payload, binary);
        }
    }

    private void appendFrame(int opcode, byte[] payload) {
        if (payload.length >= SEPARATE_FRAME_BYTES) {
            // Copying a large payload costs more than a write of its own: the batch so far goes
            // first, then the frame as header plus the wrapped array.
            writeBatch();
            ByteBuf header = channel.alloc().ioBuffer(10);
            writeHeader(header, opcode, payload.length);
            writeWireBytes(Unpooled.wrappedUnmodifiableBuffer(header, Unpooled.wrappedBuffer(payload)));
            return;
        }
        ByteBuf out = room(payload.length);
        writeHeader(out, opcode, payload.length);
        out.writeBytes(payload);
    }

    /**
     * The batch, made writable for one more frame with this payload length: frames written between
     * two flushes are combined into one buffer, so a burst costs one pipeline write and one buffer
     * rather than one of each per frame. A shared frame at its head is copied in first.
     */
    private ByteBuf room(int payloadLength) {
        int frameLength = payloadLength + 10;
        ByteBuf b = batch;
        if (b != null && batchOwned) {
            b.ensureWritable(frameLength);
            return b;
        }
        int head = b == null ? 0 : b.readableBytes();
        ByteBuf own = channel.alloc().ioBuffer(Math.max(BATCH_START_BYTES, 2 * (head + frameLength)));
        if (b != null) {
            own.writeBytes(b, b.readerIndex(), head);
            b.release();
        }
        batch = own;
        batchOwned = true;
        return own;
    }

    private static void writeHeader(ByteBuf out, int opcode, int length) {
        out.writeByte(0x80 | opcode);
        if (length < 126) {
            out.writeByte(length);
        } else if (length <= 0xFFFF) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
        }
    }

    /** Hands the combined frames to the channel, without flushing. */
    private void writeBatch() {
        ByteBuf b = batch;
        if (b != null) {
            batch = null;
            writeWireBytes(b);
        }
    }

    private void writeWireBytes(ByteBuf frames) {
        if (!channel.eventLoop().inEventLoop()) {
            // Where the frames enter is decided on the loop, in order with the handshake.
            try {
                channel.eventLoop().execute(() -> writeWireBytes(frames));
            } catch (RejectedExecutionException e) {
                frames.release();
            }
            return;
        }
        ChannelHandlerContext out = framesOut;
        if (out != null) {
            out.write(frames, channel.voidPromise());
        } else {
            channel.write(frames, channel.voidPromise());
        }
    }

    /**
     * Called on the channel's loop once the handshake has put the frame encoder in place: frames
     * in wire form enter the pipeline there from now on.
     *
     * @param encoder the frame encoder's context
     */
    void framesEnterAt(ChannelHandlerContext encoder) {
        if (!mayCompress) {
            this.framesOut = encoder;
        }
    }

    /**
     * Writes the frames given since the last flush as one buffer, then flushes: one pipeline write
     * and, when the socket takes it, one write system call for everything of this batch.
     */
    @Override
    public void flush() {
        writeBatch();
        ChannelHandlerContext out = framesOut;
        if (out != null) {
            // From where the frames entered: every handler between here and the socket is passed,
            // and the pipeline's tail, the Engine.IO handler and the inbound WebSocket handlers,
            // which hold no writes, are not walked; at a broadcast to thousands of sockets each of
            // those per-connection objects is one more cache miss per recipient.
            out.flush();
        } else {
            channel.flush();
        }
    }

    /**
     * Called on the loop when the handler wrote a close frame itself (answering the peer's, or
     * refusing invalid text): answers to messages still being handled are dropped from now on.
     */
    void closeFrameWritten() {
        flush();
        closing = true;
    }

    /** {@return whether this side has sent its close frame and waits for the peer's} */
    boolean closing() {
        return closing;
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public long pendingOutboundBytes() {
        ChannelOutboundBuffer buf = channel.unsafe().outboundBuffer();
        ByteBuf b = batch;
        return (buf == null ? 0 : buf.totalPendingWriteBytes()) + (b == null ? 0 : b.readableBytes());
    }

    @Override
    public void close() {
        closeWith(new CloseWebSocketFrame());
    }

    @Override
    public void close(int code, String reason) {
        closeWith(new CloseWebSocketFrame(code, reason));
    }

    private void closeWith(CloseWebSocketFrame frame) {
        // Frames given before the close go before it.
        writeBatch();
        onLoop(() -> {
            if (closing || !channel.isActive()) {
                frame.release();
                channel.close();
                return;
            }
            closing = true;
            if (!channel.isWritable()) {
                // The peer is not reading: a close frame would wait forever behind what it has not
                // read, holding that memory. Drop the connection now.
                frame.release();
                channel.close();
                return;
            }
            channel.writeAndFlush(frame);
            // The peer answers with its own close frame (the handler then closes the connection)
            // or closes the connection itself. Closing right after the write instead would reset
            // a peer that is still sending (the rest of an oversized message), and it would never
            // read the close frame. A peer that does neither gets a moment, then is dropped.
            ScheduledFuture<?> force = channel.eventLoop().schedule(() -> {
                channel.close();
            }, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(f -> force.cancel(false));
        });
    }

    private void onLoop(Runnable r) {
        if (channel.eventLoop().inEventLoop()) {
            r.run();
        } else {
            channel.eventLoop().execute(r);
        }
    }
}
