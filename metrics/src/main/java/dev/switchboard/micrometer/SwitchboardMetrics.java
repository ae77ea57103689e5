package dev.switchboard.micrometer;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineIoStats;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.SocketIoStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds the counters of a Switchboard server ({@code io.stats()} and {@code io.engine().stats()})
 * to a Micrometer {@link MeterRegistry}. Plain Micrometer, no Spring needed:
 *
 * <pre>{@code
 * new SwitchboardMetrics(io).bindTo(registry);
 * }</pre>
 *
 * <p>The meters read the server's counters when the registry is scraped or published; nothing is
 * added to the path of a packet. Counters are {@link FunctionCounter}s (monotonic), the open
 * sessions and connected sockets are {@link Gauge}s. With the Socket.IO server:
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code socketio.sockets.connected}</td><td>{@code namespace}</td><td>sockets connected now
 *     (a gauge per namespace, dynamic children included as they are created)</td></tr>
 * <tr><td>{@code socketio.connects}</td><td></td><td>sockets that joined a namespace</td></tr>
 * <tr><td>{@code socketio.disconnects}</td><td>{@code reason}</td><td>sockets that left, by
 *     reason ({@code "transport close"}, {@code "ping timeout"}, ...)</td></tr>
 * <tr><td>{@code socketio.packets}</td><td>{@code direction} in/out</td><td>Socket.IO packets</td></tr>
 * <tr><td>{@code socketio.bytes}</td><td>{@code direction} in/out</td><td>message data (see
 *     {@link EngineIoStats})</td></tr>
 * <tr><td>{@code socketio.acks}</td><td>{@code direction} in/out</td><td>acknowledgements received
 *     from clients / sent to them</td></tr>
 * <tr><td>{@code socketio.ack.timeouts}</td><td></td><td>emits and broadcasts whose
 *     acknowledgements timed out</td></tr>
 * <tr><td>{@code socketio.volatile.dropped}</td><td></td><td>volatile packets dropped</td></tr>
 * <tr><td>{@code socketio.adapter.requests}</td><td></td><td>cluster requests of the adapters</td></tr>
 * <tr><td>{@code socketio.adapter.failures}</td><td></td><td>those that failed or timed out</td></tr>
 * </table>
 * and with either server the Engine.IO meters: {@code engineio.sessions.open} ({@code transport}),
 * {@code engineio.handshakes}, {@code engineio.upgrades}, {@code engineio.packets}
 * ({@code direction}), {@code engineio.buffer.overflows} (clients closed because they did not read
 * fast enough) and {@code engineio.closes} ({@code reason}). The tags given to the constructor are
 * added to every meter (a server name, say). Prometheus names them as usual:
 * {@code socketio_connects_total}, {@code socketio_sockets_connected}, and so on.
 *
 * <p>With the Socket.IO server, bind after its engine is set ({@code io.bind(engine)}, if used):
 * binding reads {@code io.engine()}, which creates the default one otherwise.
 */
public final class SwitchboardMetrics implements MeterBinder {

    private final SocketIoServer io;
    private final EngineIoServer engine;
    private final Tags tags;

    /**
     * Meters for a Socket.IO server and its engine.
     *
     * @param io the server
     */
    public SwitchboardMetrics(SocketIoServer io) {
        this(io, Tags.empty());
    }

    /**
     * Meters for a Socket.IO server and its engine, with tags on every meter.
     *
     * @param io the server
     * @param tags added to every meter
     */
    public SwitchboardMetrics(SocketIoServer io, Iterable<Tag> tags) {
        this.io = Objects.requireNonNull(io, "io");
        this.engine = null;
        this.tags = Tags.of(tags);
    }

    /**
     * The Engine.IO meters of an Engine.IO server used without Socket.IO.
     *
     * @param engine the server
     */
    public SwitchboardMetrics(EngineIoServer engine) {
        this(engine, Tags.empty());
    }

    /**
     * The Engine.IO meters of an Engine.IO server used without Socket.IO, with tags on every meter.
     *
     * @param engine the server
     * @param tags added to every meter
     */
    public SwitchboardMetrics(EngineIoServer engine, Iterable<Tag> tags) {
        this.io = null;
        this.engine = Objects.requireNonNull(engine, "engine");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        EngineIoServer e = io != null ? io.engine() : engine;
        bindEngine(registry, e);
        if (io != null) {
            bindSocketIo(registry, io, e);
        }
    }

