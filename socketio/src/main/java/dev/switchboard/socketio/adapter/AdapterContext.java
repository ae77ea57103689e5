package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoOptions;
import dev.switchboard.socketio.protocol.Packet;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The namespace's side of the adapter contract: what an {@link Adapter} may do to this server's
 * sockets beyond their public API. Implemented by the namespace; thread-safe.
 */
public interface AdapterContext {

    /** The namespace. */
    Namespace namespace();

    /** The namespace's name. */
    default String name() {
        return namespace().name();
    }

    /** The server's options (parser, mapper, connection state recovery). */
    SocketIoOptions options();

    /**
     * Encodes a packet with the server's parser.
     *
     * @param packet the packet
     * @return the messages, shareable between recipients
     */
    List<Message> encode(Packet packet);

    /**
     * A connected socket of this server.
     *
     * @param id the socket id
     * @return the socket, or {@code null}
     */
    Socket socket(String id);

    /** The connected sockets of this server, a live view. */
    Collection<Socket> sockets();

    /** The next acknowledgement id of the namespace (shared by socket emits and broadcasts). */
    long nextAckId();

    /**
     * Writes an encoded EVENT to sockets of this server: one task per event loop, volatile
     * packets dropped for transports that cannot take them now, outgoing listeners told.
     *
     * @param recipients the sockets
     * @param packet the packet, as decoded form for outgoing listeners
     * @param encoded its encoding
     * @param flags the modifiers
     */
    void deliver(List<Socket> recipients, Packet.Event packet, List<Message> encoded, BroadcastFlags flags);

    /**
     * Like {@link #deliver}, and registers the packet's ack id on each recipient; each answer's
     * first argument goes to {@code ack} until {@link BroadcastFlags#timeout()} has passed.
     *
     * @param recipients the sockets
     * @param packet the packet, with its ack id
     * @param encoded its encoding
     * @param flags the modifiers
     * @param ack receives the answers
     */
    void deliverWithAck(List<Socket> recipients, Packet.Event packet, List<Message> encoded,
            BroadcastFlags flags, Consumer<JsonNode> ack);

    /**
     * Hands an event from another server to this namespace's server-side listeners
     * ({@link Namespace#onServerSideEvent}).
     *
     * @param packet {@code [event, args...]}
     * @param ack receives the first argument of the listener's answer, once; {@code null} when
     *     the sender asked for none
     */
    void emitServerSide(ArrayNode packet, Consumer<JsonNode> ack);

    /**
     * A proxy for a socket of another server.
     *
     * @param details what that server reported
     * @return the proxy: its emits, joins and disconnects go through the adapter
     */
    RemoteSocket remoteSocket(SocketDetails details);
}
