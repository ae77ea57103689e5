package dev.switchboard.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.socketio.SocketIoServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The binder's meters read the server's counters, asserted by value after real traffic. */
class SwitchboardMetricsTest {

    private static double counter(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).functionCounter().count();
    }

    private static double gauge(MeterRegistry r, String name, String... tags) {
        return r.get(name).tags(tags).gauge().value();
    }

    @Test
    void metersCountWhatOfficialClientsDid() {
        try (LiveServer live = new LiveServer()) {
            CountDownLatch fiveEvents = new CountDownLatch(5);
            live.io.onConnection(s -> s.on("count", (args, ack) -> fiveEvents.countDown()));
            live.io.of("/admin");
            MeterRegistry registry = new SimpleMeterRegistry();
            new SwitchboardMetrics(live.io, Tags.of("server", "a")).bindTo(registry);

            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(live.connect("/"));
            }
            live.connect("/admin");
            for (int i = 1; i <= 5; i++) {
                clients.get(i % 3).emit("count", i); // 2["count",i]: 12 characters
            }
            LiveServer.await(fiveEvents);

            assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/")).isEqualTo(3);
            assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/admin")).isEqualTo(1);
            assertThat(counter(registry, "socketio.connects")).isEqualTo(4);
            assertThat(counter(registry, "socketio.packets", "direction", "in")).as("4 CONNECT + 5 EVENT").isEqualTo(9);
            assertThat(counter(registry, "socketio.packets", "direction", "out")).as("4 CONNECT replies").isEqualTo(4);
            assertThat(counter(registry, "engineio.handshakes")).isEqualTo(4);
            assertThat(gauge(registry, "engineio.sessions.open", "transport", "websocket")).isEqualTo(4);
            assertThat(gauge(registry, "engineio.sessions.open", "transport", "polling")).isZero();
            assertThat(counter(registry, "engineio.packets", "direction", "out")).as("4 open packets + 4 replies").isEqualTo(8);
            assertThat(registry.get("socketio.connects").tag("server", "a").functionCounter()).isNotNull();

            CompletableFuture<Void> left = new CompletableFuture<>();
            live.io.sockets().socket(clients.get(0).id()).onDisconnect((reason, description) -> left.complete(null));
            clients.get(0).close();
            LiveServer.await(left);
            assertThat(counter(registry, "socketio.disconnects", "reason", "client namespace disconnect")).isEqualTo(1);
            assertThat(counter(registry, "socketio.disconnects", "reason", "ping timeout")).isZero();
            assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/")).isEqualTo(2);
            assertThat(counter(registry, "socketio.bytes", "direction", "in"))
                    .as("5 events, CONNECTs \"0\" x3 and \"0/admin,\", the DISCONNECT \"1\"")
                    .isEqualTo(5 * 12 + 3 + 8 + 1);
        }
    }

    @Test
    void namespacesCreatedAfterBindingGetTheirGauge() {
        SocketIoServer io = SocketIoServer.builder().build();
        MeterRegistry registry = new SimpleMeterRegistry();
        new SwitchboardMetrics(io).bindTo(registry);
        io.of("/late");
        assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/late")).isZero();
        assertThat(gauge(registry, "socketio.sockets.connected", "namespace", "/")).isZero();
    }

    @Test
    void everyMeterOfASocketIoServerIsRegisteredWithItsTags() {
        MeterRegistry registry = new SimpleMeterRegistry();
        new SwitchboardMetrics(SocketIoServer.builder().build()).bindTo(registry);
        Set<String> names = new TreeSet<>();
        for (Meter m : registry.getMeters()) {
            names.add(m.getId().getName());
        }
        assertThat(names).containsExactly(
                "engineio.buffer.overflows", "engineio.closes", "engineio.handshakes", "engineio.packets",
                "engineio.sessions.open", "engineio.upgrades",
                "socketio.ack.timeouts", "socketio.acks", "socketio.adapter.failures", "socketio.adapter.requests",
                "socketio.bytes", "socketio.connects", "socketio.disconnects", "socketio.packets",
                "socketio.sockets.connected", "socketio.volatile.dropped");
        assertThat(registry.find("socketio.disconnects").functionCounters()).hasSize(9);
        assertThat(registry.find("engineio.closes").functionCounters()).hasSize(5);
        assertThat(registry.get("socketio.disconnects").tag("reason", "server shutting down").functionCounter().count())
                .isZero();
    }

    @Test
    void anEngineIoServerAloneGetsTheEngineMetersOnly() {
        MeterRegistry registry = new SimpleMeterRegistry();
        new SwitchboardMetrics(EngineIoServer.create(EngineIoOptions.DEFAULT)).bindTo(registry);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getName()).startsWith("engineio."));
        assertThat(registry.getMeters()).hasSize(2 + 1 + 1 + 2 + 1 + 5);
        assertThat(gauge(registry, "engineio.sessions.open", "transport", "polling")).isZero();
    }
}
