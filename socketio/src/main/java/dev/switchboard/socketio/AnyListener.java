package dev.switchboard.socketio;

/**
 * Listens for every event of a socket, incoming ({@link Socket#onAny}) or outgoing
 * ({@link Socket#onAnyOutgoing}).
 */
@FunctionalInterface
public interface AnyListener {

    /**
     * Called for each event.
     *
     * @param event the event name
     * @param args its arguments
     */
    void onEvent(String event, EventArgs args);
}
