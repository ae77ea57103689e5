package dev.switchboard.engineio;

import java.time.Duration;
import java.util.Objects;

/**
 * What one server lets anonymous clients open: sessions in all, sessions per client address,
 * handshakes per address and time, and handshakes waiting for {@link AllowRequest}. A handshake
 * past a limit is refused before {@code allowRequest} runs, with {@code 503} and the Engine.IO error
 * body {@code {"code":4,"message":"<which limit>"}} (see {@link EngineError#LIMIT_REACHED}), over
 * polling and for a WebSocket-first connect alike (before the upgrade); the first refusal for an
 * address is logged at WARN, then at most one line per address per minute. Requests of open
 * sessions (polls, upgrades) are never counted nor refused.
 *
 * <p>All off by default except {@link #maxPendingHandshakes()} (10,000), as Node's engine.io limits
 * nothing. The address is {@link RequestInfo#remoteAddress()}, the peer of the TCP connection:
 * behind a reverse proxy every client has the proxy's address, so set per-address limits on the
 * proxy instead (or not at all).
 *
 * <pre>{@code
 * ConnectionLimits limits = ConnectionLimits.builder()
 *         .maxConnections(50_000)
 *         .maxConnectionsPerAddress(100)
 *         .handshakeRate(20, Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 */
public final class ConnectionLimits {

    /** No limit but {@link #maxPendingHandshakes()} at 10,000. */
    public static final ConnectionLimits DEFAULT = builder().build();

    /** The value of a limit that is off. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final int handshakesPerAddress;
    private final Duration handshakeWindow;
    private final int maxPendingHandshakes;

    private ConnectionLimits(Builder b) {
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerAddress = b.maxConnectionsPerAddress;
        this.handshakesPerAddress = b.handshakesPerAddress;
        this.handshakeWindow = b.handshakeWindow;
        this.maxPendingHandshakes = b.maxPendingHandshakes;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these limits} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * {@return the open sessions the server holds, counting handshakes under way ({@link #UNLIMITED} by
     * default)} Past it: {@code 503 {"code":4,"message":"Too many connections"}}.
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * {@return the open sessions one client address may hold, counting its handshakes under way
     * ({@link #UNLIMITED} by default)} Past it:
     * {@code 503 {"code":4,"message":"Too many connections from this address"}}.
     */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /**
     * {@return the handshakes one address may start per {@link #handshakeWindow()}, as a token bucket: a
     * burst of this many, then one more each window divided by this many ({@link #UNLIMITED} by
     * default)} Past it: {@code 503 {"code":4,"message":"Too many handshakes from this address"}}.
     */
    public int handshakesPerAddress() {
        return handshakesPerAddress;
    }

    /** {@return the window of {@link #handshakesPerAddress()} (one minute unless set with the rate)} */
    public Duration handshakeWindow() {
        return handshakeWindow;
    }

    /**
     * {@return the handshakes admitted and not answered yet, mostly those whose {@link AllowRequest} has not
     * decided (10,000 by default), so that a slow authorization check cannot pile up requests
     * without bound} Past it: {@code 503 {"code":4,"message":"Too many pending handshakes"}}.
     */
    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    @Override
    public String toString() {
        return "ConnectionLimits{maxConnections=" + show(maxConnections)
                + ", maxConnectionsPerAddress=" + show(maxConnectionsPerAddress)
                + ", handshakesPerAddress=" + show(handshakesPerAddress) + " per " + handshakeWindow
                + ", maxPendingHandshakes=" + show(maxPendingHandshakes) + "}";
    }

    private static String show(int limit) {
        return limit == UNLIMITED ? "unlimited" : Integer.toString(limit);
    }

    /** Builds {@link ConnectionLimits}; every limit is a positive count or {@link #UNLIMITED}. */
    public static final class Builder {
        private int maxConnections = UNLIMITED;
        private int maxConnectionsPerAddress = UNLIMITED;
        private int handshakesPerAddress = UNLIMITED;
        private Duration handshakeWindow = Duration.ofMinutes(1);
        private int maxPendingHandshakes = 10_000;

        private Builder() {
        }

        private Builder(ConnectionLimits l) {
            this.maxConnections = l.maxConnections;
            this.maxConnectionsPerAddress = l.maxConnectionsPerAddress;
            this.handshakesPerAddress = l.handshakesPerAddress;
            this.handshakeWindow = l.handshakeWindow;
            this.maxPendingHandshakes = l.maxPendingHandshakes;
        }

        /**
         * @param max see {@link ConnectionLimits#maxConnections()}
         * @return this
         */
        public Builder maxConnections(int max) {
            this.maxConnections = positive("maxConnections", max);
            return this;
        }

        /**
         * @param max see {@link ConnectionLimits#maxConnectionsPerAddress()}
         * @return this
         */
        public Builder maxConnectionsPerAddress(int max) {
            this.maxConnectionsPerAddress = positive("maxConnectionsPerAddress", max);
            return this;
        }

        /**
         * Sets the handshake rate per address.
         *
         * @param handshakes see {@link ConnectionLimits#handshakesPerAddress()}
         * @param window see {@link ConnectionLimits#handshakeWindow()}
         * @return this
         */
        public Builder handshakeRate(int handshakes, Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("the handshake window must be positive: " + window);
            }
            this.handshakesPerAddress = positive("handshakes", handshakes);
            this.handshakeWindow = window;
            return this;
        }

        /**
         * @param max see {@link ConnectionLimits#maxPendingHandshakes()}
         * @return this
         */
        public Builder maxPendingHandshakes(int max) {
            this.maxPendingHandshakes = positive("maxPendingHandshakes", max);
            return this;
        }

        /** {@return the limits} */
        public ConnectionLimits build() {
            return new ConnectionLimits(this);
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive (ConnectionLimits.UNLIMITED for none): "
                        + value);
            }
            return value;
        }
    }
}
