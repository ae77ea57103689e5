package dev.switchboard.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing of the cluster protocol, with socket.io-adapter's defaults.
 *
 * @param requestsTimeout how long {@code fetchSockets} (unless its own timeout says otherwise) and
 *     {@code serverSideEmitWithAck} wait for the other nodes (5 s)
 * @param heartbeatInterval how long a node of the heartbeat variant stays silent before it says it
 *     is alive (5 s)
 * @param heartbeatTimeout how long a silent node counts as alive (10 s)
 */
public record ClusterAdapterOptions(Duration requestsTimeout, Duration heartbeatInterval, Duration heartbeatTimeout) {

    /** 5 s, 5 s, 10 s. */
    public static final ClusterAdapterOptions DEFAULT =
            new ClusterAdapterOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));

    /**
     * Checks that every duration is positive.
     *
     * @param requestsTimeout how long {@code fetchSockets} (unless its own timeout says otherwise) and
     *     {@code serverSideEmitWithAck} wait for the other nodes (5 s)
     * @param heartbeatInterval how long a node of the heartbeat variant stays silent before it says it
     *     is alive (5 s)
     * @param heartbeatTimeout how long a silent node counts as alive (10 s)
     */
    public ClusterAdapterOptions {
        positive(requestsTimeout, "requestsTimeout");
        positive(heartbeatInterval, "heartbeatInterval");
        positive(heartbeatTimeout, "heartbeatTimeout");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /**
     * These options with another requests timeout.
     *
     * @param timeout the timeout
     * @return the options
     */
    public ClusterAdapterOptions withRequestsTimeout(Duration timeout) {
        return new ClusterAdapterOptions(timeout, heartbeatInterval, heartbeatTimeout);
    }

    /**
     * These options with other heartbeat timings.
     *
     * @param interval the heartbeat interval
     * @param timeout the heartbeat timeout
     * @return the options
     */
    public ClusterAdapterOptions withHeartbeat(Duration interval, Duration timeout) {
        return new ClusterAdapterOptions(requestsTimeout, interval, timeout);
    }
}
