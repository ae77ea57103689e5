package dev.switchboard.socketio.adapter;

import java.util.List;
import java.util.Objects;

/**
 * What connection state recovery keeps of a socket that disconnected.
 *
 * @param sid the socket id
 * @param pid the private session id the client presents to recover
 * @param rooms the rooms the socket was in, its own id included
 * @param data the socket's {@code data} object, or {@code null}
 */
public record PersistedSession(String sid, String pid, List<String> rooms, Object data) {

    /**
     * Copies the rooms.
     *
     * @param sid the socket id
     * @param pid the private session id the client presents to recover
     * @param rooms the rooms the socket was in, its own id included
     * @param data the socket's {@code data} object, or {@code null}
     */
    public PersistedSession {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(pid, "pid");
        rooms = List.copyOf(rooms);
    }
}
