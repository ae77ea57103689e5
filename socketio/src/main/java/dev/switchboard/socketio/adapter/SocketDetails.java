package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.switchboard.socketio.Handshake;
import dev.switchboard.socketio.Socket;
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
 * @param data its {@code data}, as JSON ({@code null} JSON when none; a Java {@code null} becomes that)
 */
public record SocketDetails(String id, Handshake handshake, List<String> rooms, JsonNode data) {

    /** Checks and copies. */
    public SocketDetails {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handshake, "handshake");
        rooms = List.copyOf(rooms);
        data = data == null ? NullNode.instance : data;
    }

    /**
     * The details of a socket of this server, as a cluster adapter reports them to the others.
     *
     * @param socket the socket
     * @return its id, handshake, rooms and data (mapped to JSON with the server's mapper)
     */
    public static SocketDetails of(Socket socket) {
        return new SocketDetails(socket.id(), socket.handshake(), List.copyOf(socket.rooms()),
                socket.data(JsonNode.class));
    }
}
