package dev.switchboard.redis;

/**
 * A cross-server operation could not run because the adapter has no working connection to
 * Redis. Raised at once, without waiting: while Redis is away, broadcasts still reach this
 * server's own clients, and requests that need the other servers ({@code fetchSockets},
 * {@code serverSideEmitWithAck}, {@code allRooms}, the server count) fail with this exception.
 */
public final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be done and why
     */
    public RedisUnavailableException(String message) {
        super(message);
    }
}
