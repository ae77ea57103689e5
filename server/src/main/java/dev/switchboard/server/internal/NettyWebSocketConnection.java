package dev.switchboard.server.internal;

import dev.switchboard.engineio.spi.WebSocketConnection;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
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
        });
    }

    void onText(String text) {
        dispatch(text);
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
        channel.write(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)), channel.voidPromise());
    }

    @Override
    public void writeText(byte[] utf8) {
        if (mayCompress) {
            // permessage-deflate compresses each frame for this socket alone: a frame object
            // through the extension's encoder. The array is wrapped, not copied, and only read.
            channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), channel.voidPromise());
        } else if (channel.eventLoop().inEventLoop()) {
            // The frame's bytes as they go out, shared with the other recipients of a broadcast;
            // the frame encoder passes a buffer through as it is.
            channel.write(TextFrames.frame(utf8, channel.alloc(), channel.eventLoop()), channel.voidPromise());
        } else {
            channel.write(TextFrames.build(channel.alloc(), utf8), channel.voidPromise());
        }
    }

    @Override
    public void writeBinary(byte[] bytes) {
        channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    /** Whether this side has sent its close frame and waits for the peer's. */
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
        return buf == null ? 0 : buf.totalPendingWriteBytes();
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
