package dev.switchboard.engineio;

/**
 * A request the server refused, as reported to {@link EngineIoServer#onConnectionError}: the
 * reference's {@code connection_error} event.
 *
 * @param request the refused request
 * @param error the error code and default message
 * @param message the message sent to the client (differs from the default only for a custom
 *     {@code allowRequest} denial)
 * @param context what was wrong, e.g. {@code "TRANSPORT_MISMATCH"} or the unknown sid
 */
public record ConnectionError(RequestInfo request, EngineError error, String message, String context) {
}
