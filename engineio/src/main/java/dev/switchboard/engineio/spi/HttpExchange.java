package dev.switchboard.engineio.spi;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import io.netty.util.concurrent.EventExecutor;

/**
 * One plain HTTP request under the Engine.IO path (a handshake, a poll, a POST, or anything the
 * server must refuse), as a binding presents it. The binding reads the whole body before handing
 * the exchange over, stopping at {@code maxHttpBufferSize} bytes.
 *
 * <p>Exactly one of {@link #respond} is called per exchange, from any thread.
 */
public interface HttpExchange {

    /** The request line, headers, peer and arrival time. */
    RequestInfo request();

    /** The body decoded as UTF-8, or the empty string when there is none or it was too large. */
    String body();

    /** Whether the body was longer than {@code maxHttpBufferSize} and was discarded. */
    boolean bodyTooLarge();

    /**
     * The event loop of the connection the request arrived on; a new session made by this request
     * lives on it for life.
     */
    EventExecutor executor();

    /**
     * Writes the response. Safe to call from any thread, once.
     *
     * @param status the HTTP status
     * @param headers the response headers; the binding adds {@code Content-Length} (unless a
     *     {@code Content-Encoding} is set) and connection management headers
     * @param body the body bytes, possibly empty
     */
    void respond(int status, Headers headers, byte[] body);

    /**
     * Registers code to run when the connection closes before {@link #respond} was called; a
     * long-polling GET uses this to learn that its client went away. Runs at most once, on the
     * binding's thread.
     *
     * @param onAbort what to run
     */
    void onAbort(Runnable onAbort);
}
