package dev.switchboard.socketio;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection state recovery: a client that lost its connection and comes back within
 * {@code maxDisconnectionDuration} gets its socket id, rooms and {@code data} back, and the
 * events it missed. Off unless configured ({@link SocketIoOptions#connectionStateRecovery()}).
 *
 * @param maxDisconnectionDuration how long a session is kept after a disconnection (default 2 min)
 * @param skipMiddlewares whether namespace middlewares are skipped on a successful recovery
 *     (default true)
 */
public record ConnectionStateRecovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {

    /** The reference's defaults: 120 s, middlewares skipped. */
    public static final ConnectionStateRecovery DEFAULT =
            new ConnectionStateRecovery(Duration.ofMinutes(2), true);

    /**
     * Checks the duration.
     *
     * @param maxDisconnectionDuration how long a session is kept after a disconnection (default 2 min)
     * @param skipMiddlewares whether namespace middlewares are skipped on a successful recovery
     *     (default true)
     */
    public ConnectionStateRecovery {
        Objects.requireNonNull(maxDisconnectionDuration, "maxDisconnectionDuration");
        if (maxDisconnectionDuration.isNegative()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must not be negative");
        }
    }
}
