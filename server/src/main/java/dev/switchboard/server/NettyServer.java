package dev.switchboard.server;

import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.spi.HttpRoute;
import dev.switchboard.engineio.spi.Mountable;
import dev.switchboard.server.internal.EngineChannelHandler;
import dev.switchboard.server.internal.HttpFallback;
import dev.switchboard.server.internal.HttpTimeouts;
import dev.switchboard.server.internal.RouteHandler;
import dev.switchboard.server.internal.StaticFiles;
import dev.switchboard.server.internal.TlsFailures;
import dev.switchboard.server.internal.WebSocketDeflate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an Engine.IO server over HTTP/1.1 and WebSocket with Netty: the binding between the
 * network and the protocol layer. Requests under the Engine.IO path go to it; others get the
 * application's {@linkplain #staticFiles(Path) static files} if configured, else 404. What it
 * mounts is a {@link Mountable}: an {@link EngineIoServer} alone, or the layer above it (a
 * {@code SocketIoServer}, whose routes serve the socket.io client bundle under its path).
 *
 * <pre>{@code
 * EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
 * engine.onConnection(socket -> socket.onMessage(socket::send));
 * NettyServer server = NettyServer.create(engine).listen(3000);
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Serves HTTPS and WSS instead when given a certificate ({@link #tls(Path, Path)} or
 * {@link #tls(SslContext)}). Uses io_uring where the kernel takes it, else native epoll where
 * available, else NIO, or the transport {@link #ioTransport} asks for. Configure before {@link #listen}.
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

    private final Mountable mounted;
    private final EngineIoServer engine;
    private int eventLoopThreads;
    private long headersTimeoutMs = HttpTimeouts.NODE.headersTimeoutMs();
    private long requestTimeoutMs = HttpTimeouts.NODE.requestTimeoutMs();
    private long keepAliveTimeoutMs = HttpTimeouts.NODE.keepAliveTimeoutMs();
    private IoTransport ioTransport = IoTransport.AUTO;
    /** The transport in use once listening. */
    private IoTransport activeTransport;
    private HttpFallback fallback = HttpFallback.NOT_FOUND;
    private SslContext tls;
    private EventLoopGroup group;
    private Channel serverChannel;
    private ChannelGroup connections;

    private NettyServer(Mountable mounted) {
        this.mounted = Objects.requireNonNull(mounted, "mounted");
        this.engine = Objects.requireNonNull(mounted.engine(), "engine");
    }

    /**
     * A server for an Engine.IO server.
     *
     * @param engine the Engine.IO server
     * @return the (not yet listening) server
     */
    public static NettyServer create(EngineIoServer engine) {
        Objects.requireNonNull(engine, "engine");
        return new NettyServer(() -> engine);
    }

    /**
     * A server for a layer above Engine.IO, such as a Socket.IO server: its Engine.IO server under
     * its path (default {@code /socket.io/}), and its {@linkplain Mountable#routes() routes}
     * before it: for Socket.IO with its {@code serveClient} option on (the default), the client
     * bundle at {@code /socket.io/socket.io.js}. {@link #close()} closes that layer, so Socket.IO
     * clients see {@code server shutting down}. Requests outside the path get 404 unless
     * {@link #staticFiles} says otherwise.
     *
     * @param mounted what to serve, e.g. a {@code SocketIoServer}
     * @return the (not yet listening) server
     */
    public static NettyServer create(Mountable mounted) {
        return new NettyServer(mounted);
    }

    /**
     * Serves HTTPS and WSS with a certificate and its private key, as PEM files: the certificate
     * chain (the server's certificate first, then the intermediates) and a PKCS#8 key
     * ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl genpkey} writes; convert a
     * {@code BEGIN RSA PRIVATE KEY} file with {@code openssl pkcs8 -topk8 -nocrypt}). The TLS
     * handshake offers {@code http/1.1} by ALPN, the only protocol served. The files are read now;
     * to take a renewed certificate, restart the server.
     *
     * @param certificateChain the PEM certificate chain
     * @param privateKey the PEM private key, not encrypted
     * @return this
     * @throws IllegalArgumentException if the files cannot be read or do not hold a certificate and its key
     */
    public NettyServer tls(Path certificateChain, Path privateKey) {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        try {
            return tls(SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                    .applicationProtocolConfig(HTTP_1_1_ONLY)
                    .build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("no TLS certificate and key in " + certificateChain + " and "
                    + privateKey + ": " + e.getMessage(), e);
        }
    }

    /**
     * Serves HTTPS and WSS with a Netty server {@link SslContext}, for what
     * {@link #tls(Path, Path)} does not cover (a key store, OpenSSL through netty-tcnative, client
     * certificates). Give it an ALPN configuration that selects {@code http/1.1}, if any: this
     * server speaks nothing else.
     *
     * @param context a server context, or null for plain HTTP (the default)
     * @return this
     * @throws IllegalArgumentException if the context is a client's
     */
    public NettyServer tls(SslContext context) {
        if (context != null && !context.isServer()) {
            throw new IllegalArgumentException("a server SslContext is needed (SslContextBuilder.forServer)");
        }
        this.tls = context;
        return this;
    }

    /** ALPN: the server speaks HTTP/1.1 (and WebSocket over it) only. */
    private static final ApplicationProtocolConfig HTTP_1_1_ONLY = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_1_1);

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
     * How long a client may take to send a request head, counted from its first byte (for a
     * connection's first request, from the connection's opening), as Node's
     * {@code server.headersTimeout}: past it the server answers {@code 408 Request Timeout} and
     * closes the connection. Bytes that trickle in do not extend it. Default 60 s.
     *
     * @param timeout a positive duration, at most {@link #requestTimeout(Duration) requestTimeout}
     *     ({@link #listen} refuses a longer one, as Node does)
     * @return this
     */
    public NettyServer headersTimeout(Duration timeout) {
        headersTimeoutMs = millis(timeout, "headersTimeout");
        return this;
    }

    /**
     * How long a client may take to send a whole request, head and body, counted from its first
     * byte, as Node's {@code server.requestTimeout}; past it, {@code 408} and the connection
     * closes. A long-polling GET is whole once its head has arrived: the wait for its answer does
     * not count. Default 300 s.
     *
     * @param timeout a positive duration, at least {@link #headersTimeout(Duration) headersTimeout}
     * @return this
     */
    public NettyServer requestTimeout(Duration timeout) {
        requestTimeoutMs = millis(timeout, "requestTimeout");
        return this;
    }

    /**
     * How long a connection may sit idle after a response before the server closes it, as Node's
     * {@code server.keepAliveTimeout}. Default 5 s.
     *
     * @param timeout a positive duration
     * @return this
     */
    public NettyServer keepAliveTimeout(Duration timeout) {
        keepAliveTimeoutMs = millis(timeout, "keepAliveTimeout");
        return this;
    }

    private static long millis(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d.toMillis();
    }

    /**
     * Chooses the network transport: {@link IoTransport#AUTO} (the default: io_uring where the
     * kernel takes it, else native epoll on Linux, else NIO), {@link IoTransport#EPOLL},
     * {@link IoTransport#IO_URING} or {@link IoTransport#NIO}. A native transport the machine
     * refuses (io_uring turned off or too old a kernel) falls back to epoll, else NIO, with a log
     * line saying why when it was asked for by name; {@link #activeIoTransport()} tells which one
     * serves.
     *
     * @param transport the transport
     * @return this
     */
    public NettyServer ioTransport(IoTransport transport) {
        this.ioTransport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /**
     * The transport that serves, once listening: {@link IoTransport#EPOLL},
     * {@link IoTransport#IO_URING} or {@link IoTransport#NIO}.
     *
     * @return the transport, or null before {@link #listen}
     */
    public synchronized IoTransport activeIoTransport() {
        return activeTransport;
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
     * @throws IllegalArgumentException if {@code headersTimeout} is longer than {@code requestTimeout}
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
     * @throws IllegalArgumentException if {@code headersTimeout} is longer than {@code requestTimeout}
     */
    public NettyServer listen(String host, int port) {
        return bind(new InetSocketAddress(host, port));
    }

    private synchronized NettyServer bind(InetSocketAddress address) {
        if (serverChannel != null) {
            throw new IllegalStateException("already listening on " + serverChannel.localAddress());
        }
        HttpTimeouts timeouts = new HttpTimeouts(headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs);
        IoTransport transport = ioTransport.resolve();
        if (transport != ioTransport && ioTransport != IoTransport.AUTO) {
            Throwable why = ioTransport.unavailabilityCause();
            log.warn("{} is not available here ({}); using {}", ioTransport, why == null ? "unknown" : why.toString(),
                    transport);
        }
        try {
            group = new MultiThreadIoEventLoopGroup(eventLoopThreads, transport.ioHandlerFactory());
        } catch (RuntimeException | LinkageError e) {
            if (transport == IoTransport.NIO) {
                throw e;
            }
            // The kernel took the probe but refused the loops themselves (an io_uring ring over
            // the locked-memory limit): serve with epoll, else NIO, rather than not at all.
            IoTransport fallback = transport == IoTransport.IO_URING ? IoTransport.EPOLL.resolve() : IoTransport.NIO;
            log.warn("{} event loops could not start ({}); using {}", transport, e.toString(), fallback);
            transport = fallback;
            group = new MultiThreadIoEventLoopGroup(eventLoopThreads, transport.ioHandlerFactory());
        }
        Class<? extends ServerChannel> channelType = transport.serverChannelType();
        connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(childInitializer(timeouts, connections));
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
        activeTransport = transport;
        log.debug("Listening on {} ({})", serverChannel.localAddress(), transport);
        return this;
    }

    /**
     * The handlers of one accepted connection, as {@link #bind} installs them; package-private so
     * that the pipeline fuzz test drives the real pipeline on an {@code EmbeddedChannel}.
     */
    ChannelInitializer<Channel> childInitializer(HttpTimeouts timeouts, ChannelGroup connections) {
        boolean deflate = engine.options().perMessageDeflate();
        // A compressed frame is bounded as it inflates, or a frame of a few kilobytes could inflate
        // to gigabytes before any check. Netty's bound is on the buffer it grows, which runs ahead
        // of the output, so it gets room; the handler then applies maxHttpBufferSize exactly.
        int maxInflated = (int) Math.min(Integer.MAX_VALUE, 2 * engine.options().maxHttpBufferSize() + 1024);
        List<HttpRoute> routes = List.copyOf(mounted.routes());
        HttpFallback fallback = this.fallback;
        SslContext tls = this.tls;
        // Every connection's frame decoder keeps these settings: one instance per server.
        WebSocketDecoderConfig decoderConfig = EngineChannelHandler.decoderConfig(engine.options());
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                connections.add(ch);
                if (tls != null) {
                    ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                    ch.pipeline().addLast("tls-failures", TlsFailures.INSTANCE);
                }
                ch.pipeline().addLast("http", new HttpServerCodec(HTTP_DECODER));
                ch.pipeline().addLast("continue", new HttpServerExpectContinueHandler());
                if (deflate) {
                    ch.pipeline().addLast("ws-deflate", WebSocketDeflate.handler(maxInflated));
                }
                if (!routes.isEmpty()) {
                    ch.pipeline().addLast("routes", new RouteHandler(routes));
                }
                ch.pipeline().addLast("engine", new EngineChannelHandler(engine, fallback, decoderConfig, timeouts));
            }
        };
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

    /** {@return the bound port, or -1 before {@link #listen}} */
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
            mounted.close().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Sessions did not all close within 5 s: {}", e.toString());
        }
        stop();
    }

    /**
     * Shuts down gracefully: new sessions are refused at once ({@code 503}, so a load balancer
     * sends new clients to other servers) while open sessions go on and connections are still
     * accepted for them (a polling client opens new ones); work under way gets up to {@code grace}
     * (for Socket.IO: acknowledgements either way); then the sessions close as with
     * {@link #close()}, their clients seeing the transport close and reconnecting elsewhere, the
     * adapters close, and last the listener and the event loops stop. Returns when all of that is done.
     *
     * @param grace the longest wait for work under way, e.g. {@code Duration.ofSeconds(10)}
     */
    public synchronized void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (serverChannel == null) {
            return;
        }
        try {
            mounted.close(grace).get(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Sessions did not all close within {} ms: {}", grace.toMillis() + 5_000, e.toString());
        }
        serverChannel.close().syncUninterruptibly();
        stop();
    }

    /** Lets the last responses out, closes the connections and stops the loops; the listener is closed. */
    private void stop() {
        // Sessions answer their pending polls with tasks queued on the connections' loops; an event
        // loop that shuts down closes its channels before running queued tasks, so drain them first.
        drainEventLoops();
        awaitWrittenOut();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        serverChannel = null;
        activeTransport = null;
    }

    /**
     * Waits, up to a second in all, until what each connection was given (a WebSocket close frame,
     * a poll's close packet) is in the kernel's hands. With epoll a flush writes before it returns;
     * io_uring completes the write later, and closing the channel first cancels it, so the client
     * would see the connection drop without the close frame. An empty buffer written past every
     * handler completes after the writes queued before it. A peer that stopped reading uses up the
     * second and is then dropped.
     */
    private void awaitWrittenOut() {
        List<Future<?>> written = new ArrayList<>();
        for (Channel ch : connections) {
            if (ch.isActive()) {
                ChannelHandlerContext first = ch.pipeline().firstContext();
                written.add(first == null ? ch.writeAndFlush(Unpooled.EMPTY_BUFFER)
                        : first.writeAndFlush(Unpooled.EMPTY_BUFFER));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (Future<?> f : written) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
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
