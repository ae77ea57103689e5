package dev.switchboard.server.socketio;

import static dev.switchboard.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoStats;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.Inbox;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.SocketIoStats;
import dev.switchboard.testing.Await;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code io.stats()} and {@code io.engine().stats()} count exactly what official Java clients did
 * on a real server: connects, events, a broadcast, upgrades and each way of leaving.
 */
class JavaClientStatsTest {

    private final ServerFixture<SocketIoServer> fx = NettyFixture.start();

    @AfterEach
    void close() {
        fx.close();
    }

    private static <K extends Enum<K>> Map<K, Long> counts(Class<K> type, Object... keyCounts) {
        Map<K, Long> all = new EnumMap<>(type);
        for (K k : type.getEnumConstants()) {
            all.put(k, 0L);
        }
        for (int i = 0; i < keyCounts.length; i += 2) {
            all.put(type.cast(keyCounts[i]), ((Number) keyCounts[i + 1]).longValue());
        }
        return all;
    }

    @Test
    void threeWebSocketClientsFiveEventsAndABroadcastAreCountedExactly() {
        CountDownLatch fiveEvents = new CountDownLatch(5);
        fx.io.onConnection(s -> s.on("count", (args, ack) -> fiveEvents.countDown()));
        List<Socket> clients = new ArrayList<>();
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket c = fx.socket(ClientTransport.WEBSOCKET, "/");
            inboxes.add(Inbox.of(c));
            clients.add(ServerFixture.connect(c));
        }
        EngineIoStats engineBefore = fx.io.engine().stats();

        for (int i = 1; i <= 5; i++) {
            clients.get(i % 3).emit("count", i); // 2["count",i]: 12 characters
        }
        Await.await(fiveEvents);
        fx.io.emit("news", "hi"); // 2["news","hi"]: 14 characters, to each of 3
        for (Inbox inbox : inboxes) {
            assertThat(inbox.next("news").args()).containsExactly("hi");
        }

        SocketIoStats stats = fx.io.stats();
        assertThat(stats.connectedSockets()).isEqualTo(Map.of("/", 3L));
        assertThat(stats.connects()).isEqualTo(3);
        assertThat(stats.packetsIn()).as("3 CONNECT + 5 EVENT").isEqualTo(8);
        assertThat(stats.packetsOut()).as("3 CONNECT replies + 3 deliveries of the broadcast").isEqualTo(6);
        assertThat(stats.disconnects()).isEqualTo(counts(DisconnectReason.class));

        EngineIoStats engine = fx.io.engine().stats();
        assertThat(engine.handshakes()).isEqualTo(3);
        assertThat(engine.openSessions()).isEqualTo(Map.of(TransportType.POLLING, 0L, TransportType.WEBSOCKET, 3L));
        assertThat(engine.upgrades()).isZero();
        assertThat(engine.packetsIn()).as("one Engine.IO message per Socket.IO packet").isEqualTo(8);
        assertThat(engine.packetsOut()).as("3 open packets + 6 messages").isEqualTo(9);
        assertThat(engine.bytesIn() - engineBefore.bytesIn()).isEqualTo(5 * 12);
        assertThat(engine.bytesOut() - engineBefore.bytesOut()).isEqualTo(3 * 14);

        // One leaves by itself, one is disconnected by the server with its connection.
        BlockingQueue<CloseReason> engineCloses = new LinkedBlockingQueue<>();
        for (EngineSocket conn : fx.io.engine().clients()) {
            conn.onClose((reason, description) -> engineCloses.add(reason));
        }
        clients.get(0).close();
        Await.take(engineCloses);
        dev.switchboard.socketio.Socket second = fx.io.sockets().socket(clients.get(1).id());
        second.disconnect(true);
        Await.take(engineCloses);

        SocketIoStats after = fx.io.stats();
        assertThat(after.connectedSockets()).isEqualTo(Map.of("/", 1L));
        assertThat(after.disconnects()).isEqualTo(counts(DisconnectReason.class,
                DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, 1, DisconnectReason.SERVER_NAMESPACE_DISCONNECT, 1));
        EngineIoStats engineAfter = fx.io.engine().stats();
        assertThat(engineAfter.openSessions()).isEqualTo(Map.of(TransportType.POLLING, 0L, TransportType.WEBSOCKET, 1L));
        assertThat(engineAfter.closes()).isEqualTo(counts(CloseReason.class,
                CloseReason.TRANSPORT_CLOSE, 1, CloseReason.FORCED_CLOSE, 1));
        assertThat(engineAfter.bufferOverflows()).isZero();
    }

    @Test
    void clientsThatUpgradeAreCountedOnceAndEndOnWebSocket() {
        CountDownLatch upgraded = new CountDownLatch(2);
        fx.io.engine().onConnection(conn -> conn.onUpgrade(t -> upgraded.countDown()));
        for (int i = 0; i < 2; i++) {
            fx.connect(ClientTransport.UPGRADE, "/");
        }
        Await.await(upgraded);

        EngineIoStats engine = fx.io.engine().stats();
        assertThat(engine.handshakes()).isEqualTo(2);
        assertThat(engine.upgrades()).isEqualTo(2);
        assertThat(engine.openSessions()).isEqualTo(Map.of(TransportType.POLLING, 0L, TransportType.WEBSOCKET, 2L));
        assertThat(fx.io.stats().connects()).isEqualTo(2);
    }

    @Test
    void anAcknowledgementEachWayIsCounted() {
        fx.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
        Socket client = fx.connect(ClientTransport.WEBSOCKET, "/");
        client.on("question", args -> ((io.socket.client.Ack) args[args.length - 1]).call("answer"));
        CompletableFuture<Object[]> echoed = new CompletableFuture<>();
        client.emit("echo", new Object[] {"x"}, echoed::complete);
        assertThat(await(echoed)).containsExactly("x");

        dev.switchboard.socketio.Socket server = fx.io.sockets().socket(client.id());
        assertThat(await(server.timeout(Await.TIMEOUT).emitWithAck(String.class, "question"))).isEqualTo("answer");

        SocketIoStats stats = fx.io.stats();
        assertThat(stats.acksSent()).isEqualTo(1);
        assertThat(stats.acksReceived()).isEqualTo(1);
        assertThat(stats.ackTimeouts()).isZero();
    }
}
