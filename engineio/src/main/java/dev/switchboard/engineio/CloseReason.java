package dev.switchboard.engineio;

/** Why an Engine.IO session closed, with the reference's reason strings. */
public enum CloseReason {
    /** The peer closed the transport: a WebSocket closed, or a polling client sent {@code 1}. */
    TRANSPORT_CLOSE("transport close"),
    /**
     * The transport failed: an aborted poll or POST, overlapping requests, an oversized WebSocket
     * message, a client ping in v4, or an outbound buffer past its bound.
     */
    TRANSPORT_ERROR("transport error"),
    /** No pong arrived within {@code pingTimeout} of a ping. */
    PING_TIMEOUT("ping timeout"),
    /** The client sent a packet that does not decode. */
    PARSE_ERROR("parse error"),
    /** The server closed the session ({@link EngineSocket#close()} or server shutdown). */
    FORCED_CLOSE("forced close");

    private final String text;

    CloseReason(String text) {
        this.text = text;
    }

    /** {@return the reason as the reference spells it, e.g. {@code "ping timeout"}} */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
