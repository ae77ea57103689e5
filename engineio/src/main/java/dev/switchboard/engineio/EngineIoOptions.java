package dev.switchboard.engineio;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The options of an Engine.IO server, immutable, with the defaults of Node's engine.io 6.6.
 *
 * <pre>{@code
 * EngineIoOptions options = EngineIoOptions.builder()
 *         .pingInterval(Duration.ofSeconds(10))
 *         .cors(Cors.allowOrigin("https://example.com"))
 *         .build();
 * }</pre>
 */
public final class EngineIoOptions {

    /** The defaults. */
    public static final EngineIoOptions DEFAULT = builder().build();

    private final String path;
    private final boolean addTrailingSlash;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration upgradeTimeout;
    private final long maxHttpBufferSize;
    private final long maxBufferedBytes;
    private final Set<TransportType> transports;
    private final boolean allowUpgrades;
    private final boolean allowEIO3;
    private final AllowRequest allowRequest;
    private final ConnectionLimits limits;
    private final CookieOptions cookie;
    private final Cors cors;
    private final boolean perMessageDeflate;
    private final int httpCompressionThreshold;
    private final String initialPacket;
    private final Function<RequestInfo, String> generateId;
    private final BiConsumer<Headers, RequestInfo> initialHeaders;
    private final BiConsumer<Headers, RequestInfo> headers;

