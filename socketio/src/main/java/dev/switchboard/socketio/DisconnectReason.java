package dev.switchboard.socketio;

import dev.switchboard.engineio.CloseReason;

/**
 * Why a socket left its namespace, with the reference's reason strings ({@link #text()}), as the
 * {@code disconnecting} and {@code disconnect} listeners receive them.
 */
public enum DisconnectReason {
    /** The transport failed: aborted request, overlap, oversized message, outbound buffer full. */
    TRANSPORT_ERROR("transport error", true),
    /** The client closed the transport (WebSocket closed, or a polling close packet). */
    TRANSPORT_CLOSE("transport close", true),
    /** The server closed the Engine.IO connection, e.g. after a packet that does not decode. */
    FORCED_CLOSE("forced close", true),
    /** The client did not answer a ping in time. */
    PING_TIMEOUT("ping timeout", true),
    /** The client sent an Engine.IO packet that does not decode. */
    PARSE_ERROR("parse error", false),
    /** {@link SocketIoServer#close()}. */
    SERVER_SHUTTING_DOWN("server shutting down", true),
    /** The client broke the Socket.IO protocol; the whole connection was closed. */
    FORCED_SERVER_CLOSE("forced server close", true),
    /** The client left the namespace (a DISCONNECT packet). */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect", false),
    /** The server disconnected the socket ({@link Socket#disconnect()}, {@code disconnectSockets}). */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect", false);

    private final String text;
    private final boolean recoverable;

    DisconnectReason(String text, boolean recoverable) {
        this.text = text;
        this.recoverable = recoverable;
    }

    /** {@return the reason as the reference spells it, e.g. {@code "client namespace disconnect"}} */
    public String text() {
        return text;
    }

    /**
     * {@return whether connection state recovery keeps the session for a reconnection: true for the
     * transport-level reasons and server shutdown, false when either side left on purpose or the
     * client sent garbage}
     */
    public boolean recoverable() {
        return recoverable;
    }

    /**
     * The reason for an Engine.IO close reason.
     *
     * @param reason the engine's reason
     * @return the matching reason
     */
    public static DisconnectReason of(CloseReason reason) {
        return switch (reason) {
            case TRANSPORT_CLOSE -> TRANSPORT_CLOSE;
            case TRANSPORT_ERROR -> TRANSPORT_ERROR;
            case PING_TIMEOUT -> PING_TIMEOUT;
            case PARSE_ERROR -> PARSE_ERROR;
            case FORCED_CLOSE -> FORCED_CLOSE;
        };
    }

    /**
     * The reason spelled {@code text}, or {@code null}.
     *
     * @param text a reason string such as {@code "ping timeout"}
     * @return the reason, or {@code null} if the text is not one of the reasons
     */
    public static DisconnectReason fromText(String text) {
        for (DisconnectReason r : values()) {
            if (r.text.equals(text)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
