package dev.switchboard.socketio;

/**
 * A socket middleware ({@link Socket#use}): runs for each event the socket receives, before the
 * event's listeners. {@link Next#error} drops the event and hands the error to the socket's
 * {@code error} listeners (nothing is sent to the client). A middleware that throws is treated as
 * {@code next.error(thrown)}.
 */
@FunctionalInterface
public interface EventMiddleware {

    /**
     * Checks an incoming event.
     *
     * @param event the event name
     * @param args the event's arguments
     * @param next how to go on
     */
    void handle(String event, EventArgs args, Next next);
}
