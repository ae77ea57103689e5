package dev.switchboard.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.ArrayDeque;

/**
 * Holds the bytes that follow an upgrade request until the WebSocket it opens has a reader, then
 * lets them through to the frame decoder, in order, ahead of anything read later.
 *
 * <p>A client may send its first frames in the same TCP segment as its upgrade request (the
 * Socket.IO CONNECT right behind the handshake). Node's ws package reads them once the socket is
 * handed to the WebSocket, after engine.io has opened the session and its listeners are in
 * place; this does the same: installed at the head of the pipeline when an upgrade request has
 * been read, it takes the HTTP decoder out (what that decoder had not used comes back through
 * {@link #hold}), and {@link #open} removes it when the Engine.IO layer starts listening. A
 * refused upgrade closes the connection and the held bytes are released with it.
 *
 * <p>It holds at most one message of {@code maxHttpBufferSize} plus room for frame headers and
 * control frames: a client that sends more before the server has even answered is dropped.
 */
final class UpgradeGate extends ChannelInboundHandlerAdapter {

    /** Room for frame headers and control frames besides one whole message. */
    private static final int SLACK = 64 * 1024;

    private final long limit;
    private ArrayDeque<ByteBuf> held = new ArrayDeque<>(2);
    private long bytes;

    private UpgradeGate(long maxMessage) {
        this.limit = maxMessage + SLACK;
    }

    /**
     * Puts a gate at the head of the pipeline and takes the HTTP decoder out; on the channel's loop.
     *
     * @param ctx the context of the handler that read the upgrade request
     * @param maxMessage the largest message a client may send ({@code maxHttpBufferSize})
     */
    static void install(ChannelHandlerContext ctx, long maxMessage) {
        if (ctx.pipeline().get(UpgradeGate.class) != null) {
            return;
        }
        ctx.pipeline().addFirst("upgrade-gate", new UpgradeGate(maxMessage));
        HttpServerCodec codec = ctx.pipeline().get(HttpServerCodec.class);
        if (codec != null) {
            // Its unread bytes are fired down the pipeline now and reach the gate through hold().
            codec.removeInboundHandler();
        }
    }

    /** Lets the held bytes through: the WebSocket of this channel has a reader. On the channel's loop. */
    static void open(Channel channel) {
        UpgradeGate gate = channel.pipeline().get(UpgradeGate.class);
        if (gate != null) {
            channel.pipeline().remove(gate);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && held != null) {
            hold(b);
            if (held == null) {
                ctx.close();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** Keeps bytes, after those already held; past the limit everything is dropped. */
    void hold(ByteBuf b) {
        if (held == null) {
            b.release();
            return;
        }
        bytes += b.readableBytes();
        if (bytes > limit) {
            b.release();
            release();
            return;
        }
        held.add(b);
    }

    /** {@return whether the gate gave up: the client sent more than it may before the handshake} */
    boolean overflowed() {
        return held == null;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ArrayDeque<ByteBuf> q = held;
        held = null;
        if (q == null || q.isEmpty()) {
            return;
        }
        if (!ctx.channel().isActive()) {
            q.forEach(ByteBuf::release);
            return;
        }
        ByteBuf b;
        while ((b = q.poll()) != null) {
            ctx.fireChannelRead(b);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    private void release() {
        ArrayDeque<ByteBuf> q = held;
        held = null;
        if (q != null) {
            q.forEach(ByteBuf::release);
        }
    }
}
