package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.socketio.protocol.Packet;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The namespace's side of the adapter contract: what an {@link Adapter} may do to this server's
 * sockets, which it knows by id only. A narrow emitter, never the user API: an adapter keeps the
 * rooms and decides who gets what; the namespace writes to its sockets, joins them to rooms,
 * disconnects them and describes them. Implemented by the namespace; thread-safe. Operations on
 * an id that is not (or no longer) a connected socket of this server do nothing.
 */
public interface AdapterContext {

    /** {@return the namespace's name, e.g. {@code /} or {@code /admin}} */
    String name();

    /**
     * {@return how long connection state recovery keeps a disconnected socket's session (its default when
     * recovery is off)}
     */
    Duration maxDisconnectionDuration();

    /**
     * Whether connection state recovery is on, so that a cluster adapter appends each broadcast's
     * offset to the data its clients receive.
     *
     * @return whether it is on ({@code false} unless the namespace says so)
     */
    default boolean connectionStateRecovery() {
        return false;
    }

    /**
     * Encodes a packet with the server's parser.
     *
     * @param packet the packet
     * @return the messages, shareable between recipients
     */
    List<Message> encode(Packet packet);

    /** {@return the ids of the connected sockets of this server, a live view} */
    Collection<String> socketIds();

    /**
     * Whether a socket of this server is connected.
     *
     * @param id the socket id
     * @return true when it is
     */
    boolean isConnected(String id);

    /** {@return the next acknowledgement id of the namespace (shared by socket emits and broadcasts)} */
    long nextAckId();

    /**
     * Writes an encoded EVENT to sockets of this server: one task per event loop, volatile
     * packets dropped for transports that cannot take them now, outgoing listeners told.
     *
     * @param ids the sockets; {@link #socketIds()} itself means every connected socket, sent to
     *     without looking each id up
     * @param packet the packet, as decoded form for outgoing listeners
     * @param encoded its encoding
     * @param flags the modifiers
     */
    void send(Collection<String> ids, Packet.Event packet, List<Message> encoded, BroadcastFlags flags);

    /**
     * Like {@link #send}, and registers the packet's ack id on each recipient; each answer's
     * first argument goes to {@code ack} until {@link BroadcastFlags#timeout()} has passed.
     *
     * @param ids the sockets
     * @param packet the packet, with its ack id
     * @param encoded its encoding
     * @param flags the modifiers
     * @param ack receives the answers
     */
    void sendWithAck(Collection<String> ids, Packet.Event packet, List<Message> encoded, BroadcastFlags flags,
            Consumer<JsonNode> ack);

    /**
     * Makes a socket join rooms, as its own {@code join} does (a socket that is leaving for good
     * joins nothing).
     *
     * @param id the socket
     * @param rooms the rooms
     */
    void join(String id, Set<String> rooms);

    /**
     * Makes a socket leave a room.
     *
     * @param id the socket
     * @param room the room
     */
    void leave(String id, String room);

    /**
     * Disconnects a socket.
     *
     * @param id the socket
     * @param close whether to close its whole connection
     */
    void disconnect(String id, boolean close);

    /**
     * Describes a socket of this server as the cluster protocol carries it (for
     * {@link Adapter#fetchSockets}).
     *
     * @param id the socket
     * @return its id, handshake, rooms and data as JSON, or {@code null} when it is not connected
     */
    SocketDetails details(String id);

    /**
     * Hands an event from another server to this namespace's server-side listeners.
     *
     * @param packet {@code [event, args...]}
     * @param ack receives the first argument of the listener's answer, once; {@code null} when
     *     the sender asked for none
     */
    void emitServerSide(ArrayNode packet, Consumer<JsonNode> ack);

    /**
     * Counts one request the adapter sent to the other servers of its cluster and waits answers
     * for ({@code fetchSockets}, {@code serverSideEmitWithAck} and the like), for the server's
     * {@code stats()}. Cheap and thread-safe; an adapter without a cluster never calls it. Does
     * nothing by default, for contexts that count nothing (tests).
     */
    default void reportRequest() {
    }

    /**
     * Counts one request reported through {@link #reportRequest()} that failed: it timed out, or it
     * could not be sent. Does nothing by default.
     *
     * @param error why it failed
     */
    default void reportFailure(Throwable error) {
    }
}
