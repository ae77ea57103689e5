package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.socketio.Handshake;
import java.util.List;
import java.util.Objects;

/**
 * A socket of another server, as a cluster adapter receives it in answer to
 * {@code fetchSockets}; {@link AdapterContext#remoteSocket} turns it into a
 * {@link dev.switchboard.socketio.RemoteSocket}.
 *
 * @param id the socket id
 * @param handshake its handshake
 * @param rooms its rooms
 * @param data its {@code data}, as JSON ({@code null} JSON when none)
 */
public record SocketDetails(String id, Handshake handshake, List<String> rooms, JsonNode data) {

    /** Checks and copies. */
    public SocketDetails {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handshake, "handshake");
        rooms = List.copyOf(rooms);
    }
}
