package dev.switchboard.engineio.spi;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Consumer;

/**
 * One plain HTTP request under the Engine.IO path (a handshake, a poll, a POST, or anything the
 * server must refuse), as a binding presents it. The binding hands the exchange over as soon as
 * the request head has arrived, and keeps reading the body, at most {@code maxHttpBufferSize}
 * bytes of it; the body reaches the Engine.IO layer through {@link #readBody} once complete. That
 * a POST is under way before its body is complete is what lets the server refuse an overlapping
 * one, as the reference does.
 *
 * <p>{@link #respond} is called once per exchange, from any thread.
 */
public interface HttpExchange {

    /** {@return the request line, headers, peer and arrival time} */
    RequestInfo request();

    /**
     * Asks for the body. Exactly one callback runs, once the whole body has arrived (at once if it
     * already has), on the binding's thread; neither runs if the connection closes first (then
     * {@link #onAbort} code runs).
     *
     * @param onBody receives the body decoded as UTF-8 (empty when there is none)
     * @param onTooLarge runs instead when the body was longer than {@code maxHttpBufferSize}; the
     *     excess was discarded
     */
    void readBody(Consumer<String> onBody, Runnable onTooLarge);

    /**
     * Asks for the body as bytes, as {@link #readBody} does: for the binary polling payloads of
     * Engine.IO protocol 3 ({@code application/octet-stream}). Bindings override this to hand over
     * the bytes as they came; the default re-encodes the UTF-8 text, which is only right for a
     * body that is valid UTF-8.
     *
     * @param onBody receives the body (empty when there is none)
     * @param onTooLarge runs instead when the body was longer than {@code maxHttpBufferSize}
     */
    default void readRawBody(Consumer<byte[]> onBody, Runnable onTooLarge) {
        readBody(text -> onBody.accept(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), onTooLarge);
    }

    /**
     * {@return the event loop of the connection the request arrived on; a new session made by this request
     * lives on it for life}
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
