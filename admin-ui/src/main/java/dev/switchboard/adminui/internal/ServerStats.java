package dev.switchboard.adminui.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineIoStats;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.SocketIoServer;
import java.net.InetAddress;
import java.time.Instant;

/**
 * The {@code server_stats} event the admin UI draws its dashboard from: who this server is, its
 * Engine.IO clients, its namespaces, and what happened since the last report as the reference's
 * {@code aggregatedEvents} (connections, disconnections by reason, packets and bytes each way).
 * The counts are differences of the engine's own counters, read once per report, so nothing is
 * added to the path of a packet. Reports are made from one timer thread only.
 */
public final class ServerStats {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final SocketIoServer io;
    private final String serverId;
    private final String hostname;
    private final long pid;
    private final Instant started;
    /** The counters at the previous report; null before the first. */
    private EngineIoStats last;

    /**
     * Reports for one server.
     *
     * @param io the server
     * @param serverId the id to show, or null for the host name
     */
    public ServerStats(SocketIoServer io, String serverId) {
        this.io = io;
        this.hostname = hostname();
        this.serverId = serverId != null ? serverId : hostname;
        ProcessHandle self = ProcessHandle.current();
        this.pid = self.pid();
        this.started = self.info().startInstant().orElse(Instant.now());
    }

    /**
     * {@return the next report} The engine is read now, not at construction, so that an engine
     * bound to the server after {@code instrument} is the one reported.
     */
    public ObjectNode next() {
        EngineIoServer engine = io.engine();
        EngineIoStats now = engine.stats();
        ObjectNode out = JSON.objectNode();
        out.put("serverId", serverId);
        out.put("hostname", hostname);
        out.put("pid", pid);
        out.put("uptime", (System.currentTimeMillis() - started.toEpochMilli()) / 1000.0);
        out.put("clientsCount", engine.clientsCount());
        Long polling = now.openSessions().get(TransportType.POLLING);
        out.put("pollingClientsCount", polling != null ? polling : 0L);
        out.set("aggregatedEvents", aggregated(now));
        ArrayNode namespaces = out.putArray("namespaces");
        for (Namespace nsp : io.namespaces()) {
            namespaces.addObject().put("name", nsp.name()).put("socketsCount", nsp.sockets().size());
        }
        last = now;
        return out;
    }

    private ArrayNode aggregated(EngineIoStats now) {
        ArrayNode out = JSON.arrayNode();
        if (last == null) {
            // The first report only sets the baseline: what happened before instrument is not news.
            return out;
        }
        // The UI sums events into 10-second buckets; the second of the report is precise enough.
        long timestamp = System.currentTimeMillis() / 1000 * 1000;
        add(out, timestamp, "rawConnection", null, now.handshakes() - last.handshakes());
        for (CloseReason reason : CloseReason.values()) {
            add(out, timestamp, "rawDisconnection", reason.text(),
                    count(now.closes().get(reason)) - count(last.closes().get(reason)));
        }
        add(out, timestamp, "packetsIn", null, now.packetsIn() - last.packetsIn());
        add(out, timestamp, "packetsOut", null, now.packetsOut() - last.packetsOut());
        add(out, timestamp, "bytesIn", null, now.bytesIn() - last.bytesIn());
        add(out, timestamp, "bytesOut", null, now.bytesOut() - last.bytesOut());
        return out;
    }

    private static void add(ArrayNode out, long timestamp, String type, String subType, long count) {
        if (count <= 0) {
            return;
        }
        ObjectNode event = out.addObject().put("timestamp", timestamp).put("type", type);
        if (subType != null) {
            event.put("subType", subType);
        }
        event.put("count", count);
    }

    private static long count(Long value) {
        return value != null ? value : 0L;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
