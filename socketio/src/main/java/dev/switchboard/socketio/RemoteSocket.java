package dev.switchboard.socketio;

import java.time.Duration;
import java.util.Set;

/**
 * A socket as {@code fetchSockets()} returns it: on this server a {@link Socket}, on another node
 * of a cluster a proxy whose operations travel through the adapter.
 */
public interface RemoteSocket {

    /** {@return the socket id} */
    String id();

    /** {@return the handshake} */
    Handshake handshake();

    /** {@return the rooms the socket is in (including its own id), a snapshot} */
    Set<String> rooms();

    /**
     * The socket's {@code data}, mapped to a type.
     *
     * @param type the type
     * @param <T> the type
     * @return the data, or {@code null} when none was set
     * @throws IllegalArgumentException when the data does not map to the type
     */
    <T> T data(Class<T> type);

    /**
     * Emits an event to the socket.
     *
     * @param event the event name
     * @param args the arguments
     */
    void emit(String event, Object... args);

    /**
     * An emitter whose acknowledgements time out after {@code timeout}.
     *
     * @param timeout how long to wait for an answer
     * @return the emitter
     */
    Emitter timeout(Duration timeout);

    /**
     * Joins rooms.
     *
     * @param rooms the rooms
     */
    void join(String... rooms);

    /**
     * Leaves a room.
     *
     * @param room the room
     */
    void leave(String room);

    /**
     * Disconnects the socket from its namespace.
     *
     * @param close whether to close the whole underlying connection (every namespace)
     */
    void disconnect(boolean close);
}
