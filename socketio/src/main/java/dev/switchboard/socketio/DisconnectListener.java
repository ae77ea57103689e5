package dev.switchboard.socketio;

/**
 * Listens for a socket's {@code disconnecting} or {@code disconnect} event.
 */
@FunctionalInterface
public interface DisconnectListener {

    /**
     * Called once.
     *
     * @param reason why the socket left
     * @param description details from the transport (e.g. the error that closed it), or {@code null}
     */
    void onDisconnect(DisconnectReason reason, String description);
}
