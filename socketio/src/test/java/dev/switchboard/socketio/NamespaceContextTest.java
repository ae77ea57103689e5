package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.protocol.Packet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter's view of a namespace: its sockets by id, never the sockets themselves. */
class NamespaceContextTest {

    private final AtomicReference<AdapterContext> context = new AtomicReference<>();
    private final Harness h = new Harness(SocketIoServer.builder().adapter(ctx -> {
        context.compareAndSet(null, ctx);
        return new InMemoryAdapter(ctx);
    }).build());

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void describesAConnectedSocketAsTheClusterProtocolCarriesIt() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        SocketDetails empty = context.get().details(socket.id());
        assertThat(empty.data().isNull()).isTrue();
        socket.join("r");
        socket.data(Map.of("user", "ann"));
        SocketDetails details = context.get().details(socket.id());
        assertThat(details.id()).isEqualTo(socket.id());
        assertThat(details.handshake().get("url").asText()).isEqualTo(socket.handshake().url());
        assertThat(details.handshake().has("time")).isTrue();
        assertThat(details.rooms()).containsExactly(socket.id(), "r");
        assertThat(details.data().toString()).isEqualTo("{\"user\":\"ann\"}");
        assertThat(context.get().details("nobody")).isNull();
    }

    @Test
    void knowsItsSocketsByIdAndActsOnThem() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        AdapterContext ctx = context.get();
        assertThat(ctx.name()).isEqualTo("/");
        assertThat(ctx.socketIds()).containsExactly(socket.id());
        assertThat(ctx.isConnected(socket.id())).isTrue();
        assertThat(ctx.isConnected("nobody")).isFalse();
        ctx.join(socket.id(), Set.of("a"));
        assertThat(socket.rooms()).contains("a");
        ctx.leave(socket.id(), "a");
        assertThat(socket.rooms()).doesNotContain("a");
        ctx.join("nobody", Set.of("a"));
        conn.clearSent();
        ctx.send(List.of(socket.id(), "nobody"), new Packet.Event("/",
                JsonNodeFactory.instance.arrayNode().add("hi"), Packet.NO_ACK),
                ctx.encode(new Packet.Event("/", JsonNodeFactory.instance.arrayNode().add("hi"), Packet.NO_ACK)),
                BroadcastFlags.DEFAULT);
        assertThat(conn.sent()).containsExactly("2[\"hi\"]");
        ctx.disconnect(socket.id(), false);
        assertThat(conn.lastSent()).isEqualTo("1");
        assertThat(ctx.isConnected(socket.id())).isFalse();
    }

    @Test
    void sendingToItsOwnIdSetReachesEverySocketConnectedAtTheTimeOnEveryLoop() {
        FakeEngineSocket first = h.connect("/");
        AdapterContext ctx = context.get();
        Packet.Event hi = new Packet.Event("/", JsonNodeFactory.instance.arrayNode().add("hi"), Packet.NO_ACK);
        first.clearSent();
        ctx.send(ctx.socketIds(), hi, ctx.encode(hi), BroadcastFlags.DEFAULT);
        first.sync();
        assertThat(first.sent()).containsExactly("2[\"hi\"]");

        // one that came after the last broadcast, on a loop of its own, and one that left
        FakeEngineSocket second = h.connect("/", h.newLoop());
        FakeEngineSocket third = h.connect("/");
        Socket leaving = h.socket(third, "/");
        leaving.disconnect(false);
        first.clearSent();
        second.clearSent();
        third.clearSent();
        ctx.send(ctx.socketIds(), hi, ctx.encode(hi), BroadcastFlags.DEFAULT);
        first.sync();
        second.sync();
        third.sync();
        assertThat(first.sent()).containsExactly("2[\"hi\"]");
        assertThat(second.sent()).containsExactly("2[\"hi\"]");
        assertThat(third.sent()).isEmpty();
    }

    @Test
    void answersServerSideEventsWithTheFirstArgument() {
        List<Object> answers = new CopyOnWriteArrayList<>();
        h.io.onServerSideEvent("ping", (args, ack) -> ack.send("pong", "ignored"));
        context.get().emitServerSide(JsonNodeFactory.instance.arrayNode().add("ping").add(1), answers::add);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).toString()).isEqualTo("\"pong\"");
    }

    @Test
    void theRecoveryWindowIsTheServersOrTheDefault() {
        assertThat(context.get().maxDisconnectionDuration()).isEqualTo(ConnectionStateRecovery.DEFAULT.maxDisconnectionDuration());
        AtomicReference<AdapterContext> other = new AtomicReference<>();
        SocketIoServer.builder()
                .connectionStateRecovery(new ConnectionStateRecovery(Duration.ofSeconds(7), false))
                .adapter(ctx -> {
                    other.set(ctx);
                    return new InMemoryAdapter(ctx);
                }).build();
        assertThat(other.get().maxDisconnectionDuration()).isEqualTo(Duration.ofSeconds(7));
    }
}
