package dev.switchboard.socketio;

/**
 * Handles one received event: {@code socket.on("echo", (args, ack) -> ack.send(args))}.
 * Exceptions thrown are logged with the event name and socket id; the socket goes on.
 */
@FunctionalInterface
public interface EventHandler {

    /**
     * Handles the event.
     *
     * @param args the event's arguments (without its name)
     * @param ack the acknowledgement; {@link Ack#requested()} tells whether the client expects one
     */
    void handle(EventArgs args, Ack ack);
}
