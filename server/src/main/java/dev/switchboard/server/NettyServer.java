package dev.switchboard.server;

import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.server.internal.EngineChannelHandler;
import dev.switchboard.server.internal.HttpFallback;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an Engine.IO server over HTTP/1.1 and WebSocket with Netty: the binding between the
 * network and the protocol layer. Requests under the Engine.IO path go to it; others get 404.
 *
 * <pre>{@code
 * EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
 * engine.onConnection(socket -> socket.onMessage(socket::send));
 * NettyServer server = NettyServer.create(engine).listen(3000);
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Uses native epoll where available, NIO elsewhere. Configure before {@link #listen}.
 */
public final class NettyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);

    private final EngineIoServer engine;
    private int eventLoopThreads;
    private HttpFallback fallback = HttpFallback.NOT_FOUND;
    private EventLoopGroup group;
    private Channel serverChannel;
    private ChannelGroup connections;

    private NettyServer(EngineIoServer engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * A server for an Engine.IO server.
     *
     * @param engine the Engine.IO server
     * @return the (not yet listening) server
     */
    public static NettyServer create(EngineIoServer engine) {
        return new NettyServer(engine);
    }

    /**
     * Sets the number of event loop threads; 0 (the default) lets Netty choose (twice the cores).
     *
     * @param threads the thread count
     * @return this
     */
    public NettyServer eventLoopThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0: " + threads);
        }
        this.eventLoopThreads = threads;
        return this;
    }

    /**
     * Binds all interfaces on a port and starts serving; returns once bound.
     *
     * @param port the port, 0 for any free one
     * @return this
     */
    public NettyServer listen(int port) {
        return bind(new InetSocketAddress(port));
    }

    /**
     * Binds a host and port and starts serving; returns once bound.
     *
     * @param host the host or address to bind
     * @param port the port, 0 for any free one
     * @return this
     */
    public NettyServer listen(String host, int port) {
        return bind(new InetSocketAddress(host, port));
    }

    private synchronized NettyServer bind(InetSocketAddress address) {
        if (serverChannel != null) {
            throw new IllegalStateException("already listening on " + serverChannel.localAddress());
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(eventLoopThreads, ioFactory);
        connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        boolean deflate = engine.options().perMessageDeflate();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("http", new HttpServerCodec());
                        ch.pipeline().addLast("continue", new HttpServerExpectContinueHandler());
                        if (deflate) {
                            ch.pipeline().addLast("ws-deflate", new WebSocketServerCompressionHandler(0));
                        }
                        ch.pipeline().addLast("engine", new EngineChannelHandler(engine, fallback));
                    }
                });
        try {
            serverChannel = bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("interrupted while binding " + address, e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        log.debug("Listening on {} ({})", serverChannel.localAddress(), epoll ? "epoll" : "nio");
        return this;
    }

    /** The bound port, or -1 before {@link #listen}. */
    public int port() {
        Channel ch = serverChannel;
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /**
     * Stops accepting, closes every Engine.IO session ({@code forced close}), lets the last
     * responses (a pending poll's close packet) reach the network, then closes the connections and
     * releases the event loops; returns when they have stopped.
     */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        try {
            engine.close().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Sessions did not all close within 5 s: {}", e.toString());
        }
        // Sessions answer their pending polls with tasks queued on the connections' loops; an event
        // loop that shuts down closes its channels before running queued tasks, so drain them first.
        drainEventLoops();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        serverChannel = null;
    }

    private void drainEventLoops() {
        for (int round = 0; round < 2; round++) {
            List<Future<?>> barriers = new ArrayList<>();
            for (EventExecutor loop : group) {
                barriers.add(loop.submit(() -> { }));
            }
            for (Future<?> f : barriers) {
                f.awaitUninterruptibly(1, TimeUnit.SECONDS);
            }
        }
    }
}
