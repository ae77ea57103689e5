package dev.switchboard.socketio;

/**
 * The acknowledgement of a received event: calling {@link #send} answers the client's callback.
 * Only the first call sends anything; later calls are ignored, as in the reference. May be called
 * from any thread, at any time (also after the handler returned).
 */
public interface Ack {

    /**
     * {@return whether the client asked for an acknowledgement (its emit had a callback)} When false,
     * {@link #send} does nothing.
     */
    boolean requested();

    /**
     * Answers with arguments, mapped like {@link Socket#emit(String, Object...)} maps them.
     *
     * @param args the arguments
     */
    void send(Object... args);

    /**
     * Answers with received arguments as they are, e.g. to echo an event back.
     *
     * @param args the arguments
     */
    void send(EventArgs args);
}
