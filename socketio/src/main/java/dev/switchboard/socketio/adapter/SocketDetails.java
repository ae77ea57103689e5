package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Objects;

/**
 * A socket as {@link Adapter#fetchSockets} reports it, on this server or another: plain data, in
 * the shape the cluster protocol carries ({@code {id, handshake, rooms, data}}). The namespace
 * turns the details of its own sockets back into those sockets and the others into proxies whose
 * operations travel through the adapter.
 *
 * @param id the socket id
 * @param handshake its handshake as JSON ({@code {headers, time, address, ...}})
 * @param rooms its rooms
 * @param data its {@code data}, as JSON ({@code null} JSON when none; a Java {@code null} becomes that)
 */
public record SocketDetails(String id, JsonNode handshake, List<String> rooms, JsonNode data) {

    /**
     * Checks and copies.
     *
     * @param id the socket id
     * @param handshake its handshake as JSON ({@code {headers, time, address, ...}})
     * @param rooms its rooms
     * @param data its {@code data}, as JSON ({@code null} JSON when none; a Java {@code null} becomes that)
     */
    public SocketDetails {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handshake, "handshake");
        rooms = List.copyOf(rooms);
        data = data == null ? NullNode.instance : data;
    }
}
