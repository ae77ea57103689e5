package dev.switchboard.server.internal;

/**
 * How long a connection may take over each part of an HTTP exchange, as Node's {@code http.Server}
 * bounds them (its option names): reading a request head, reading a whole request, and sitting
 * idle after a response. Each counts from a fixed point, never from the last byte read, so a
 * client that trickles bytes cannot hold a connection for longer.
 *
 * @param headersTimeoutMs from a request's first byte (for the first request: from the
 *     connection's opening) to the end of its head; past it the request is answered {@code 408}
 *     and the connection closed
 * @param requestTimeoutMs from a request's first byte to the end of its body; the same answer
 * @param keepAliveTimeoutMs from the last response, while nothing is being read or answered;
 *     past it the connection is closed without a word
 */
public record HttpTimeouts(long headersTimeoutMs, long requestTimeoutMs, long keepAliveTimeoutMs) {

    /** Node's defaults: 60 s for a head, 300 s for a whole request, 5 s of keep-alive. */
    public static final HttpTimeouts NODE = new HttpTimeouts(60_000, 300_000, 5_000);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if one is not positive, or a head may take longer than
     *     the whole request (Node refuses that too)
     *
     * @param headersTimeoutMs from a request's first byte (for the first request: from the
     *     connection's opening) to the end of its head; past it the request is answered {@code 408}
     *     and the connection closed
     * @param requestTimeoutMs from a request's first byte to the end of its body; the same answer
     * @param keepAliveTimeoutMs from the last response, while nothing is being read or answered;
     *     past it the connection is closed without a word
     */
    public HttpTimeouts {
        if (headersTimeoutMs <= 0 || requestTimeoutMs <= 0 || keepAliveTimeoutMs <= 0) {
            throw new IllegalArgumentException("HTTP timeouts must be positive: headersTimeout " + headersTimeoutMs
                    + " ms, requestTimeout " + requestTimeoutMs + " ms, keepAliveTimeout " + keepAliveTimeoutMs + " ms");
        }
        if (headersTimeoutMs > requestTimeoutMs) {
            throw new IllegalArgumentException("headersTimeout (" + headersTimeoutMs
                    + " ms) must not be longer than requestTimeout (" + requestTimeoutMs + " ms)");
        }
    }
}
