package dev.switchboard.postgres;

import dev.switchboard.cluster.ClusterAdapterOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of the Postgres adapter, with {@code @socket.io/postgres-adapter} 0.5's defaults
 * and names. Every node of a cluster, Java or Node, must use the same channel prefix and table.
 *
 * @param channelPrefix the prefix of the {@code NOTIFY} channels, {@code <prefix>#<namespace>}
 *     ({@code socket.io})
 * @param tableName the table of attachments: messages with binary data or larger than the
 *     threshold go there and the notification carries their id ({@code socket_io_attachments})
 * @param payloadThreshold the JSON size in bytes from which a message goes as an attachment
 *     (8000; {@code NOTIFY} payloads are limited to 8000 bytes)
 * @param cleanupInterval how often attachments older than this are deleted (30 s)
 * @param cluster the cluster protocol's timing (heartbeats every 5 s, nodes forgotten after 10 s)
 */
public record PostgresAdapterOptions(String channelPrefix, String tableName, int payloadThreshold,
        Duration cleanupInterval, ClusterAdapterOptions cluster) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** The defaults. */
    public static final PostgresAdapterOptions DEFAULT = new PostgresAdapterOptions("socket.io",
            "socket_io_attachments", 8000, Duration.ofSeconds(30), ClusterAdapterOptions.DEFAULT);

    /**
     * Checks the values; the table name must be a plain (optionally schema-qualified) identifier.
     *
     * @param channelPrefix the prefix of the {@code NOTIFY} channels, {@code <prefix>#<namespace>}
     *     ({@code socket.io})
     * @param tableName the table of attachments: messages with binary data or larger than the
     *     threshold go there and the notification carries their id ({@code socket_io_attachments})
     * @param payloadThreshold the JSON size in bytes from which a message goes as an attachment
     *     (8000; {@code NOTIFY} payloads are limited to 8000 bytes)
     * @param cleanupInterval how often attachments older than this are deleted (30 s)
     * @param cluster the cluster protocol's timing (heartbeats every 5 s, nodes forgotten after 10 s)
     */
    public PostgresAdapterOptions {
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        Objects.requireNonNull(tableName, "tableName");
        if (!IDENTIFIER.matcher(tableName).matches()) {
            throw new IllegalArgumentException("tableName must be a plain SQL identifier: " + tableName);
        }
        if (payloadThreshold < 1) {
            throw new IllegalArgumentException("payloadThreshold must be positive: " + payloadThreshold);
        }
        if (cleanupInterval.isNegative() || cleanupInterval.isZero()) {
            throw new IllegalArgumentException("cleanupInterval must be positive: " + cleanupInterval);
        }
        Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * These options with another table.
     *
     * @param table the table's name
     * @return the options
     */
    public PostgresAdapterOptions withTableName(String table) {
        return new PostgresAdapterOptions(channelPrefix, table, payloadThreshold, cleanupInterval, cluster);
    }

    /**
     * These options with another threshold.
     *
     * @param bytes the threshold
     * @return the options
     */
    public PostgresAdapterOptions withPayloadThreshold(int bytes) {
        return new PostgresAdapterOptions(channelPrefix, tableName, bytes, cleanupInterval, cluster);
    }

    /**
     * These options with another cleanup interval.
     *
     * @param interval the interval
     * @return the options
     */
    public PostgresAdapterOptions withCleanupInterval(Duration interval) {
        return new PostgresAdapterOptions(channelPrefix, tableName, payloadThreshold, interval, cluster);
    }

    /**
     * These options with other cluster timing.
     *
     * @param timing the timing
     * @return the options
     */
    public PostgresAdapterOptions withCluster(ClusterAdapterOptions timing) {
        return new PostgresAdapterOptions(channelPrefix, tableName, payloadThreshold, cleanupInterval, timing);
    }

    /**
     * The channel of a namespace.
     *
     * @param namespace the namespace's name
     * @return {@code <prefix>#<namespace>}
     */
    public String channelOf(String namespace) {
        return channelPrefix + "#" + namespace;
    }
}
