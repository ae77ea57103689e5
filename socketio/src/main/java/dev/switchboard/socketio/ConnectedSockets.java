package dev.switchboard.socketio;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connected sockets of one namespace on this server: by id for lookups, and grouped by event
 * loop for a broadcast to all of them.
 *
 * <p>Why the groups: a broadcast to the whole namespace ({@code io.emit}, every message of the
 * seed's chat) would otherwise walk the map's table and look every id up again, for every message
 * and every recipient, which profiling showed costing more than the session's own write. The
 * groups are arrays made on the first such broadcast after a socket came or went and shared by
 * the broadcasts after it, so a burst pays for one walk, not one per message.
 *
 * <p>Consistency is that of the map's iteration: a broadcast sees every socket connected before
 * it started (whose {@link #put} returned), maybe some that come or go while it runs. A change
 * bumps the version after it is in the map, and groups are used only while the version they were
 * made at is current, so groups made before a change are never used after it.
 *
 * <p>Thread-safe.
 */
final class ConnectedSockets {

    private final ConcurrentHashMap<String, Socket> byId = new ConcurrentHashMap<>();
    private final Map<String, Socket> view = Collections.unmodifiableMap(byId);
    private final Set<String> ids = Collections.unmodifiableSet(byId.keySet());
    private final AtomicLong version = new AtomicLong();
    private volatile Groups groups;

    /** Adds a socket that passed the middlewares. */
    void put(Socket socket) {
        byId.put(socket.id(), socket);
        version.incrementAndGet();
    }

    /**
     * Removes a socket if it is the one known by its id.
     *
     * @return whether it was connected
     */
    boolean remove(Socket socket) {
        boolean removed = byId.remove(socket.id(), socket);
        if (removed) {
            version.incrementAndGet();
        }
        return removed;
    }

    /** {@return the connected socket with this id, or {@code null}} */
    Socket get(String id) {
        return byId.get(id);
    }

    /** {@return whether no socket is connected} */
    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** {@return the sockets by id, a live unmodifiable view} */
    Map<String, Socket> view() {
        return view;
    }

    /** {@return the ids, a live unmodifiable view; a broadcast given this very set reads {@link #byLoop()} instead} */
    Set<String> ids() {
        return ids;
    }

    /**
     * The connected sockets grouped by their event loop, in no particular order; the arrays are
     * shared and must not be changed.
     *
     * @return one group per loop with a connected socket; empty when none is connected
     */
    List<LoopGroup> byLoop() {
        long current = version.get();
        Groups g = groups;
        if (g == null || g.version != current) {
            // The version is read before the walk: a change during it leaves these groups stale
            // at once, so the next broadcast makes new ones.
            g = new Groups(current, groupByLoop(byId.values()));
            groups = g;
        }
        return g.byLoop;
    }

    /**
     * Groups sockets by their event loop, each group in the order given.
     *
     * @param sockets the sockets
     * @return one group per loop; empty when there is no socket
     */
    static List<LoopGroup> groupByLoop(Iterable<Socket> sockets) {
        Map<EventExecutor, List<Socket>> byLoop = new IdentityHashMap<>(4);
        for (Socket s : sockets) {
            byLoop.computeIfAbsent(s.loop(), k -> new ArrayList<>()).add(s);
        }
        List<LoopGroup> out = new ArrayList<>(byLoop.size());
        byLoop.forEach((loop, list) -> out.add(new LoopGroup(loop, list.toArray(new Socket[0]))));
        return out;
    }

    /**
     * Sockets that share an event loop.
     *
     * @param loop their loop
     * @param sockets the sockets; shared, read only
     */
    record LoopGroup(EventExecutor loop, Socket[] sockets) {
    }

    private record Groups(long version, List<LoopGroup> byLoop) {
    }
}
