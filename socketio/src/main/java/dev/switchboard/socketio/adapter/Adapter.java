package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.socketio.protocol.Packet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Keeps a namespace's rooms and delivers its broadcasts: the {@code adapter} of socket.io
 * (socket.io-adapter 2.5). One instance per namespace, created by an {@link AdapterFactory} with
 * the namespace's {@link AdapterContext}.
 *
 * <p>{@link InMemoryAdapter} is the default and the base to extend: a cluster adapter overrides
 * the operations that must reach other servers ({@link #broadcast}, {@link #broadcastWithAck},
 * {@link #fetchSockets}, {@link #addSockets}, {@link #delSockets}, {@link #disconnectSockets},
 * {@link #serverSideEmit}, {@link #serverSideEmitWithAck}, {@link #serverCount}), publishes them
 * unless {@link BroadcastFlags#local()}, and calls the in-memory implementation for this server's
 * sockets; on receiving another node's request it calls the in-memory implementation too, and
 * {@link AdapterContext#emitServerSide} / {@link AdapterContext#details} for the rest. An adapter
 * sees sockets by id only, through its {@link AdapterContext}, and never the user API.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread (event loops, handler threads, the adapter's own I/O
 * threads) and must not block.
 */
public interface Adapter {

    /**
     * Starts the adapter (subscriptions, heartbeats); called once after creation.
     *
     * @return a stage that completes once it is ready
     */
    default CompletionStage<Void> init() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Stops the adapter; called when the namespace goes away or the server closes.
     *
     * @return a stage that completes once it is stopped
     */
    default CompletionStage<Void> close() {
        return CompletableFuture.completedFuture(null);
    }

    /** {@return the number of servers in the cluster, this one included (1 for a single server)} */
    CompletionStage<Integer> serverCount();

    /**
     * Adds a socket to rooms.
     *
     * @param id the socket id
     * @param rooms the rooms
     */
    void addAll(String id, Set<String> rooms);

    /**
     * Removes a socket from a room.
     *
     * @param id the socket id
     * @param room the room
     */
    void del(String id, String room);

    /**
     * Removes a socket from every room.
     *
     * @param id the socket id
     */
    void delAll(String id);

    /**
     * Sends an EVENT to the targeted sockets. The packet is encoded once for all of them.
     *
     * @param packet the event, its namespace this adapter's; an ack id only when it was emitted
     *     by one socket that registered it itself
     * @param opts the target and the modifiers
     */
    void broadcast(Packet.Event packet, BroadcastOptions opts);

    /**
     * Sends an EVENT to the targeted sockets and collects their acknowledgements. The adapter
     * allocates the ack id ({@link AdapterContext#nextAckId()}).
     *
     * @param packet the event, without ack id
     * @param opts the target and the modifiers ({@link BroadcastFlags#timeout()} bounds the wait)
     * @param handler told how many clients each server reached, and each answer
     */
    void broadcastWithAck(Packet.Event packet, BroadcastOptions opts, BroadcastAckHandler handler);

    /**
     * The ids of the sockets in any of {@code rooms} (all when empty), on this server.
     *
     * @param rooms the rooms
     * @return the ids
     */
    CompletionStage<Set<String>> sockets(Set<String> rooms);

    /**
     * The rooms of a socket of this server.
     *
     * @param id the socket id
     * @return an unmodifiable view, or {@code null} for an unknown socket
     */
    Set<String> socketRooms(String id);

    /** {@return the rooms that have members on this server, a snapshot} */
    Set<String> rooms();

    /**
     * The targeted sockets, across the cluster, described as data (this server's from
     * {@link AdapterContext#details}); the namespace hands its own back as themselves and the
     * others as proxies.
     *
     * @param opts the target
     * @return the sockets
     */
    CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts);

    /**
     * Makes the targeted sockets join rooms.
     *
     * @param opts the target
     * @param rooms the rooms to join
     */
    void addSockets(BroadcastOptions opts, Set<String> rooms);

    /**
     * Makes the targeted sockets leave rooms.
     *
     * @param opts the target
     * @param rooms the rooms to leave
     */
    void delSockets(BroadcastOptions opts, Set<String> rooms);

    /**
     * Disconnects the targeted sockets.
     *
     * @param opts the target
     * @param close whether to close their whole connections
     */
    void disconnectSockets(BroadcastOptions opts, boolean close);

    /**
     * Sends an event to the other servers of the cluster.
     *
     * @param packet {@code [event, args...]}
     */
    void serverSideEmit(ArrayNode packet);

    /**
     * Sends an event to the other servers of the cluster and collects one answer per server.
     *
     * @param packet {@code [event, args...]}
     * @param callback called once with the answers
     */
    void serverSideEmitWithAck(ArrayNode packet, ResponsesCallback callback);

    /**
     * Keeps a disconnected socket's session for connection state recovery.
     *
     * @param session the session
     */
    default void persistSession(PersistedSession session) {
    }

    /**
     * Finds a session kept by {@link #persistSession} and the packets its client missed since
     * {@code offset}.
     *
     * @param pid the private session id the client presented
     * @param offset the offset of the last packet the client received
     * @return the session, or {@code null} when it cannot be recovered
     */
    default CompletionStage<RestoredSession> restoreSession(String pid, String offset) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Listens for room events.
     *
     * @param listener the listener
     */
    void addListener(AdapterListener listener);

    /**
     * Stops listening.
     *
     * @param listener a listener given to {@link #addListener}
     */
    void removeListener(AdapterListener listener);

    /**
     * Listens for {@code create-room}.
     *
     * @param listener called with the room
     * @return the registered listener, for {@link #removeListener}
     */
    default AdapterListener onCreateRoom(Consumer<String> listener) {
        AdapterListener l = new AdapterListener() {
            @Override
            public void onCreateRoom(String room) {
                listener.accept(room);
            }
        };
        addListener(l);
        return l;
    }

    /**
     * Listens for {@code delete-room}.
     *
     * @param listener called with the room
     * @return the registered listener, for {@link #removeListener}
     */
    default AdapterListener onDeleteRoom(Consumer<String> listener) {
        AdapterListener l = new AdapterListener() {
            @Override
            public void onDeleteRoom(String room) {
                listener.accept(room);
            }
        };
        addListener(l);
        return l;
    }

    /**
     * Listens for {@code join-room}.
     *
     * @param listener called with the room and the socket id
     * @return the registered listener, for {@link #removeListener}
     */
    default AdapterListener onJoinRoom(BiConsumer<String, String> listener) {
        AdapterListener l = new AdapterListener() {
            @Override
            public void onJoinRoom(String room, String id) {
                listener.accept(room, id);
            }
        };
        addListener(l);
        return l;
    }

    /**
     * Listens for {@code leave-room}.
     *
     * @param listener called with the room and the socket id
     * @return the registered listener, for {@link #removeListener}
     */
    default AdapterListener onLeaveRoom(BiConsumer<String, String> listener) {
        AdapterListener l = new AdapterListener() {
            @Override
            public void onLeaveRoom(String room, String id) {
                listener.accept(room, id);
            }
        };
        addListener(l);
        return l;
    }
}
