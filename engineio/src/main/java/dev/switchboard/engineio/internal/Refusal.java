package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.TransportType;

/**
 * Why a request is refused: the error and what caused it.
 *
 * @param error the Engine.IO error answered
 * @param message a custom message (allowRequest's), or null for the error's own
 * @param context what caused it, for {@code connection_error} listeners
 */
record Refusal(EngineError error, String message, String context) {

    String body() {
        return message == null ? error.json() : error.json(message);
    }

    /** {@return the message the client is told: a custom one (allowRequest's) or the error's} */
    String text() {
        return message == null ? error.message() : message;
    }

    /**
     * The checks every request passes before any session lookup or handshake, in the reference's order.
     *
     * @return why the request is refused, or null when it may go on
     */
    static Refusal verify(EngineIoOptions options, RequestInfo req, boolean upgrade) {
        String transportName = req.queryParam("transport");
        TransportType transport = TransportType.fromWireName(transportName);
        if (transport == null || !options.transports().contains(transport)) {
            return new Refusal(EngineError.UNKNOWN_TRANSPORT, null, String.valueOf(transportName));
        }
        String origin = req.header("origin");
        if (origin != null && !validHeaderValue(origin)) {
            return new Refusal(EngineError.BAD_REQUEST, null, "INVALID_ORIGIN");
        }
        if (req.queryParam("sid") != null) {
            // The session checks (lookup, transport, protocol) follow, in that order.
            return null;
        }
        if (!"GET".equals(req.method())) {
            return new Refusal(EngineError.BAD_HANDSHAKE_METHOD, null, req.method());
        }
        if (transport == TransportType.WEBSOCKET && !upgrade) {
            return new Refusal(EngineError.BAD_REQUEST, null, "TRANSPORT_HANDSHAKE_ERROR");
        }
        return null;
    }

    /** Header values may hold visible ASCII, obs-text, space and tab only (RFC 7230). */
    private static boolean validHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c == '\t' || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) {
                return false;
            }
        }
        return true;
    }
}
