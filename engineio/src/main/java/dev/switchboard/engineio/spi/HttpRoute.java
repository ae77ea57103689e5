package dev.switchboard.engineio.spi;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import java.util.Objects;

/**
 * One HTTP resource a layer serves next to its Engine.IO server (see {@link Mountable#routes()}),
 * decided without any HTTP server type so that every binding serves it alike. The binding asks
 * the route with the request head; the route either declines or says what to send, and the
 * binding writes it and skips the request's body.
 */
@FunctionalInterface
public interface HttpRoute {

    /**
     * Answers a request, or declines it.
     *
     * @param request the request head (method, target, headers, peer); never a WebSocket upgrade
     * @return the response, or {@code null} when this route does not serve the request (it goes
     *     on to the engine, or to the binding's fallback)
     */
    Response answer(RequestInfo request);

    /**
     * Whether this route may answer a request for a target: a cheap check on the raw request
     * target, so that a binding builds a {@link RequestInfo} (a copy of the headers) only for the
     * requests a route may want, and never for the engine's own polls.
     *
     * @param target the raw request target, e.g. {@code /socket.io/socket.io.js?v=1}
     * @return false when {@link #answer} would certainly decline
     */
    default boolean mayAnswer(String target) {
        return true;
    }

    /**
     * What to send. The binding writes the headers as given and, when there is a body, streams it
     * without {@code Content-Length} (chunked on HTTP/1.1, ended by closing the connection on
     * HTTP/1.0), as Node does for the files it pipes; a {@code HEAD} request gets the head alone.
     *
     * @param status the HTTP status
     * @param headers the headers, names spelled as they are to be sent
     * @param body the body, shared and never to be written to; {@code null} for none (a 304, a
     *     preflight)
     */
    record Response(int status, Headers headers, byte[] body) {

        /**
         * Checks the parts.
         *
         * @param status the HTTP status
         * @param headers the headers, names spelled as they are to be sent
         * @param body the body, shared and never to be written to; {@code null} for none (a 304, a
         *     preflight)
         */
        public Response {
            Objects.requireNonNull(headers, "headers");
        }
    }
}
