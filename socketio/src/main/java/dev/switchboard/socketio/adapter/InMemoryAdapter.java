package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.internal.shared.ListenerList;
import dev.switchboard.socketio.adapter.internal.RoomSets;
import dev.switchboard.socketio.protocol.Packet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default adapter: rooms in memory, broadcasts to this server's sockets only. The base class
 * of the other adapters (see {@link Adapter} for how a cluster adapter builds on it).
 *
 * <p>Rooms live in two concurrent maps (room to members, socket to rooms) updated atomically per
 * key, so sockets on different event loops join and leave without a global lock and broadcasts
 * read them without locking. A broadcast is encoded once, and only when it has a recipient.
 */
public class InMemoryAdapter implements Adapter {

    private static final Logger log = LoggerFactory.getLogger(InMemoryAdapter.class);

    /** The namespace's side of the contract. */
    protected final AdapterContext context;

    private final ConcurrentHashMap<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> sids = new ConcurrentHashMap<>();
    private final ListenerList<AdapterListener> listeners = new ListenerList<>();

    /**
     * Creates the adapter of a namespace.
     *
     * @param context the namespace's side of the contract
     */
    public InMemoryAdapter(AdapterContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return CompletableFuture.completedFuture(1);
    }

    @Override
    public void addAll(String id, Set<String> roomsToJoin) {
        for (String room : roomsToJoin) {
            // A socket's own room is {id} on both sides: the sets are immutable while small, so
            // one serves as the socket's rooms and as the room's members (every socket has one).
            Set<String> own = room.equals(id) ? RoomSets.add(null, id) : null;
            sids.compute(id, (k, set) -> set == null && own != null ? own : RoomSets.add(set, room));
            boolean[] change = new boolean[2];
            rooms.compute(room, (k, set) -> {
                change[0] = set == null;
                change[1] = set == null || !set.contains(id);
                return set == null && own != null ? own : RoomSets.add(set, id);
            });
            if (change[0]) {
                fireCreate(room);
            }
            if (change[1]) {
                fireJoin(room, id);
            }
        }
    }

    @Override
    public void del(String id, String room) {
        sids.computeIfPresent(id, (k, set) -> RoomSets.remove(set, room));
        removeFromRoom(room, id);
    }

    private void removeFromRoom(String room, String id) {
        boolean[] change = new boolean[2];
        rooms.computeIfPresent(room, (k, set) -> {
            change[0] = set.contains(id);
            Set<String> after = RoomSets.remove(set, id);
            change[1] = after == null;
            return after;
        });
        if (change[0]) {
            fireLeave(room, id);
        }
        if (change[1]) {
            fireDelete(room);
        }
    }

    @Override
    public void delAll(String id) {
        Set<String> joined = sids.remove(id);
        if (joined == null) {
            return;
        }
        for (String room : joined) {
            removeFromRoom(room, id);
        }
    }

    @Override
    public void broadcast(Packet.Event packet, BroadcastOptions opts) {
        // To every socket: the context's own live set, which it delivers to without a copy or a
        // lookup per id (see AdapterContext#send).
        Collection<String> recipients = opts.rooms().isEmpty() && opts.except().isEmpty()
                ? context.socketIds() : recipients(opts);
        if (recipients.isEmpty()) {
            return;
        }
        Packet.Event own = inThisNamespace(packet);
        context.send(recipients, own, context.encode(own), opts.flags());
    }

    @Override
    public void broadcastWithAck(Packet.Event packet, BroadcastOptions opts, BroadcastAckHandler handler) {
        Packet.Event withId = new Packet.Event(context.name(), packet.data(), context.nextAckId());
        List<String> recipients = recipients(opts);
        if (!recipients.isEmpty()) {
            List<Message> encoded = context.encode(withId);
            context.sendWithAck(recipients, withId, encoded, opts.flags(), handler::ack);
        }
        handler.clientCount(recipients.size());
    }

