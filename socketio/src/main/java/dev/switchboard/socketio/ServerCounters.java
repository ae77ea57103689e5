package dev.switchboard.socketio;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts behind {@link SocketIoServer#stats()}. Every event loop (and the handler executor's
 * threads, for acknowledgements) adds to them, so each is a {@link LongAdder}: an increment takes
 * no lock and allocates nothing once its cells exist, and contended threads write to cells of
 * their own.
 */
final class ServerCounters {

    final LongAdder connects = new LongAdder();
    private final LongAdder[] disconnects = new LongAdder[DisconnectReason.values().length];
    final LongAdder packetsIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    final LongAdder acksSent = new LongAdder();
    final LongAdder acksReceived = new LongAdder();
    final LongAdder ackTimeouts = new LongAdder();
    final LongAdder volatileDropped = new LongAdder();
    final LongAdder adapterRequests = new LongAdder();
    final LongAdder adapterFailures = new LongAdder();

    ServerCounters() {
        for (int i = 0; i < disconnects.length; i++) {
            disconnects[i] = new LongAdder();
        }
    }

    void disconnected(DisconnectReason reason) {
        disconnects[reason.ordinal()].increment();
    }

    /** {@return a snapshot, with the connected sockets of {@code namespaces}} */
    SocketIoStats snapshot(Iterable<Namespace> namespaces) {
        Map<String, Long> connected = new LinkedHashMap<>();
        for (Namespace nsp : namespaces) {
            connected.put(nsp.name(), (long) nsp.sockets().size());
        }
        Map<DisconnectReason, Long> left = new EnumMap<>(DisconnectReason.class);
        for (DisconnectReason r : DisconnectReason.values()) {
            left.put(r, disconnects[r.ordinal()].sum());
        }
        return new SocketIoStats(connected, connects.sum(), left, packetsIn.sum(), packetsOut.sum(),
                acksSent.sum(), acksReceived.sum(), ackTimeouts.sum(), volatileDropped.sum(),
                adapterRequests.sum(), adapterFailures.sum());
    }
}
