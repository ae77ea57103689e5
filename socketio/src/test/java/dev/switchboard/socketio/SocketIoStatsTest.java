package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketIoServer#stats()} counts exactly what sockets did: connects, disconnects by reason,
 * packets each way, acknowledgements each way, timeouts, volatile drops and adapter requests.
 */
class SocketIoStatsTest {

    private final AtomicReference<AdapterContext> context = new AtomicReference<>();
    private final Harness h = new Harness(SocketIoServer.builder().adapter(ctx -> {
        context.compareAndSet(null, ctx);
        return new InMemoryAdapter(ctx);
    }).build());

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static Map<DisconnectReason, Long> disconnects(Object... reasonCounts) {
        Map<DisconnectReason, Long> all = new EnumMap<>(DisconnectReason.class);
        for (DisconnectReason r : DisconnectReason.values()) {
            all.put(r, 0L);
        }
        for (int i = 0; i < reasonCounts.length; i += 2) {
            all.put((DisconnectReason) reasonCounts[i], ((Number) reasonCounts[i + 1]).longValue());
        }
        return all;
    }

    @Test
    void aNewServerCountsNothingAndListsItsMainNamespace() {
        assertThat(h.io.stats()).isEqualTo(new SocketIoStats(Map.of("/", 0L), 0, disconnects(), 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void connectsPacketsAcknowledgementsAndDisconnectsAreCountedExactly() throws Exception {
        h.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
        h.io.of("/admin");
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/", h.newLoop());
        FakeEngineSocket c = h.connect("/admin");

        a.receive("21[\"echo\",1]");
        assertThat(a.lastSent()).isEqualTo("31[1]");
        b.receive("2[\"no listener\"]");
        h.io.emit("to all");
        assertThat(b.awaitSent(2)).endsWith("2[\"to all\"]");
        CompletableFuture<String> answered = h.socket(a, "/").timeout(Duration.ofSeconds(5)).emitWithAck(String.class, "q");
        a.receive("30[\"ok\"]");
        assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo("ok");

        SocketIoStats stats = h.io.stats();
        assertThat(stats.connectedSockets()).isEqualTo(Map.of("/", 2L, "/admin", 1L));
        assertThat(stats.connectedSocketCount()).isEqualTo(3);
        assertThat(stats.connects()).isEqualTo(3);
        // in: 3 CONNECT, 2 EVENT, 1 ACK; out: 3 CONNECT replies, 1 ACK, a broadcast to 2, 1 EVENT
        assertThat(stats.packetsIn()).isEqualTo(6);
        assertThat(stats.packetsOut()).isEqualTo(7);
        assertThat(stats.acksSent()).isEqualTo(1);
        assertThat(stats.acksReceived()).isEqualTo(1);
        assertThat(stats.disconnects()).isEqualTo(disconnects());

        a.receive("1");
        c.closeFromTransport(CloseReason.TRANSPORT_CLOSE, "");
        h.socket(b, "/").disconnect();
        b.sync();
        SocketIoStats after = h.io.stats();
        assertThat(after.connectedSockets()).isEqualTo(Map.of("/", 0L, "/admin", 0L));
        assertThat(after.disconnects()).isEqualTo(disconnects(
                DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, 1,
                DisconnectReason.TRANSPORT_CLOSE, 1,
                DisconnectReason.SERVER_NAMESPACE_DISCONNECT, 1));
        assertThat(after.disconnectCount()).isEqualTo(3);
        assertThat(after.packetsIn()).as("the client's DISCONNECT").isEqualTo(7);
        assertThat(after.packetsOut()).as("the server's DISCONNECT").isEqualTo(8);
    }

    @Test
    void anEmitAndABroadcastThatTimeOutCountOneAckTimeoutEach() {
        FakeEngineSocket a = h.connect("/");
        CompletableFuture<String> own = h.socket(a, "/").timeout(Duration.ofMillis(30)).emitWithAck(String.class, "q");
        CompletableFuture<List<String>> all = h.io.timeout(Duration.ofMillis(30)).emitWithAck(String.class, "q");
        assertThatThrownBy(() -> own.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AckTimeoutException.class);
        assertThatThrownBy(() -> all.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AckTimeoutException.class);
        assertThat(h.io.stats().ackTimeouts()).isEqualTo(2);
        assertThat(h.io.stats().acksReceived()).isZero();
    }

    @Test
    void volatilePacketsDroppedForABusyTransportAreCounted() {
        FakeEngineSocket a = h.connect("/");
        a.writable(false);
        h.io.volatile_().emit("tick");
        h.io.volatile_().emit("tick");
        a.sync();
        assertThat(h.io.stats().volatileDropped()).isEqualTo(2);
        assertThat(h.io.stats().packetsOut()).as("only the CONNECT reply").isEqualTo(1);
        assertThat(h.io.droppedVolatilePackets()).isEqualTo(2);
    }

    @Test
    void adapterRequestsAndFailuresReportedThroughTheContextAreCounted() {
        h.io.sockets();
        AdapterContext ctx = context.get();
        ctx.reportRequest();
        ctx.reportRequest();
        ctx.reportRequest();
        ctx.reportFailure(new TimeoutException("no answer"));
        assertThat(h.io.stats().adapterRequests()).isEqualTo(3);
        assertThat(h.io.stats().adapterFailures()).isEqualTo(1);
    }

    @Test
    void snapshotMapsAreCompleteAndCannotBeChanged() {
        SocketIoStats stats = h.io.stats();
        assertThat(stats.disconnects()).containsOnlyKeys(DisconnectReason.values());
        assertThatThrownBy(() -> stats.connectedSockets().put("/x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new SocketIoStats(Map.of(), 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no count for TRANSPORT_ERROR");
    }
}