    /** The packet, moved to this namespace if it was built for another (a parent's broadcast). */
    private Packet.Event inThisNamespace(Packet.Event packet) {
        return packet.namespace().equals(context.name()) ? packet
                : new Packet.Event(context.name(), packet.data(), packet.ackId());
    }

    @Override
    public CompletionStage<Set<String>> sockets(Set<String> targetRooms) {
        return CompletableFuture.completedFuture(
                new LinkedHashSet<>(recipients(new BroadcastOptions(targetRooms, Set.of(), BroadcastFlags.DEFAULT))));
    }

    @Override
    public Set<String> socketRooms(String id) {
        Set<String> set = sids.get(id);
        return set == null ? null : Collections.unmodifiableSet(set);
    }

    @Override
    public Set<String> rooms() {
        return Set.copyOf(rooms.keySet());
    }

    @Override
    public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
        return CompletableFuture.completedFuture(localDetails(opts));
    }

    /**
     * The details of this server's targeted sockets, for {@link #fetchSockets} and for answering
     * another server's request.
     *
     * @param opts the target
     * @return the details, in {@link #recipients} order
     */
    protected List<SocketDetails> localDetails(BroadcastOptions opts) {
        List<SocketDetails> out = new ArrayList<>();
        for (String id : recipients(opts)) {
            SocketDetails details = context.details(id);
            if (details != null) {
                out.add(details);
            }
        }
        return out;
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> roomsToJoin) {
        for (String id : recipients(opts)) {
            context.join(id, roomsToJoin);
        }
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> roomsToLeave) {
        for (String id : recipients(opts)) {
            for (String room : roomsToLeave) {
                context.leave(id, room);
            }
        }
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        for (String id : recipients(opts)) {
            context.disconnect(id, close);
        }
    }

    @Override
    public void serverSideEmit(ArrayNode packet) {
        log.warn("this adapter does not support the serverSideEmit() functionality");
    }

    /**
     * There is no other server: logs the same warning as {@link #serverSideEmit} and answers
     * at once with no responses.
     */
    @Override
    public void serverSideEmitWithAck(ArrayNode packet, ResponsesCallback callback) {
        log.warn("this adapter does not support the serverSideEmit() functionality");
        callback.done(null, List.of());
    }

    @Override
    public void addListener(AdapterListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(AdapterListener listener) {
        listeners.removeFirst(listener);
    }

    /**
     * The ids of the targeted sockets of this server, each once: connected members of any of the
     * rooms (every connected socket when there are none) not in an except room.
     *
     * @param opts the target
     * @return the ids, in room and join order
     */
    protected List<String> recipients(BroadcastOptions opts) {
        Set<String> except = exceptIds(opts.except());
        Set<String> targetRooms = opts.rooms();
        if (targetRooms.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (String id : context.socketIds()) {
                if (except == null || !except.contains(id)) {
                    out.add(id);
                }
            }
            return out;
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = targetRooms.size() > 1 ? new HashSet<>() : null;
        for (String room : targetRooms) {
            Set<String> members = rooms.get(room);
            if (members == null) {
                continue;
            }
            for (String id : members) {
                if ((seen != null && !seen.add(id)) || (except != null && except.contains(id))) {
                    continue;
                }
                if (context.isConnected(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    private Set<String> exceptIds(Set<String> exceptRooms) {
        if (exceptRooms.isEmpty()) {
            return null;
        }
        Set<String> ids = new HashSet<>();
        for (String room : exceptRooms) {
            Set<String> members = rooms.get(room);
            if (members != null) {
                ids.addAll(members);
            }
        }
        return ids;
    }

    private void fireCreate(String room) {
        fire(l -> l.onCreateRoom(room));
    }

    private void fireDelete(String room) {
        fire(l -> l.onDeleteRoom(room));
    }

    private void fireJoin(String room, String id) {
        fire(l -> l.onJoinRoom(room, id));
    }

    private void fireLeave(String room, String id) {
        fire(l -> l.onLeaveRoom(room, id));
    }

    private void fire(Consumer<AdapterListener> event) {
        listeners.fire(event, (l, e) -> log.error("adapter listener of namespace {} threw", context.name(), e));
    }
}
