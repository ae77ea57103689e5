package dev.switchboard.engineio.spi;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;

/**
 * An upgrade request under the Engine.IO path, as a binding presents it. At most one of
 * {@link #accept} and {@link #reject} is called, from any thread: none when
 * {@link #checkHandshake} answered the request itself.
 */
public interface UpgradeExchange {

    /** {@return the request line, headers, peer and arrival time} */
    RequestInfo request();

    /** {@return the event loop of the connection; a session opened directly over WebSocket lives on it} */
    EventExecutor executor();

    /**
     * Whether the binding's WebSocket layer can complete a handshake for this request. When it
     * cannot (a method other than GET, an {@code Upgrade} header naming another protocol, a
     * missing key, a version it does not speak), the binding answers as that layer does (Node's
     * ws package: 405 or 400 with the reason as text), closes the connection and returns false;
     * the engine then neither accepts nor rejects. The engine asks after its own checks and before
     * a session exists for the request: the order in which engine.io hands a request to ws.
     *
     * @return true when the handshake can go on
     */
    default boolean checkHandshake() {
        return true;
    }

    /**
     * Whether the client's connection is still open. The engine asks once an asynchronous
     * {@code allowRequest} has answered, so that a client gone meanwhile gets no session. The
     * default answers true; bindings that can tell override it.
     *
     * @return false when the connection closed
     */
    default boolean isOpen() {
        return true;
    }

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

    /**
     * Refuses the upgrade as a polling request would be refused, with the status, headers and body
     * given (a connection limit: {@code 503} and the Engine.IO error JSON), then closes the
     * connection. A binding that cannot choose the status of a refused upgrade keeps the default,
     * which answers as {@link #reject(String)} with the body as message.
     *
     * @param status the HTTP status
     * @param headers the response headers (Content-Type, CORS)
     * @param body the body
     */
    default void reject(int status, Headers headers, byte[] body) {
        reject(new String(body, StandardCharsets.UTF_8));
    }
}
