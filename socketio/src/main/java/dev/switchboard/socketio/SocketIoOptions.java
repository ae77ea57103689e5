package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.ConnectionLimits;
import dev.switchboard.engineio.CookieOptions;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.socketio.adapter.AdapterFactory;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.adapter.SessionAwareAdapter;
import dev.switchboard.socketio.parser.JsonPacketParser;
import dev.switchboard.socketio.parser.PacketParser;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The options of a {@link SocketIoServer}, immutable, with the defaults of Node's socket.io 4.8.
 * The Engine.IO options ({@link #engine()}) are part of them: the builder passes the common ones
 * through ({@code cors}, {@code pingInterval}, ...) and {@link AbstractBuilder#engine(Consumer)}
 * reaches the rest.
 *
 * <pre>{@code
 * SocketIoOptions options = SocketIoOptions.builder()
 *         .cors(Cors.allowOrigin("*"))
 *         .connectionStateRecovery(ConnectionStateRecovery.DEFAULT)
 *         .build();
 * }</pre>
 */
public final class SocketIoOptions {

    /** The defaults. */
    public static final SocketIoOptions DEFAULT = builder().build();

    private final String path;
    private final boolean serveClient;
    private final Duration connectTimeout;
    private final boolean cleanupEmptyChildNamespaces;
    private final ConnectionStateRecovery connectionStateRecovery;
    private final PacketParser parser;
    private final ObjectMapper objectMapper;
    private final AdapterFactory adapter;
    /** The adapter as set, {@code null} for the default that follows connection state recovery. */
    private final AdapterFactory adapterSetting;
    private final Executor handlerExecutor;
    private final EngineIoOptions engine;

    private SocketIoOptions(AbstractBuilder<?> b) {
        this.path = b.path;
        this.serveClient = b.serveClient;
        this.connectTimeout = b.connectTimeout;
        this.cleanupEmptyChildNamespaces = b.cleanupEmptyChildNamespaces;
        this.connectionStateRecovery = b.connectionStateRecovery;
        this.parser = b.parser != null ? b.parser : new JsonPacketParser();
        this.objectMapper = b.objectMapper != null ? b.objectMapper : JsonPacketParser.newObjectMapper();
        this.adapterSetting = b.adapter;
        if (b.adapter != null) {
            this.adapter = b.adapter;
        } else if (b.connectionStateRecovery != null) {
            this.adapter = SessionAwareAdapter::new;
        } else {
            this.adapter = InMemoryAdapter::new;
        }
        this.handlerExecutor = b.handlerExecutor;
        this.engine = b.engine.path(b.path).build();
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.copy(this);
        return b;
    }

    /**
     * {@return the path the server answers under (default {@code /socket.io}); the engine's path is
     * this plus {@code /}}
     */
    public String path() {
        return path;
    }

    /**
     * {@return whether the HTTP binding serves the client bundle at {@code <path>/socket.io.js} and its
     * siblings (default true)} Read by the binding, not by this module.
     */
    public boolean serveClient() {
        return serveClient;
    }

    /**
     * {@return how long a new connection may take to join a namespace before it is closed (default 45 s)}
     * Measured from the Engine.IO handshake; cleared at the first successful CONNECT.
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * {@return whether a child of a dynamic namespace is removed (and its adapter closed) when its last
     * socket leaves (default false)} It is created again by the next CONNECT that matches.
     */
    public boolean cleanupEmptyChildNamespaces() {
        return cleanupEmptyChildNamespaces;
    }

    /** {@return connection state recovery, or {@code null} when off (default)} */
    public ConnectionStateRecovery connectionStateRecovery() {
        return connectionStateRecovery;
    }

    /** {@return the packet format (default {@link JsonPacketParser}, the official {@code socket.io-parser}'s)} */
    public PacketParser parser() {
        return parser;
    }

    /**
     * {@return the mapper between Java values and the JSON trees of packets, used for typed arguments
     * (default {@link JsonPacketParser#newObjectMapper()})} Register modules on it (Java time, ...)
     * before building; it must not be reconfigured afterwards.
     */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /**
     * Creates each namespace's adapter (default {@link InMemoryAdapter}, or
     * {@link SessionAwareAdapter} when connection state recovery is on).
     *
     * @return the adapter factory
     */
    public AdapterFactory adapter() {
        return adapter;
    }

    /**
     * {@return where user handlers run, or {@code null} to run them on each connection's event loop
     * (default), as Node runs them on its one loop} With an executor (e.g.
     * {@link HandlerExecutors#virtualThreads()}) handlers may block; each socket's handlers still
     * run one at a time, in order. Protocol work stays on the event loop either way.
     */
    public Executor handlerExecutor() {
        return handlerExecutor;
    }

    /** {@return the Engine.IO options, with {@link EngineIoOptions#path()} set from {@link #path()}} */
    public EngineIoOptions engine() {
        return engine;
    }

    @Override
    public String toString() {
        return "SocketIoOptions{path=" + path + ", serveClient=" + serveClient + ", connectTimeout="
                + connectTimeout.toMillis() + "ms, cleanupEmptyChildNamespaces="
                + cleanupEmptyChildNamespaces + ", connectionStateRecovery=" + connectionStateRecovery
                + ", parser=" + parser.getClass().getSimpleName() + ", handlerExecutor="
                + (handlerExecutor != null) + ", engine=" + engine + "}";
    }

    /** Builds {@link SocketIoOptions}. */
    public static final class Builder extends AbstractBuilder<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** {@return the options} */
        public SocketIoOptions build() {
            return buildOptions();
        }
    }

    /**
     * The settings shared by {@link SocketIoOptions.Builder} and {@link SocketIoServer.Builder};
     * every setter documents its default on the matching getter of {@link SocketIoOptions}.
     *
     * @param <B> the concrete builder
     */
    public abstract static class AbstractBuilder<B extends AbstractBuilder<B>> {
        private String path = "/socket.io";
        private boolean serveClient = true;
        private Duration connectTimeout = Duration.ofMillis(45_000);
        private boolean cleanupEmptyChildNamespaces;
        private ConnectionStateRecovery connectionStateRecovery;
        private PacketParser parser;
        private ObjectMapper objectMapper;
        private AdapterFactory adapter;
        private Executor handlerExecutor;
        private EngineIoOptions.Builder engine = EngineIoOptions.builder();

        AbstractBuilder() {
        }

        abstract B self();

        void copy(SocketIoOptions o) {
            this.path = o.path;
            this.serveClient = o.serveClient;
            this.connectTimeout = o.connectTimeout;
            this.cleanupEmptyChildNamespaces = o.cleanupEmptyChildNamespaces;
            this.connectionStateRecovery = o.connectionStateRecovery;
            this.parser = o.parser;
            this.objectMapper = o.objectMapper;
            this.adapter = o.adapterSetting;
            this.handlerExecutor = o.handlerExecutor;
            this.engine = o.engine.toBuilder();
        }

        /**
         * Builds the options from the settings.
         *
         * @return the options
         */
        SocketIoOptions buildOptions() {
            return new SocketIoOptions(this);
        }

        /**
         * @param path see {@link SocketIoOptions#path()}
         * @return this
         */
        public B path(String path) {
            Objects.requireNonNull(path, "path");
            String p = path.startsWith("/") ? path : "/" + path;
            while (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            this.path = p;
            return self();
        }

        /**
         * @param serveClient see {@link SocketIoOptions#serveClient()}
         * @return this
         */
        public B serveClient(boolean serveClient) {
            this.serveClient = serveClient;
            return self();
        }

        /**
         * @param connectTimeout see {@link SocketIoOptions#connectTimeout()}
         * @return this
         */
        public B connectTimeout(Duration connectTimeout) {
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return self();
        }

        /**
         * @param cleanup see {@link SocketIoOptions#cleanupEmptyChildNamespaces()}
         * @return this
         */
        public B cleanupEmptyChildNamespaces(boolean cleanup) {
            this.cleanupEmptyChildNamespaces = cleanup;
            return self();
        }

        /**
         * @param recovery see {@link SocketIoOptions#connectionStateRecovery()}, {@code null} for off
         * @return this
         */
        public B connectionStateRecovery(ConnectionStateRecovery recovery) {
            this.connectionStateRecovery = recovery;
            return self();
        }

        /**
         * @param parser see {@link SocketIoOptions#parser()}
         * @return this
         */
        public B parser(PacketParser parser) {
            this.parser = Objects.requireNonNull(parser, "parser");
            return self();
        }

        /**
         * @param mapper see {@link SocketIoOptions#objectMapper()}
         * @return this
         */
        public B objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return self();
        }

        /**
         * @param adapter see {@link SocketIoOptions#adapter()}, {@code null} for the default
         * @return this
         */
        public B adapter(AdapterFactory adapter) {
            this.adapter = adapter;
            return self();
        }

        /**
         * @param executor see {@link SocketIoOptions#handlerExecutor()}, {@code null} for the event loop
         * @return this
         */
        public B handlerExecutor(Executor executor) {
            this.handlerExecutor = executor;
            return self();
        }

        /**
         * Replaces the Engine.IO options (their path is replaced by {@link #path(String)}'s).
         *
         * @param options the options
         * @return this
         */
        public B engineOptions(EngineIoOptions options) {
            this.engine = options.toBuilder();
            return self();
        }

        /**
         * Edits the Engine.IO options in place, for those without a setter here.
         *
         * @param edit changes the engine builder
         * @return this
         */
        public B engine(Consumer<EngineIoOptions.Builder> edit) {
            edit.accept(engine);
            return self();
        }

        /**
         * @param cors see {@link EngineIoOptions#cors()}
         * @return this
         */
        public B cors(Cors cors) {
            engine.cors(cors);
            return self();
        }

        /**
         * @param interval see {@link EngineIoOptions#pingInterval()}
         * @return this
         */
        public B pingInterval(Duration interval) {
            engine.pingInterval(interval);
            return self();
        }

        /**
         * @param timeout see {@link EngineIoOptions#pingTimeout()}
         * @return this
         */
        public B pingTimeout(Duration timeout) {
            engine.pingTimeout(timeout);
            return self();
        }

        /**
         * @param timeout see {@link EngineIoOptions#upgradeTimeout()}
         * @return this
         */
        public B upgradeTimeout(Duration timeout) {
            engine.upgradeTimeout(timeout);
            return self();
        }

        /**
         * @param bytes see {@link EngineIoOptions#maxHttpBufferSize()}
         * @return this
         */
        public B maxHttpBufferSize(long bytes) {
            engine.maxHttpBufferSize(bytes);
            return self();
        }

        /**
         * @param bytes see {@link EngineIoOptions#maxBufferedBytes()}
         * @return this
         */
        public B maxBufferedBytes(long bytes) {
            engine.maxBufferedBytes(bytes);
            return self();
        }

        /**
         * @param transports see {@link EngineIoOptions#transports()}
         * @return this
         */
        public B transports(Set<TransportType> transports) {
            engine.transports(transports);
            return self();
        }

        /**
         * @param transports see {@link EngineIoOptions#transports()}
         * @return this
         */
        public B transports(TransportType... transports) {
            engine.transports(transports);
            return self();
        }

        /**
         * @param allowUpgrades see {@link EngineIoOptions#allowUpgrades()}
         * @return this
         */
        public B allowUpgrades(boolean allowUpgrades) {
            engine.allowUpgrades(allowUpgrades);
            return self();
        }

        /**
         * @param allowEIO3 see {@link EngineIoOptions#allowEIO3()}
         * @return this
         */
        public B allowEIO3(boolean allowEIO3) {
            engine.allowEIO3(allowEIO3);
            return self();
        }

        /**
         * @param allowRequest see {@link EngineIoOptions#allowRequest()}
         * @return this
         */
        public B allowRequest(AllowRequest allowRequest) {
            engine.allowRequest(allowRequest);
            return self();
        }

        /**
         * @param limits see {@link EngineIoOptions#limits()}
         * @return this
         */
        public B limits(ConnectionLimits limits) {
            engine.limits(limits);
            return self();
        }

        /**
         * @param cookie see {@link EngineIoOptions#cookie()}
         * @return this
         */
        public B cookie(CookieOptions cookie) {
            engine.cookie(cookie);
            return self();
        }

        /**
         * @param perMessageDeflate see {@link EngineIoOptions#perMessageDeflate()}
         * @return this
         */
        public B perMessageDeflate(boolean perMessageDeflate) {
            engine.perMessageDeflate(perMessageDeflate);
            return self();
        }

        /**
         * @param enabled see {@link EngineIoOptions#httpCompressionThreshold()}
         * @return this
         */
        public B httpCompression(boolean enabled) {
            engine.httpCompression(enabled);
            return self();
        }

        /**
         * @param addTrailingSlash see {@link EngineIoOptions#addTrailingSlash()}
         * @return this
         */
        public B addTrailingSlash(boolean addTrailingSlash) {
            engine.addTrailingSlash(addTrailingSlash);
            return self();
        }
    }
}
