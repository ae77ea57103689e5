package dev.switchboard.bench;

import dev.switchboard.server.IoTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The raw Netty baseline: the least a Netty WebSocket server can do for the same traffic, so that
 * the ratios say what the Engine.IO and Socket.IO layers cost.
 *
 * <ul>
 *   <li>WebSocket at {@code /ws} (Netty's own handshake and frame codecs): a text message is sent
 *       back as received, the counterpart of an acknowledged {@code ping}; a message starting with
 *       {@code 42["bcast"} is sent to every connection (the sender too, like {@code io.emit}) as one
 *       frame encoded once and written as {@code retainedDuplicate()}s, skipping connections that
 *       are not writable (the bounded queue a real server would keep).</li>
 *   <li>It coalesces as well as Netty allows: answers are written as they are made and flushed once
 *       per read batch ({@code channelReadComplete}); a connection sent several broadcasts in one
 *       batch gets them combined into one buffer (the first one stays the shared frame) and one
 *       flush, so the ratios to it measure the Engine.IO and Socket.IO layers, not flushing.</li>
 *   <li>Any other HTTP request is answered 200 with its body echoed, the counterpart of polling.</li>
 * </ul>
 *
 * <p>One event loop; run with {@code -XX:ActiveProcessorCount=1}. Speaks {@link ControlLine}.
 */
public final class RawNettyServer {

    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=UTF-8");

    private static final AttributeKey<Integer> INDEX = AttributeKey.valueOf("bench.index");

    /** Open WebSocket connections; touched on the one event loop only. */
    private final List<Channel> sockets = new ArrayList<>();
    /** Broadcast frames waiting for the end of the read batch, by the index of their connection. */
    private final List<ByteBuf> pending = new ArrayList<>();
    private boolean broadcastPending;

    private RawNettyServer() {
    }

    /**
     * Starts the server on the port given as the first argument (default 0: any free port).
     *
     * @param args {@code [port]}
     * @throws InterruptedException if interrupted while binding
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        new RawNettyServer().run(port);
    }

    private void run(int port) throws InterruptedException {
        // the transport the Switchboard server under test resolves (-Dbench.transport, default auto)
        IoTransport transport = IoTransport.valueOf(System.getProperty("bench.transport", "auto")
                .toUpperCase(Locale.ROOT)).resolve();
        boolean uring = transport == IoTransport.IO_URING;
        boolean epoll = transport == IoTransport.EPOLL;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, uring ? IoUringIoHandler.newFactory()
                : epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(true)
                .maxFramePayloadLength(1 << 20)
                .build();
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(uring ? IoUringServerSocketChannel.class
                        : epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(1 << 20))
                                .addLast(new WebSocketServerProtocolHandler(ws))
                                .addLast(new HttpEcho())
                                .addLast(new WebSocketEcho());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        ControlLine.serve(((InetSocketAddress) server.localAddress()).getPort(), () -> {
            server.close().syncUninterruptibly();
            group.shutdownGracefully().syncUninterruptibly();
        });
    }

    /** Removes a closed connection in constant time: the last one takes its slot. */
    private void remove(Channel ch) {
        int index = ch.attr(INDEX).get();
        Channel last = sockets.remove(sockets.size() - 1);
        ByteBuf lastPending = pending.remove(pending.size() - 1);
        if (last != ch) {
            ByteBuf mine = pending.set(index, lastPending);
            if (mine != null) {
                mine.release();
            }
            sockets.set(index, last);
            last.attr(INDEX).set(index);
        } else if (lastPending != null) {
            lastPending.release();
        }
    }

    /** Adds a frame to what a connection gets at the end of the read batch. */
    private void queue(int index, ByteBuf framed, ChannelHandlerContext ctx) {
        ByteBuf p = pending.get(index);
        if (p == null) {
            pending.set(index, framed.retainedDuplicate());
            return;
        }
        if (p.unwrap() != null) {
            // the shared frame of an earlier broadcast: copied into a buffer of this connection's own
            ByteBuf own = ctx.alloc().directBuffer(Math.max(512, 2 * (p.readableBytes() + framed.readableBytes())));
            own.writeBytes(p, p.readerIndex(), p.readableBytes());
            p.release();
            pending.set(index, own);
            p = own;
        }
        p.writeBytes(framed, framed.readerIndex(), framed.readableBytes());
    }

    /** Writes and flushes what the read batch's broadcasts left for each connection. */
    private void flushBroadcasts() {
        if (!broadcastPending) {
            return;
        }
        broadcastPending = false;
        for (int i = 0, n = sockets.size(); i < n; i++) {
            ByteBuf p = pending.get(i);
            if (p != null) {
                pending.set(i, null);
                Channel ch = sockets.get(i);
                ch.writeAndFlush(p, ch.voidPromise());
            }
        }
    }

    /** Plain HTTP: the body comes back as the response. */
    private static final class HttpEcho extends SimpleChannelInboundHandler<FullHttpRequest> {
        HttpEcho() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    req.content());
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
            HttpUtil.setContentLength(res, req.content().readableBytes());
            ctx.writeAndFlush(res, ctx.voidPromise());
        }
    }

    /** WebSocket: echo, or broadcast one pre-framed buffer to every connection. */
    private final class WebSocketEcho extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private static final byte[] BCAST = {'4', '2', '[', '"', 'b', 'c', 'a', 's', 't', '"'};

        WebSocketEcho() {
            super(false);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Channel ch = ctx.channel();
                ch.attr(INDEX).set(sockets.size());
                sockets.add(ch);
                pending.add(null);
                ch.closeFuture().addListener(f -> remove(ch));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ByteBuf text = frame.content();
            if (isBroadcast(text)) {
                ByteBuf framed = serverFrame(ctx, text);
                frame.release();
                try {
                    for (int i = 0, n = sockets.size(); i < n; i++) {
                        if (sockets.get(i).isWritable()) {
                            queue(i, framed, ctx);
                        }
                    }
                    broadcastPending = true;
                } finally {
                    framed.release();
                }
            } else {
                ctx.write(frame, ctx.voidPromise());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            flushBroadcasts();
            ctx.fireChannelReadComplete();
        }

        private boolean isBroadcast(ByteBuf text) {
            if (text.readableBytes() < BCAST.length) {
                return false;
            }
            int r = text.readerIndex();
            for (int i = 0; i < BCAST.length; i++) {
                if (text.getByte(r + i) != BCAST[i]) {
                    return false;
                }
            }
            return true;
        }

        /** An unmasked server text frame, header and payload in one buffer, ready for every socket. */
        private ByteBuf serverFrame(ChannelHandlerContext ctx, ByteBuf text) {
            int length = text.readableBytes();
            int header = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
            ByteBuf out = ctx.alloc().directBuffer(header + length);
            out.writeByte(0x81);
            if (length < 126) {
                out.writeByte(length);
            } else if (length <= 0xffff) {
                out.writeByte(126);
                out.writeShort(length);
            } else {
                out.writeByte(127);
                out.writeLong(length);
            }
            out.writeBytes(text, text.readerIndex(), length);
            return out;
        }
    }
}
