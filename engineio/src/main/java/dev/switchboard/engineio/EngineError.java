package dev.switchboard.engineio;

/**
 * The errors with which the server refuses an Engine.IO request, with the reference's codes,
 * messages and HTTP statuses. A refused polling request is answered with the status and the body
 * {@link #json()}; a refused WebSocket upgrade with 400 and {@link #message()} as text, except
 * {@link #LIMIT_REACHED}, which is answered as over polling.
 */
public enum EngineError {
    /** Code 0: the transport is missing, unknown or not enabled. */
    UNKNOWN_TRANSPORT(0, "Transport unknown", 400),
    /** Code 1: the {@code sid} names no open session. */
    UNKNOWN_SID(1, "Session ID unknown", 400),
    /** Code 2: a handshake that is not a GET. */
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
    /** Code 3: a request that contradicts the session (wrong transport, protocol) or is malformed. */
    BAD_REQUEST(3, "Bad request", 400),
    /** Code 4: {@code allowRequest} refused the handshake. */
    FORBIDDEN(4, "Forbidden", 403),
    /** Code 5: an {@code EIO} version other than 4. */
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400),
    /**
     * Code 4 with 503: a {@link ConnectionLimits} limit refused the handshake; the message names
     * which ({@code "Too many connections"}, {@code "Too many connections from this address"},
     * {@code "Too many handshakes from this address"}, {@code "Too many pending handshakes"}). Ours:
     * Node's engine.io has no such limits; code 4 is its code for a refused handshake.
     */
    LIMIT_REACHED(4, "Too many connections", 503);

    private final int code;
    private final String message;
    private final int httpStatus;
    private final String json;

    EngineError(int code, String message, int httpStatus) {
        this.code = code;
        this.message = message;
        this.httpStatus = httpStatus;
        this.json = json(message);
    }

    /** {@return the numeric code in the JSON body} */
    public int code() {
        return code;
    }

    /** {@return the default message, e.g. {@code "Session ID unknown"}} */
    public String message() {
        return message;
    }

    /**
     * {@return the HTTP status of a refused polling request (403 for {@link #FORBIDDEN}, 503 for
     * {@link #LIMIT_REACHED}, 400 otherwise)}
     */
    public int httpStatus() {
        return httpStatus;
    }

    /** {@return the JSON body of a refused polling request, e.g. {@code {"code":1,"message":"Session ID unknown"}}} */
    public String json() {
        return json;
    }

    /**
     * The JSON body with another message, as {@code allowRequest} may give for {@link #FORBIDDEN}.
     *
     * @param customMessage the message to put in the body
     * @return the JSON body
     */
    public String json(String customMessage) {
        return "{\"code\":" + code + ",\"message\":" + Json.quote(customMessage) + "}";
    }
}
