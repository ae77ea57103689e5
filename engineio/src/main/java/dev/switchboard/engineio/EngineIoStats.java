package dev.switchboard.engineio;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link EngineIoServer} has done since it was created, as one immutable snapshot
 * ({@link EngineIoServer#stats()}). The counts only grow, except the open sessions, which are a
 * gauge. Counters are kept apart per field and read one after the other, so a snapshot taken under
 * traffic may be a few packets apart between two fields; each field alone is exact.
 *
 * <p>Packet counts are Engine.IO packets, messages and control packets alike. Out: what a session
 * queued and handed to its transport (the open packet, pings, messages); not the pong answering an
 * upgrade probe, nor the noop or close packet a polling transport answers a poll with on its own.
 * In: every packet that arrived on the session's current transport while it was open (messages,
 * pongs); not the probe's packets, nor the close packet of a polling client. Byte counts are the
 * size of message data
 * ({@link Packet.Message#byteSize()}): bytes for binary, UTF-16 chars for text (the UTF-8 byte
 * count for ASCII, a lower bound otherwise), without framing, so that counting costs nothing.
 *
 * @param openSessions the sessions open now, by their current transport; every transport is a key
 * @param handshakes the sessions opened (one handshake each)
 * @param upgrades the sessions that upgraded from polling to WebSocket
 * @param packetsIn the packets received from clients
 * @param packetsOut the packets handed to clients' transports
 * @param bytesIn the message data received, see above
 * @param bytesOut the message data handed to transports, see above
 * @param bufferOverflows the sessions closed because their client did not read fast enough (the
 *     outbound buffer would have passed {@link EngineIoOptions#maxBufferedBytes()}); each is also
 *     counted under {@link CloseReason#TRANSPORT_ERROR} in {@code closes}
 * @param closes the sessions closed, by reason; every reason is a key
 */
public record EngineIoStats(
        Map<TransportType, Long> openSessions,
        long handshakes,
        long upgrades,
        long packetsIn,
        long packetsOut,
        long bytesIn,
        long bytesOut,
        long bufferOverflows,
        Map<CloseReason, Long> closes) {

    /**
     * Copies the maps, which must name every transport and every reason.
     *
     * @param openSessions see the record's openSessions
     * @param handshakes see the record's handshakes
     * @param upgrades see the record's upgrades
     * @param packetsIn see the record's packetsIn
     * @param packetsOut see the record's packetsOut
     * @param bytesIn see the record's bytesIn
     * @param bytesOut see the record's bytesOut
     * @param bufferOverflows see the record's bufferOverflows
     * @param closes see the record's closes
     * @throws IllegalArgumentException when a map lacks a transport or a reason
     */
    public EngineIoStats {
        openSessions = complete(openSessions, TransportType.class);
        closes = complete(closes, CloseReason.class);
    }

    /**
     * The sessions open now, all transports together.
     *
     * @return the sum of {@link #openSessions()}
     */
    public long openSessionCount() {
        long n = 0;
        for (long v : openSessions.values()) {
            n += v;
        }
        return n;
    }

    /**
     * The sessions closed since start, all reasons together.
     *
     * @return the sum of {@link #closes()}
     */
    public long closeCount() {
        long n = 0;
        for (long v : closes.values()) {
            n += v;
        }
        return n;
    }

    private static <K extends Enum<K>> Map<K, Long> complete(Map<K, Long> map, Class<K> keys) {
        Objects.requireNonNull(map, keys.getSimpleName());
        EnumMap<K, Long> all = new EnumMap<>(keys);
        for (K k : keys.getEnumConstants()) {
            Long v = map.get(k);
            if (v == null) {
                throw new IllegalArgumentException("no count for " + k);
            }
            all.put(k, v);
        }
        return Map.copyOf(all);
    }
}