    private EngineIoOptions(Builder b) {
        String p = b.path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        this.path = b.addTrailingSlash ? p + "/" : p;
        this.addTrailingSlash = b.addTrailingSlash;
        this.pingInterval = b.pingInterval;
        this.pingTimeout = b.pingTimeout;
        this.upgradeTimeout = b.upgradeTimeout;
        this.maxHttpBufferSize = b.maxHttpBufferSize;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.transports = Collections.unmodifiableSet(EnumSet.copyOf(b.transports));
        this.allowUpgrades = b.allowUpgrades;
        this.allowEIO3 = b.allowEIO3;
        this.allowRequest = b.allowRequest;
        this.limits = b.limits;
        this.cookie = b.cookie;
        this.cors = b.cors;
        this.perMessageDeflate = b.perMessageDeflate;
        this.httpCompressionThreshold = b.httpCompressionThreshold;
        this.initialPacket = b.initialPacket;
        this.generateId = b.generateId;
        this.initialHeaders = b.initialHeaders;
        this.headers = b.headers;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * {@return the path the server answers under, normalised: without trailing slashes, then with one
     * appended when {@link #addTrailingSlash()} (default {@code /engine.io/})} Requests match by
     * prefix of the raw URL.
     */
    public String path() {
        return path;
    }

    /** {@return whether a {@code /} is appended to {@link #path()} (default true)} */
    public boolean addTrailingSlash() {
        return addTrailingSlash;
    }

    /** {@return how long after the session opens, or after each pong, the server sends a ping (default 25 s)} */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** {@return how long the server waits for the pong before closing with {@code ping timeout} (default 20 s)} */
    public Duration pingTimeout() {
        return pingTimeout;
    }

    /** {@return how long an upgrade may take, from the WebSocket opening to the {@code 5} packet (default 10 s)} */
    public Duration upgradeTimeout() {
        return upgradeTimeout;
    }

    /**
     * {@return the largest polling POST body and WebSocket message accepted, in bytes (default 1,000,000),
     * advertised as {@code maxPayload}} A larger POST is answered 413; a larger WebSocket message
     * closes the connection with status 1009.
     */
    public long maxHttpBufferSize() {
        return maxHttpBufferSize;
    }

    /**
     * {@return the most bytes a session may hold for its client, in its write buffer plus its WebSocket's
     * outbound buffer (default 10,000,000)} A send past this bound closes the session with
     * {@code transport error}: a reader that cannot keep up is disconnected rather than allowed to
     * grow the server's memory. Volatile sends never count against it: they are dropped as soon as
     * the transport is not writable.
     */
    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /** {@return the transports clients may use (default polling and WebSocket)} */
    public Set<TransportType> transports() {
        return transports;
    }

    /** {@return whether polling sessions are offered the upgrade to WebSocket (default true)} */
    public boolean allowUpgrades() {
        return allowUpgrades;
    }

    /**
     * {@return whether clients of Engine.IO protocol 3 (Socket.IO v2 clients: socket.io-client 2.x,
     * {@code io.socket:socket.io-client} 1.x) are served beside protocol 4 ones (default false, as
     * in socket.io)} The protocol is chosen per session by the handshake's {@code EIO} query value:
     * {@code 4} is protocol 4, anything else (or nothing) protocol 3. Without this option such a
     * handshake is refused with 400 {@code {"code":5,"message":"Unsupported protocol version"}}.
     */
    public boolean allowEIO3() {
        return allowEIO3;
    }

    /** {@return the handshake gate, or {@code null} to accept every handshake (default)} */
    public AllowRequest allowRequest() {
        return allowRequest;
    }

    /**
     * {@return what anonymous clients may open: sessions in all and per address, handshakes per address
     * and time, handshakes waiting for {@link #allowRequest()} (default
     * {@link ConnectionLimits#DEFAULT}: only the last, at 10,000)}
     */
    public ConnectionLimits limits() {
        return limits;
    }

    /** {@return the session cookie set on polling handshakes, or {@code null} for none (default)} */
    public CookieOptions cookie() {
        return cookie;
    }

    /** {@return the CORS policy, or {@code null} for no CORS headers at all (default)} */
    public Cors cors() {
        return cors;
    }

    /** {@return whether WebSocket permessage-deflate is negotiated (default false)} */
    public boolean perMessageDeflate() {
        return perMessageDeflate;
    }

    /**
     * {@return the smallest polling response body compressed with gzip or deflate when the client accepts
     * it, in bytes (default 1024), or -1 when compression is off}
     */
    public int httpCompressionThreshold() {
        return httpCompressionThreshold;
    }

    /** {@return a text message sent right after the open packet, or {@code null} for none (default)} */
    public String initialPacket() {
        return initialPacket;
    }

    /** {@return the session id generator, or {@code null} for the built-in one (default)} */
    public Function<RequestInfo, String> generateId() {
        return generateId;
    }

    /**
     * Edits the headers of handshake responses, or {@code null} (default).
     *
     * @return the hook
     */
    public BiConsumer<Headers, RequestInfo> initialHeaders() {
        return initialHeaders;
    }

    /**
     * Edits the headers of every polling response and WebSocket 101, or {@code null} (default).
     *
     * @return the hook
     */
    public BiConsumer<Headers, RequestInfo> headers() {
        return headers;
    }

    @Override
    public String toString() {
        return "EngineIoOptions{path=" + path + ", pingInterval=" + pingInterval.toMillis()
                + "ms, pingTimeout=" + pingTimeout.toMillis() + "ms, upgradeTimeout="
                + upgradeTimeout.toMillis() + "ms, maxHttpBufferSize=" + maxHttpBufferSize
                + ", maxBufferedBytes=" + maxBufferedBytes + ", transports=" + transports
                + ", allowUpgrades=" + allowUpgrades + ", allowEIO3=" + allowEIO3 + ", cookie=" + cookie + ", cors=" + (cors != null)
                + ", perMessageDeflate=" + perMessageDeflate + ", httpCompressionThreshold="
                + httpCompressionThreshold + ", limits=" + limits + "}";
    }

    /** Builds {@link EngineIoOptions}; every setter documents its default on the matching getter. */
    public static final class Builder {
        private String path = "/engine.io";
        private boolean addTrailingSlash = true;
        private Duration pingInterval = Duration.ofMillis(25_000);
        private Duration pingTimeout = Duration.ofMillis(20_000);
        private Duration upgradeTimeout = Duration.ofMillis(10_000);
        private long maxHttpBufferSize = 1_000_000;
        private long maxBufferedBytes = 10_000_000;
        private Set<TransportType> transports = EnumSet.allOf(TransportType.class);
        private boolean allowUpgrades = true;
        private boolean allowEIO3;
        private AllowRequest allowRequest;
        private ConnectionLimits limits = ConnectionLimits.DEFAULT;
        private CookieOptions cookie;
        private Cors cors;
        private boolean perMessageDeflate;
        private int httpCompressionThreshold = 1024;
        private String initialPacket;
        private Function<RequestInfo, String> generateId;
        private BiConsumer<Headers, RequestInfo> initialHeaders;
        private BiConsumer<Headers, RequestInfo> headers;

        private Builder() {
        }

        private Builder(EngineIoOptions o) {
            this.path = o.path;
            this.addTrailingSlash = o.addTrailingSlash;
            this.pingInterval = o.pingInterval;
            this.pingTimeout = o.pingTimeout;
            this.upgradeTimeout = o.upgradeTimeout;
            this.maxHttpBufferSize = o.maxHttpBufferSize;
            this.maxBufferedBytes = o.maxBufferedBytes;
            this.transports = o.transports;
            this.allowUpgrades = o.allowUpgrades;
            this.allowEIO3 = o.allowEIO3;
            this.allowRequest = o.allowRequest;
            this.limits = o.limits;
            this.cookie = o.cookie;
            this.cors = o.cors;
            this.perMessageDeflate = o.perMessageDeflate;
            this.httpCompressionThreshold = o.httpCompressionThreshold;
            this.initialPacket = o.initialPacket;
            this.generateId = o.generateId;
            this.initialHeaders = o.initialHeaders;
            this.headers = o.headers;
        }

        /**
         * @param path see {@link EngineIoOptions#path()}
         * @return this
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            this.path = path.startsWith("/") ? path : "/" + path;
            return this;
        }

        /**
         * @param addTrailingSlash see {@link EngineIoOptions#addTrailingSlash()}
         * @return this
         */
        public Builder addTrailingSlash(boolean addTrailingSlash) {
            this.addTrailingSlash = addTrailingSlash;
            return this;
        }

        /**
         * @param pingInterval see {@link EngineIoOptions#pingInterval()}
         * @return this
         */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = positive(pingInterval, "pingInterval");
            return this;
        }

        /**
         * @param pingTimeout see {@link EngineIoOptions#pingTimeout()}
         * @return this
         */
        public Builder pingTimeout(Duration pingTimeout) {
            this.pingTimeout = positive(pingTimeout, "pingTimeout");
            return this;
        }

        /**
         * @param upgradeTimeout see {@link EngineIoOptions#upgradeTimeout()}
         * @return this
         */
        public Builder upgradeTimeout(Duration upgradeTimeout) {
            this.upgradeTimeout = positive(upgradeTimeout, "upgradeTimeout");
            return this;
        }

        /**
         * @param bytes see {@link EngineIoOptions#maxHttpBufferSize()}
         * @return this
         */
        public Builder maxHttpBufferSize(long bytes) {
            if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxHttpBufferSize out of range: " + bytes);
            }
            this.maxHttpBufferSize = bytes;
            return this;
        }

        /**
         * @param bytes see {@link EngineIoOptions#maxBufferedBytes()}
         * @return this
         */
        public Builder maxBufferedBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBufferedBytes must be positive: " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /**
         * @param transports see {@link EngineIoOptions#transports()}
         * @return this
         */
        public Builder transports(Set<TransportType> transports) {
            if (transports.isEmpty()) {
                throw new IllegalArgumentException("at least one transport is needed");
            }
            this.transports = EnumSet.copyOf(transports);
            return this;
        }

        /**
         * @param transports see {@link EngineIoOptions#transports()}
         * @return this
         */
        public Builder transports(TransportType... transports) {
            return transports(Set.of(transports));
        }

        /**
         * @param allowUpgrades see {@link EngineIoOptions#allowUpgrades()}
         * @return this
         */
        public Builder allowUpgrades(boolean allowUpgrades) {
            this.allowUpgrades = allowUpgrades;
            return this;
        }

        /**
         * @param allowEIO3 see {@link EngineIoOptions#allowEIO3()}
         * @return this
         */
        public Builder allowEIO3(boolean allowEIO3) {
            this.allowEIO3 = allowEIO3;
            return this;
        }

        /**
         * @param allowRequest see {@link EngineIoOptions#allowRequest()}
         * @return this
         */
        public Builder allowRequest(AllowRequest allowRequest) {
            this.allowRequest = allowRequest;
            return this;
        }

        /**
         * @param limits see {@link EngineIoOptions#limits()}
         * @return this
         */
        public Builder limits(ConnectionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * @param cookie see {@link EngineIoOptions#cookie()}
         * @return this
         */
        public Builder cookie(CookieOptions cookie) {
            this.cookie = cookie;
            return this;
        }

        /**
         * @param enabled true for {@link CookieOptions#DEFAULT}, false for none
         * @return this
         */
        public Builder cookie(boolean enabled) {
            this.cookie = enabled ? CookieOptions.DEFAULT : null;
            return this;
        }

        /**
         * @param cors see {@link EngineIoOptions#cors()}
         * @return this
         */
        public Builder cors(Cors cors) {
            this.cors = cors;
            return this;
        }

        /**
         * @param perMessageDeflate see {@link EngineIoOptions#perMessageDeflate()}
         * @return this
         */
        public Builder perMessageDeflate(boolean perMessageDeflate) {
            this.perMessageDeflate = perMessageDeflate;
            return this;
        }

        /**
         * @param threshold see {@link EngineIoOptions#httpCompressionThreshold()}
         * @return this
         */
        public Builder httpCompressionThreshold(int threshold) {
            this.httpCompressionThreshold = threshold < 0 ? -1 : threshold;
            return this;
        }

        /**
         * @param enabled false turns polling response compression off
         * @return this
         */
        public Builder httpCompression(boolean enabled) {
            this.httpCompressionThreshold = enabled ? 1024 : -1;
            return this;
        }

        /**
         * @param initialPacket see {@link EngineIoOptions#initialPacket()}
         * @return this
         */
        public Builder initialPacket(String initialPacket) {
            this.initialPacket = initialPacket;
            return this;
        }

        /**
         * @param generateId see {@link EngineIoOptions#generateId()}
         * @return this
         */
        public Builder generateId(Function<RequestInfo, String> generateId) {
            this.generateId = generateId;
            return this;
        }

        /**
         * @param hook see {@link EngineIoOptions#initialHeaders()}
         * @return this
         */
        public Builder initialHeaders(BiConsumer<Headers, RequestInfo> hook) {
            this.initialHeaders = hook;
            return this;
        }

        /**
         * @param hook see {@link EngineIoOptions#headers()}
         * @return this
         */
        public Builder headers(BiConsumer<Headers, RequestInfo> hook) {
            this.headers = hook;
            return this;
        }

        /** {@return the options} */
        public EngineIoOptions build() {
            return new EngineIoOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
