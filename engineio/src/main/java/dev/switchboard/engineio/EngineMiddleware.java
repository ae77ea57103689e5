package dev.switchboard.engineio;

/**
 * An Express-style middleware on every Engine.IO request (handshakes, polls, POSTs and WebSocket
 * upgrades), as {@code io.engine.use(...)} installs one in socket.io: it sees the request before
 * the engine checks it, may add headers to its response, and lets it go on or refuses it.
 *
 * <pre>{@code
 * io.engine().use((request, response, next) -> {
 *     response.set("X-Frame-Options", "DENY");
 *     if (sessions.isValid(request.header("cookie"))) {
 *         next.next();
 *     } else {
 *         next.error(new IllegalStateException("no session"));   // 400 {"code":3,"message":"Bad request"}
 *     }
 * });
 * }</pre>
 *
 * <p>Middlewares run in the order they were added, after the CORS policy (which answers a
 * preflight itself), on the thread of the binding or of whoever calls {@code next}; they may go on
 * later from another thread. An error (or a middleware that throws) refuses the request as the
 * reference does: 400 {@code {"code":3,"message":"Bad request"}} with the context
 * {@code MIDDLEWARE_FAILURE} in {@code connection_error}.
 */
@FunctionalInterface
public interface EngineMiddleware {

    /**
     * Handles one request.
     *
     * @param request the request
     * @param response headers added to this request's response, whatever it turns out to be (a
     *     poll's payload, a POST's {@code ok}, an error, a WebSocket's 101)
     * @param next lets the request go on, or refuses it; the first call counts
     */
    void handle(RequestInfo request, Headers response, Next next);

    /** How a middleware lets its request go on or refuses it. */
    interface Next {
        /** The request goes on to the next middleware, then to the engine. */
        void next();

        /**
         * The request is refused with 400 {@code {"code":3,"message":"Bad request"}}.
         *
         * @param error why, for logs and {@code connection_error}
         */
        void error(Throwable error);
    }
}
