package dev.switchboard.redis;

import dev.switchboard.cluster.ClusterAdapterOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the Redis Streams adapter, with {@code @socket.io/redis-streams-adapter} 0.3's
 * defaults and names. Immutable; {@link #builder()} and {@link #toBuilder()} make changed copies.
 * Every node of a cluster, Java or Node, must use the same stream name, stream count, channel
 * prefix, Pub/Sub flavour and session key prefix.
 */
public final class RedisStreamsAdapterOptions {

    /** The defaults: stream {@code socket.io}, one stream, MAXLEN ~10000, 100 entries per read. */
    public static final RedisStreamsAdapterOptions DEFAULT = builder().build();

    private final String streamName;
    private final int streamCount;
    private final String channelPrefix;
    private final boolean useShardedPubSub;
    private final long maxLen;
    private final int readCount;
    private final Duration blockTime;
    private final String sessionKeyPrefix;
    private final boolean onlyPlaintext;
    private final ClusterAdapterOptions cluster;

    private RedisStreamsAdapterOptions(Builder b) {
        this.streamName = b.streamName;
        this.streamCount = b.streamCount;
        this.channelPrefix = b.channelPrefix;
        this.useShardedPubSub = b.useShardedPubSub;
        this.maxLen = b.maxLen;
        this.readCount = b.readCount;
        this.blockTime = b.blockTime;
        this.sessionKeyPrefix = b.sessionKeyPrefix;
        this.onlyPlaintext = b.onlyPlaintext;
        this.cluster = b.cluster;
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these settings} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.streamName = streamName;
        b.streamCount = streamCount;
        b.channelPrefix = channelPrefix;
        b.useShardedPubSub = useShardedPubSub;
        b.maxLen = maxLen;
        b.readCount = readCount;
        b.blockTime = blockTime;
        b.sessionKeyPrefix = sessionKeyPrefix;
        b.onlyPlaintext = onlyPlaintext;
        b.cluster = cluster;
        return b;
    }

    /** {@return the stream's name, or the prefix of the streams' names when there are several ({@code socket.io})} */
    public String streamName() {
        return streamName;
    }

    /** {@return how many streams the namespaces are spread over, each namespace on one (1)} */
    public int streamCount() {
        return streamCount;
    }

    /** {@return the prefix of the Pub/Sub channels of requests and answers ({@code socket.io})} */
    public String channelPrefix() {
        return channelPrefix;
    }

    /** {@return whether requests and answers use sharded Pub/Sub, Redis 7.0 or later (false)} */
    public boolean useShardedPubSub() {
        return useShardedPubSub;
    }

    /** {@return the stream's approximate maximum length ({@code MAXLEN ~}, 10000)} */
    public long maxLen() {
        return maxLen;
    }

    /** {@return how many entries one {@code XREAD} fetches (100)} */
    public int readCount() {
        return readCount;
    }

    /** {@return how long one {@code XREAD} blocks (5 s)} */
    public Duration blockTime() {
        return blockTime;
    }

    /** {@return the prefix of the keys of sessions kept for connection state recovery ({@code sio:session:})} */
    public String sessionKeyPrefix() {
        return sessionKeyPrefix;
    }

    /** {@return whether to skip looking for binary data, sending everything as JSON (false)} */
    public boolean onlyPlaintext() {
        return onlyPlaintext;
    }

    /** {@return the cluster protocol's timing (requests time out after 5 s)} */
    public ClusterAdapterOptions cluster() {
        return cluster;
    }

    /**
     * The stream of a namespace: the one stream, or {@code <name>-<i>} where {@code i} is the
     * namespace's {@link String#hashCode()} modulo the count, as the reference computes it (its
     * {@code hashCode} is Java's, and JavaScript's {@code %} keeps the sign as Java's does).
     *
     * @param namespace the namespace's name
     * @return the stream's name
     */
    public String streamOf(String namespace) {
        return streamCount == 1 ? streamName : streamName + "-" + (namespace.hashCode() % streamCount);
    }

    @Override
    public String toString() {
        return "RedisStreamsAdapterOptions[streamName=" + streamName + ", streamCount=" + streamCount
                + ", channelPrefix=" + channelPrefix + ", useShardedPubSub=" + useShardedPubSub + ", maxLen=" + maxLen
                + ", readCount=" + readCount + ", blockTime=" + blockTime + ", sessionKeyPrefix=" + sessionKeyPrefix
                + ", onlyPlaintext=" + onlyPlaintext + ", cluster=" + cluster + "]";
    }

    /** Builds {@link RedisStreamsAdapterOptions}. */
    public static final class Builder {
        private String streamName = "socket.io";
        private int streamCount = 1;
        private String channelPrefix = "socket.io";
        private boolean useShardedPubSub;
        private long maxLen = 10_000;
        private int readCount = 100;
        private Duration blockTime = Duration.ofSeconds(5);
        private String sessionKeyPrefix = "sio:session:";
        private boolean onlyPlaintext;
        private ClusterAdapterOptions cluster = ClusterAdapterOptions.DEFAULT;

        private Builder() {
        }

        /**
         * @param name see {@link RedisStreamsAdapterOptions#streamName()}
         * @return this
         */
        public Builder streamName(String name) {
            this.streamName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param count see {@link RedisStreamsAdapterOptions#streamCount()}, at least 1
         * @return this
         */
        public Builder streamCount(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("streamCount must be at least 1: " + count);
            }
            this.streamCount = count;
            return this;
        }

        /**
         * @param prefix see {@link RedisStreamsAdapterOptions#channelPrefix()}
         * @return this
         */
        public Builder channelPrefix(String prefix) {
            this.channelPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * @param sharded see {@link RedisStreamsAdapterOptions#useShardedPubSub()}
         * @return this
         */
        public Builder useShardedPubSub(boolean sharded) {
            this.useShardedPubSub = sharded;
            return this;
        }

        /**
         * @param maxLen see {@link RedisStreamsAdapterOptions#maxLen()}, positive
         * @return this
         */
        public Builder maxLen(long maxLen) {
            if (maxLen < 1) {
                throw new IllegalArgumentException("maxLen must be positive: " + maxLen);
            }
            this.maxLen = maxLen;
            return this;
        }

        /**
         * @param count see {@link RedisStreamsAdapterOptions#readCount()}, positive
         * @return this
         */
        public Builder readCount(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("readCount must be positive: " + count);
            }
            this.readCount = count;
            return this;
        }

        /**
         * @param time see {@link RedisStreamsAdapterOptions#blockTime()}, positive
         * @return this
         */
        public Builder blockTime(Duration time) {
            if (time.isNegative() || time.isZero()) {
                throw new IllegalArgumentException("blockTime must be positive: " + time);
            }
            this.blockTime = time;
            return this;
        }

        /**
         * @param prefix see {@link RedisStreamsAdapterOptions#sessionKeyPrefix()}
         * @return this
         */
        public Builder sessionKeyPrefix(String prefix) {
            this.sessionKeyPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * @param plaintext see {@link RedisStreamsAdapterOptions#onlyPlaintext()}
         * @return this
         */
        public Builder onlyPlaintext(boolean plaintext) {
            this.onlyPlaintext = plaintext;
            return this;
        }

        /**
         * @param cluster see {@link RedisStreamsAdapterOptions#cluster()}
         * @return this
         */
        public Builder cluster(ClusterAdapterOptions cluster) {
            this.cluster = Objects.requireNonNull(cluster, "cluster");
            return this;
        }

        /** {@return the options} */
        public RedisStreamsAdapterOptions build() {
            return new RedisStreamsAdapterOptions(this);
        }
    }
}
