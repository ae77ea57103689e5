package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoStats;
import dev.switchboard.engineio.TransportType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts behind {@code EngineIoServer.stats()}. Sessions on every event loop add to them, so
 * each is a {@link LongAdder}: an increment takes no lock and allocates nothing once its cells
 * exist, and contended loops write to cells of their own. Packets are counted per flush and per
 * received packet, never per recipient of a broadcast in a loop of its own.
 */
final class EngineCounters {

    private final LongAdder openPolling = new LongAdder();
    private final LongAdder openWebSocket = new LongAdder();
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder upgrades = new LongAdder();
    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder bufferOverflows = new LongAdder();
    private final LongAdder[] closes = new LongAdder[CloseReason.values().length];

    EngineCounters() {
        for (int i = 0; i < closes.length; i++) {
            closes[i] = new LongAdder();
        }
    }

    private LongAdder open(TransportType t) {
        return t == TransportType.WEBSOCKET ? openWebSocket : openPolling;
    }

    /** A session opened over {@code t}. */
    void opened(TransportType t) {
        handshakes.increment();
        open(t).increment();
    }

    /** A polling session now runs over WebSocket. */
    void upgraded() {
        upgrades.increment();
        openPolling.decrement();
        openWebSocket.increment();
    }

    /** A packet arrived on a session's transport; {@code bytes} is its message size, 0 for control packets. */
    void received(int bytes) {
        packetsIn.increment();
        if (bytes > 0) {
            bytesIn.add(bytes);
        }
    }

    /** A flush handed {@code packets} packets holding {@code bytes} of message data to a transport. */
    void sent(int packets, long bytes) {
        packetsOut.add(packets);
        if (bytes > 0) {
            bytesOut.add(bytes);
        }
    }

    /** A session was closed for a full outbound buffer. */
    void overflowed() {
        bufferOverflows.increment();
    }

    /** A session opened over {@code t} (its transport at the end) closed for {@code reason}. */
    void closed(CloseReason reason, TransportType t) {
        closes[reason.ordinal()].increment();
        if (t != null) {
            open(t).decrement();
        }
    }

    /** {@return a snapshot} */
    EngineIoStats snapshot() {
        Map<TransportType, Long> open = new EnumMap<>(TransportType.class);
        open.put(TransportType.POLLING, openPolling.sum());
        open.put(TransportType.WEBSOCKET, openWebSocket.sum());
        Map<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);
        for (CloseReason r : CloseReason.values()) {
            closed.put(r, closes[r.ordinal()].sum());
        }
        return new EngineIoStats(open, handshakes.sum(), upgrades.sum(), packetsIn.sum(), packetsOut.sum(),
                bytesIn.sum(), bytesOut.sum(), bufferOverflows.sum(), closed);
    }
}
