package dev.switchboard.socketio;

/**
 * Continues or stops a middleware chain. Exactly one of the methods should be called, once, from
 * any thread; later calls are ignored.
 */
public interface Next {

    /** Passes on to the next middleware, or completes the chain. */
    void next();

    /**
     * Stops the chain with an error. For a namespace middleware the client receives a
     * CONNECT_ERROR packet {@code {"message": error.getMessage(), "data": ...}} (the data of a
     * {@link ConnectException}); for a socket middleware the event is dropped and the socket's
     * {@code error} listeners receive the error.
     *
     * @param error the error
     */
    void error(Throwable error);
}
