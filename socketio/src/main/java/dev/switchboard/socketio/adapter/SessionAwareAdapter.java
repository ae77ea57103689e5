package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.adapter.internal.Yeast;
import dev.switchboard.socketio.protocol.Packet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The in-memory adapter with connection state recovery, the default when
 * connection state recovery is on.
 *
 * <p>Every broadcast EVENT without ack id that is not volatile gets an offset (appended as the last
 * element of its data, which clients remember) and is kept in one ordered list per namespace.
 * A socket that disconnects for a recoverable reason leaves its session here, keyed by its private id. A client that comes back
 * within {@link AdapterContext#maxDisconnectionDuration()} with that id and an offset still
 * in the list gets its session back and the kept packets after the offset that were meant for its
 * rooms.
 *
 * <p>Sessions and packets older than the duration are purged at most once a minute, when a
 * broadcast or a disconnection happens, so an idle server holds no timer.
 */
public class SessionAwareAdapter extends InMemoryAdapter {

    private static final long PURGE_INTERVAL_MS = 60_000;

    private final long maxDisconnectionMs;
    private final LongSupplier clock;
    private final Yeast yeast;
    private final ConcurrentHashMap<String, Kept> sessions = new ConcurrentHashMap<>();
    private final ArrayDeque<StoredPacket> packets = new ArrayDeque<>(); // guarded by itself
    private volatile long lastPurge;

    /**
     * Creates the adapter of a namespace, reading the system clock.
     *
     * @param context the namespace's side of the contract
     */
    public SessionAwareAdapter(AdapterContext context) {
        this(context, System::currentTimeMillis);
    }

    /**
     * Creates the adapter of a namespace with a clock (for tests).
     *
     * @param context the namespace's side of the contract
     * @param clock milliseconds since the epoch
     */
    public SessionAwareAdapter(AdapterContext context, LongSupplier clock) {
        super(context);
        this.maxDisconnectionMs = context.maxDisconnectionDuration().toMillis();
        this.clock = clock;
        this.yeast = new Yeast(clock);
        this.lastPurge = clock.getAsLong();
    }

    @Override
    public void persistSession(PersistedSession session) {
        long now = clock.getAsLong();
        sessions.put(session.pid(), new Kept(session, now));
        maybePurge(now);
    }

    @Override
    public CompletionStage<RestoredSession> restoreSession(String pid, String offset) {
        Kept kept = sessions.get(pid);
        if (kept == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (kept.disconnectedAt + maxDisconnectionMs < clock.getAsLong()) {
            sessions.remove(pid, kept);
            return CompletableFuture.completedFuture(null);
        }
        List<ArrayNode> missed = new ArrayList<>();
        boolean found = false;
        synchronized (packets) {
            for (StoredPacket p : packets) {
                if (found) {
                    if (shouldInclude(kept.session.rooms(), p.opts)) {
                        missed.add(p.data);
                    }
                } else if (p.id.equals(offset)) {
                    found = true;
                }
            }
        }
        if (!found) {
            return CompletableFuture.completedFuture(null);
        }
        PersistedSession s = kept.session;
        return CompletableFuture.completedFuture(
                new RestoredSession(s.sid(), s.pid(), s.rooms(), s.data(), missed));
    }

    @Override
    public void broadcast(Packet.Event packet, BroadcastOptions opts) {
        if (!packet.hasAck() && !opts.flags().isVolatile()) {
            long now = clock.getAsLong();
            String id;
            ArrayNode data = JsonNodeFactory.instance.arrayNode(packet.data().size() + 1);
            data.addAll(packet.data());
            synchronized (packets) {
                // The id is taken under the same lock as the append, so the list stays in id order.
                id = yeast.next();
                data.add(id);
                packets.add(new StoredPacket(id, opts, data, now));
            }
            packet = new Packet.Event(packet.namespace(), data, Packet.NO_ACK);
            maybePurge(now);
        }
        super.broadcast(packet, opts);
    }

    /** {@return the number of packets kept, for tests and metrics} */
    public int storedPacketCount() {
        synchronized (packets) {
            return packets.size();
        }
    }

    /** {@return the number of sessions kept, for tests and metrics} */
    public int storedSessionCount() {
        return sessions.size();
    }

    private void maybePurge(long now) {
        if (now - lastPurge < PURGE_INTERVAL_MS) {
            return;
        }
        lastPurge = now;
        long threshold = now - maxDisconnectionMs;
        sessions.values().removeIf(k -> k.disconnectedAt < threshold);
        synchronized (packets) {
            Iterator<StoredPacket> it = packets.iterator();
            while (it.hasNext() && it.next().emittedAt < threshold) {
                it.remove();
            }
        }
    }

    private static boolean shouldInclude(List<String> sessionRooms, BroadcastOptions opts) {
        boolean included = opts.rooms().isEmpty();
        for (String room : sessionRooms) {
            if (opts.except().contains(room)) {
                return false;
            }
            if (!included && opts.rooms().contains(room)) {
                included = true;
            }
        }
        return included;
    }

    private record Kept(PersistedSession session, long disconnectedAt) {
    }

    private record StoredPacket(String id, BroadcastOptions opts, ArrayNode data, long emittedAt) {
    }
}
