package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Objects;

/**
 * A session found again by {@link Adapter#restoreSession}, with what the client missed.
 *
 * @param sid the socket id to reuse
 * @param pid the private session id to reuse
 * @param rooms the rooms to join again
 * @param data the socket's {@code data}, or {@code null}
 * @param missedPackets the data of each missed EVENT ({@code [name, args..., offset]}), in order
 */
public record RestoredSession(String sid, String pid, List<String> rooms, Object data,
        List<ArrayNode> missedPackets) {

    /**
     * Copies the lists.
     *
     * @param sid the socket id to reuse
     * @param pid the private session id to reuse
     * @param rooms the rooms to join again
     * @param data the socket's {@code data}, or {@code null}
     * @param missedPackets the data of each missed EVENT ({@code [name, args..., offset]}), in order
     */
    public RestoredSession {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(pid, "pid");
        rooms = List.copyOf(rooms);
        missedPackets = List.copyOf(missedPackets);
    }
}
