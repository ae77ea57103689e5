package dev.switchboard.server;

import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.server.internal.ClientBundleHandler;
import dev.switchboard.server.internal.EngineChannelHandler;
import dev.switchboard.server.internal.HttpFallback;
import dev.switchboard.server.internal.StaticFiles;
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
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import dev.switchboard.socketio.SocketIoServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an Engine.IO server over HTTP/1.1 and WebSocket with Netty: the binding between the
 * network and the protocol layer. Requests under the Engine.IO path go to it; others get the
 * application's {@linkplain #staticFiles(Path) static files} if configured, else 404. With
 * {@link #serveClient(String)} the socket.io client bundle is served under the Socket.IO path.
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

    /**
     * Node's HTTP server accepts a request head of up to 16 KiB (its max-http-header-size), so
     * clients put long tokens in the query; Netty's defaults (4 KiB request line, 8 KiB headers)
     * would refuse what Node serves.
     */
    private static final HttpDecoderConfig HTTP_DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024)
            .setMaxHeaderSize(16 * 1024);

    private final EngineIoServer engine;
    /** Ends the sessions on close: the Socket.IO server's close when there is one, else the engine's. */
    private final Supplier<CompletableFuture<Void>> shutdown;
    private int eventLoopThreads;
    private HttpFallback fallback = HttpFallback.NOT_FOUND;
    /** Where the client bundle is served ({@code /socket.io/}), or null when it is not. */
    private String clientPrefix;
    private EventLoopGroup group;
    private Channel serverChannel;
    private ChannelGroup connections;

    private NettyServer(EngineIoServer engine, Supplier<CompletableFuture<Void>> shutdown) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.shutdown = shutdown;
    }

    /**
     * A server for an Engine.IO server.
     *
     * @param engine the Engine.IO server
     * @return the (not yet listening) server
     */
    public static NettyServer create(EngineIoServer engine) {
        return new NettyServer(engine, engine::close);
    }

    /**
     * A server for a Socket.IO server: its Engine.IO server under the Socket.IO path (default
     * {@code /socket.io/}), and, when its {@code serveClient} option is on (the default), the
     * client bundle at {@code /socket.io/socket.io.js}. {@link #close()} closes the Socket.IO
     * server, so clients see {@code server shutting down}. Requests outside the path get 404 unless
     * {@link #staticFiles} says otherwise.
     *
     * @param io the Socket.IO server
     * @return the (not yet listening) server
     */
    public static NettyServer create(SocketIoServer io) {
        NettyServer server = new NettyServer(io.engine(), io::close);
        if (io.options().serveClient()) {
            server.serveClient(io.options().path());
        }
        return server;
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
     * Serves the socket.io client bundle under a path, as Node's socket.io does with
     * {@code serveClient: true}: {@code <path>/socket.io.js}, {@code socket.io.min.js},
     * {@code socket.io.msgpack.min.js}, {@code socket.io.esm.min.js} and each one's {@code .map},
     * the files of the npm package {@code socket.io-client} this jar was built with, with ETag
     * {@code "<version>"}, br/gzip/deflate as the client accepts, and the engine's CORS policy.
     * These names are answered before the engine sees them; other names under the path still go
     * to the engine. Off unless called (the Socket.IO server calls it for its {@code serveClient}
     * option).
     *
     * @param path the Socket.IO path, e.g. {@code /socket.io} (a trailing slash is ignored), or
     *     {@code null} to stop serving the bundle
     * @return this
     * @throws IllegalStateException if this jar was built without the bundle
     */
    public NettyServer serveClient(String path) {
        if (path == null) {
            this.clientPrefix = null;
            return this;
        }
        String prefix = ClientBundleHandler.prefixFor(path);
        // Loads the bundle now, so a jar built without it fails here rather than per connection.
        String version = ClientBundleHandler.bundleVersion();
        log.debug("Serving the socket.io {} client bundle under {}", version, prefix);
        this.clientPrefix = prefix;
        return this;
    }

    /**
     * Serves the files under a directory for requests outside the Engine.IO path: {@code index.html}
     * at {@code /} and for folders, content types by extension, ETag and Last-Modified with 304s,
     * HEAD; 404 for anything missing and for any path that would leave the directory.
     *
     * @param dir the directory; must exist
     * @return this
     * @throws IllegalArgumentException if {@code dir} is not a directory
     */
    public NettyServer staticFiles(Path dir) {
        this.fallback = StaticFiles.ofDirectory(dir, HttpFallback.NOT_FOUND);
        return this;
    }

    /**
     * Serves the resources under a classpath folder, e.g. {@code "public"} for the
     * {@code public/} folder of the application's jar, as {@link #staticFiles(Path)} serves a
     * directory. Resources are read with the thread's context class loader (this class's loader
     * when there is none).
     *
     * @param classpathRoot the folder, e.g. {@code "public"}
     * @return this
     */
    public NettyServer staticFiles(String classpathRoot) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = NettyServer.class.getClassLoader();
        }
        this.fallback = StaticFiles.ofClasspath(classpathRoot, loader, HttpFallback.NOT_FOUND);
        return this;
    }

    /**
     * Binds all interfaces on a port and starts serving; returns once bound.
     *
     * @param port the port, 0 for any free one
     * @return this
     * @throws java.io.UncheckedIOException if the address cannot be bound (the port is taken);
     *     nothing is left running then
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
     * @throws java.io.UncheckedIOException if the address cannot be bound (the port is taken);
     *     nothing is left running then
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
        // A compressed frame is bounded as it inflates, or a frame of a few kilobytes could inflate
        // to gigabytes before any check. Netty's bound is on the buffer it grows, which runs ahead
        // of the output, so it gets room; the handler then applies maxHttpBufferSize exactly.
        int maxInflated = (int) Math.min(Integer.MAX_VALUE, 2 * engine.options().maxHttpBufferSize() + 1024);
        String client = clientPrefix;
        HttpFallback fallback = this.fallback;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast("http", new HttpServerCodec(HTTP_DECODER));
                        ch.pipeline().addLast("continue", new HttpServerExpectContinueHandler());
                        if (deflate) {
                            ch.pipeline().addLast("ws-deflate", new WebSocketServerCompressionHandler(maxInflated));
                        }
                        if (client != null) {
                            ch.pipeline().addLast("client-bundle",
                                    new ClientBundleHandler(client, true, engine.options().cors()));
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
        } catch (Exception e) {
            // sync() rethrows the bind failure as it is: an IOException that the compiler does not
            // know about (the port is taken), or a RuntimeException.
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            group = null;
            if (e instanceof IOException io) {
                throw new UncheckedIOException("could not bind " + address + ": " + e.getMessage(), io);
            }
            throw e;
        }
        log.debug("Listening on {} ({})", serverChannel.localAddress(), epoll ? "epoll" : "nio");
        return this;
    }

    /**
     * The number of open TCP connections (HTTP and WebSocket), for monitoring: a connection whose
     * session ended must not linger, even when its peer stopped reading.
     *
     * @return the count, 0 before {@link #listen}
     */
    public int connectionCount() {
        ChannelGroup c = connections;
        return c == null ? 0 : c.size();
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
            shutdown.get().get(5, TimeUnit.SECONDS);
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
