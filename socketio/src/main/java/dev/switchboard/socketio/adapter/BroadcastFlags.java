package dev.switchboard.socketio.adapter;

import java.time.Duration;

/**
 * The modifiers of an emit, as socket.io's {@code BroadcastFlags}.
 *
 * @param isVolatile drop the packet for a client whose transport cannot take it right now
 *     ({@code volatile} in JavaScript)
 * @param compress whether the packet may be compressed (default true)
 * @param local deliver to this server's clients only, not through the cluster
 * @param timeout how long to wait for acknowledgements, or {@code null} for no limit
 */
public record BroadcastFlags(boolean isVolatile, boolean compress, boolean local, Duration timeout) {

    /** No modifier: reliable, compressible, cluster-wide, no acknowledgement timeout. */
    public static final BroadcastFlags DEFAULT = new BroadcastFlags(false, true, false, null);

    /** {@return these flags, volatile} */
    public BroadcastFlags withVolatile() {
        return new BroadcastFlags(true, compress, local, timeout);
    }

    /**
     * These flags with {@code compress} set.
     *
     * @param compress whether compression is allowed
     * @return the flags
     */
    public BroadcastFlags withCompress(boolean compress) {
        return new BroadcastFlags(isVolatile, compress, local, timeout);
    }

    /** {@return these flags, local} */
    public BroadcastFlags withLocal() {
        return new BroadcastFlags(isVolatile, compress, true, timeout);
    }

    /**
     * These flags with an acknowledgement timeout.
     *
     * @param timeout the timeout
     * @return the flags
     */
    public BroadcastFlags withTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        return new BroadcastFlags(isVolatile, compress, local, timeout);
    }
}
