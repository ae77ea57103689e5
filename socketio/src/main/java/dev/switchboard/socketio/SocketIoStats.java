package dev.switchboard.socketio;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link SocketIoServer} has done since it was created, as one immutable snapshot
 * ({@link SocketIoServer#stats()}). The Engine.IO side (sessions, transports, bytes, buffer
 * overflows) is in {@code io.engine().stats()}. The counts only grow, except the connected sockets,
 * which are a gauge. Each field is exact; a snapshot taken under traffic may be a few packets
 * apart between two fields, since they are read one after the other.
 *
 * @param connectedSockets the sockets connected now, by namespace name; every namespace of the
 *     server is a key (the children of dynamic namespaces included, while they exist)
 * @param connects the sockets that joined a namespace (their CONNECT was accepted)
 * @param disconnects the sockets that left a namespace, by reason; every reason is a key
 * @param packetsIn the Socket.IO packets received from clients (CONNECT, EVENT, ACK, DISCONNECT;
 *     a binary packet counts once, with its attachments)
 * @param packetsOut the Socket.IO packets handed to clients' connections, one per recipient of a
 *     broadcast
 * @param acksSent the acknowledgements this server sent, answering clients' events
 * @param acksReceived the acknowledgements clients sent, answering this server's emits
 * @param ackTimeouts the emits and broadcasts whose acknowledgements did not all come within
 *     their {@code timeout(...)}: one per emit, one per broadcast
 * @param volatileDropped the volatile packets dropped, one per recipient whose transport could not
 *     take it at once (see {@link SocketIoServer#droppedVolatilePackets()})
 * @param adapterRequests the requests the namespaces' adapters sent to other servers of a cluster
 *     and waited answers for (reported through {@code AdapterContext.reportRequest})
 * @param adapterFailures those requests that failed: timed out or could not be sent
 */
public record SocketIoStats(
        Map<String, Long> connectedSockets,
        long connects,
        Map<DisconnectReason, Long> disconnects,
        long packetsIn,
        long packetsOut,
        long acksSent,
        long acksReceived,
        long ackTimeouts,
        long volatileDropped,
        long adapterRequests,
        long adapterFailures) {

    /**
     * Copies the maps; {@code disconnects} must name every reason.
     *
     * @param connectedSockets see the record's connectedSockets
     * @param connects see the record's connects
     * @param disconnects see the record's disconnects
     * @param packetsIn see the record's packetsIn
     * @param packetsOut see the record's packetsOut
     * @param acksSent see the record's acksSent
     * @param acksReceived see the record's acksReceived
     * @param ackTimeouts see the record's ackTimeouts
     * @param volatileDropped see the record's volatileDropped
     * @param adapterRequests see the record's adapterRequests
     * @param adapterFailures see the record's adapterFailures
     * @throws IllegalArgumentException when {@code disconnects} lacks a reason
     */
    public SocketIoStats {
        connectedSockets = Map.copyOf(connectedSockets);
        Objects.requireNonNull(disconnects, "disconnects");
        EnumMap<DisconnectReason, Long> all = new EnumMap<>(DisconnectReason.class);
        for (DisconnectReason r : DisconnectReason.values()) {
            Long v = disconnects.get(r);
            if (v == null) {
                throw new IllegalArgumentException("no count for " + r.name());
            }
            all.put(r, v);
        }
        disconnects = Map.copyOf(all);
    }

    /**
     * The sockets connected now, all namespaces together.
     *
     * @return the sum of {@link #connectedSockets()}
     */
    public long connectedSocketCount() {
        long n = 0;
        for (long v : connectedSockets.values()) {
            n += v;
        }
        return n;
    }

    /**
     * The sockets that left since start, all reasons together.
     *
     * @return the sum of {@link #disconnects()}
     */
    public long disconnectCount() {
        long n = 0;
        for (long v : disconnects.values()) {
            n += v;
        }
        return n;
    }
}
