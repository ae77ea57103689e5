package dev.switchboard.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the Redis adapter, with {@code @socket.io/redis-adapter}'s defaults. Immutable;
 * {@link #builder()} and {@link #toBuilder()} make changed copies.
 *
 * <p>Every node of a cluster, Java or Node, must use the same {@link #mode()} and {@link #key()}:
 * the classic and the sharded protocols use different channels and formats and cannot share a
 * cluster.
 */
public final class RedisAdapterOptions {

    /** The defaults: classic protocol, key {@code socket.io}, 5 s request timeout. */
    public static final RedisAdapterOptions DEFAULT = builder().build();

    /** Which protocol the adapter speaks. */
    public enum Mode {
        /**
         * {@code createAdapter} of {@code @socket.io/redis-adapter}: PUBLISH/PSUBSCRIBE, msgpack
         * broadcasts, JSON requests. Also what {@code @socket.io/redis-emitter} speaks.
         */
        CLASSIC,
        /**
         * {@code createShardedAdapter} (Redis 7.0 or later): SPUBLISH/SSUBSCRIBE with socket.io's
         * cluster-adapter messages.
         */
        SHARDED
    }

    /** When the sharded adapter gives a room a channel of its own ({@code subscriptionMode}). */
    public enum SubscriptionMode {
        /** One channel per namespace; every node receives every broadcast ({@code "static"}). */
        STATIC,
        /**
         * A channel per public room (not a socket id) that has members here, so nodes receive only
         * the single-room broadcasts that concern them ({@code "dynamic"}, the default).
         */
        DYNAMIC,
        /** As {@link #DYNAMIC}, for socket-id rooms too ({@code "dynamic-private"}). */
        DYNAMIC_PRIVATE
    }

    private final Mode mode;
    private final String key;
    private final Duration requestsTimeout;
    private final boolean publishOnSpecificResponseChannel;
    private final SubscriptionMode subscriptionMode;

    private RedisAdapterOptions(Builder b) {
        this.mode = b.mode;
        this.key = b.key;
        this.requestsTimeout = b.requestsTimeout;
        this.publishOnSpecificResponseChannel = b.publishOnSpecificResponseChannel;
        this.subscriptionMode = b.subscriptionMode;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these settings} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.key = key;
        b.requestsTimeout = requestsTimeout;
        b.publishOnSpecificResponseChannel = publishOnSpecificResponseChannel;
        b.subscriptionMode = subscriptionMode;
        return b;
    }

    /** {@return the protocol ({@link Mode#CLASSIC} by default)} */
    public Mode mode() {
        return mode;
    }

    /**
     * {@return the prefix of every channel: {@code key} of the classic adapter and {@code channelPrefix} of
     * the sharded one ({@code "socket.io"} by default)}
     */
    public String key() {
        return key;
    }

    /**
     * {@return how long {@code fetchSockets}, {@code allRooms} and {@code serverSideEmitWithAck} wait for
     * the other servers (5 s by default)}
     */
    public Duration requestsTimeout() {
        return requestsTimeout;
    }

    /**
     * {@return whether, in classic mode, requests are answered on the requester's own response channel
     * instead of the shared one (false by default)} Either way this adapter listens on both.
     */
    public boolean publishOnSpecificResponseChannel() {
        return publishOnSpecificResponseChannel;
    }

    /** {@return when rooms get channels of their own, in sharded mode ({@link SubscriptionMode#DYNAMIC} by default)} */
    public SubscriptionMode subscriptionMode() {
        return subscriptionMode;
    }

    @Override
    public String toString() {
        return "RedisAdapterOptions[mode=" + mode + ", key=" + key + ", requestsTimeout=" + requestsTimeout
                + ", publishOnSpecificResponseChannel=" + publishOnSpecificResponseChannel
                + ", subscriptionMode=" + subscriptionMode + "]";
    }

    /** Builds {@link RedisAdapterOptions}. */
    public static final class Builder {
        private Mode mode = Mode.CLASSIC;
        private String key = "socket.io";
        private Duration requestsTimeout = Duration.ofSeconds(5);
        private boolean publishOnSpecificResponseChannel;
        private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;

        private Builder() {
        }

        /**
         * Sets the protocol.
         *
         * @param mode classic or sharded
         * @return this
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the channel prefix.
         *
         * @param key a non-empty prefix
         * @return this
         */
        public Builder key(String key) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("key must not be empty");
            }
            this.key = key;
            return this;
        }

        /**
         * Sets how long requests to the other servers wait.
         *
         * @param timeout a positive duration
         * @return this
         */
        public Builder requestsTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestsTimeout must be positive: " + timeout);
            }
            this.requestsTimeout = timeout;
            return this;
        }

        /**
         * Sets where classic-mode answers go.
         *
         * @param specific true to answer on the requester's own response channel
         * @return this
         */
        public Builder publishOnSpecificResponseChannel(boolean specific) {
            this.publishOnSpecificResponseChannel = specific;
            return this;
        }

        /**
         * Sets the sharded adapter's room channels.
         *
         * @param subscriptionMode the mode
         * @return this
         */
        public Builder subscriptionMode(SubscriptionMode subscriptionMode) {
            this.subscriptionMode = Objects.requireNonNull(subscriptionMode, "subscriptionMode");
            return this;
        }

        /** {@return the options} */
        public RedisAdapterOptions build() {
            return new RedisAdapterOptions(this);
        }
    }
}