    private void bindEngine(MeterRegistry registry, EngineIoServer e) {
        for (TransportType t : TransportType.values()) {
            Gauge.builder("engineio.sessions.open", e, s -> s.stats().openSessions().get(t))
                    .description("Engine.IO sessions open now, by current transport")
                    .tags(tags).tag("transport", t.wireName())
                    .register(registry);
        }
        counter(registry, "engineio.handshakes", e, s -> s.stats().handshakes(),
                "Engine.IO sessions opened", null);
        counter(registry, "engineio.upgrades", e, s -> s.stats().upgrades(),
                "Engine.IO sessions upgraded from polling to WebSocket", null);
        counter(registry, "engineio.packets", e, s -> s.stats().packetsIn(),
                "Engine.IO packets, control packets included", null, "direction", "in");
        counter(registry, "engineio.packets", e, s -> s.stats().packetsOut(),
                "Engine.IO packets, control packets included", null, "direction", "out");
        counter(registry, "engineio.buffer.overflows", e, s -> s.stats().bufferOverflows(),
                "Engine.IO sessions closed because their client did not read fast enough", null);
        for (CloseReason r : CloseReason.values()) {
            counter(registry, "engineio.closes", e, s -> s.stats().closes().get(r),
                    "Engine.IO sessions closed, by reason", null, "reason", r.text());
        }
    }

    private void bindSocketIo(MeterRegistry registry, SocketIoServer server, EngineIoServer e) {
        for (Namespace nsp : server.namespaces()) {
            connectedGauge(registry, nsp);
        }
        server.onNewNamespace(nsp -> connectedGauge(registry, nsp));
        counter(registry, "socketio.connects", server, s -> s.stats().connects(),
                "Sockets that joined a namespace", null);
        for (DisconnectReason r : DisconnectReason.values()) {
            counter(registry, "socketio.disconnects", server, s -> s.stats().disconnects().get(r),
                    "Sockets that left a namespace, by reason", null, "reason", r.text());
        }
        counter(registry, "socketio.packets", server, s -> s.stats().packetsIn(),
                "Socket.IO packets", null, "direction", "in");
        counter(registry, "socketio.packets", server, s -> s.stats().packetsOut(),
                "Socket.IO packets, one per recipient", null, "direction", "out");
        counter(registry, "socketio.bytes", e, s -> s.stats().bytesIn(),
                "Message data received (chars for text, bytes for binary)", BaseUnits.BYTES, "direction", "in");
        counter(registry, "socketio.bytes", e, s -> s.stats().bytesOut(),
                "Message data sent (chars for text, bytes for binary)", BaseUnits.BYTES, "direction", "out");
        counter(registry, "socketio.acks", server, s -> s.stats().acksReceived(),
                "Acknowledgements received from clients (in) and sent to them (out)", null, "direction", "in");
        counter(registry, "socketio.acks", server, s -> s.stats().acksSent(),
                "Acknowledgements received from clients (in) and sent to them (out)", null, "direction", "out");
        counter(registry, "socketio.ack.timeouts", server, s -> s.stats().ackTimeouts(),
                "Emits and broadcasts whose acknowledgements did not all come in time", null);
        counter(registry, "socketio.volatile.dropped", server, s -> s.stats().volatileDropped(),
                "Volatile packets dropped for a transport that could not take them", null);
        counter(registry, "socketio.adapter.requests", server, s -> s.stats().adapterRequests(),
                "Requests the adapters sent to the other servers of the cluster", null);
        counter(registry, "socketio.adapter.failures", server, s -> s.stats().adapterFailures(),
                "Adapter requests that timed out or could not be sent", null);
    }

    private void connectedGauge(MeterRegistry registry, Namespace nsp) {
        // Weakly held: a removed dynamic child is collected and its gauge reads NaN, as Micrometer does.
        Gauge.builder("socketio.sockets.connected", nsp, n -> n.sockets().size())
                .description("Sockets connected now, by namespace")
                .tags(tags).tag("namespace", nsp.name())
                .register(registry);
    }

    private <T> void counter(MeterRegistry registry, String name, T source, ToDoubleFunction<T> count,
            String description, String baseUnit, String... tagPair) {
        FunctionCounter.Builder<T> b = FunctionCounter.builder(name, source, count)
                .description(description)
                .tags(tags)
                .tags(tagPair);
        if (baseUnit != null) {
            b.baseUnit(baseUnit);
        }
        b.register(registry);
    }
}
