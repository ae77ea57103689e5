package dev.switchboard.engineio.spi;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import io.netty.util.concurrent.EventExecutor;

/**
 * A WebSocket upgrade request under the Engine.IO path, as a binding presents it. Exactly one of
 * {@link #accept} and {@link #reject} is called, from any thread.
 */
public interface UpgradeExchange {

    /** The request line, headers, peer and arrival time. */
    RequestInfo request();

    /** The event loop of the connection; a session opened directly over WebSocket lives on it. */
    EventExecutor executor();

    /**
     * Completes the WebSocket handshake (101) with the given extra headers and returns the open
     * connection. Frames sent on the returned connection go out after the 101 response.
     *
     * @param headers extra response headers (CORS, {@code headers} hook)
     * @return the connection
     */
    WebSocketConnection accept(Headers headers);

    /**
     * Refuses the upgrade with {@code 400 Bad Request}, {@code Content-type: text/html} and the
     * message as body, then closes the connection.
     *
     * @param message the error message, e.g. {@code "Session ID unknown"}
     */
    void reject(String message);
}
