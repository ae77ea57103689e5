package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.socketio.adapter.Adapter;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NamespaceTest {

    private Harness h = new Harness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void middlewaresRunInOrderBeforeTheSocketConnects() {
        List<String> got = new CopyOnWriteArrayList<>();
        Namespace nsp = h.io.of("/admin");
        nsp.use((socket, next) -> {
            got.add("first connected=" + socket.connected() + " listed=" + nsp.sockets().containsKey(socket.id()));
            socket.join("early");
            socket.data("from middleware");
            next.next();
        });
        nsp.use((socket, next) -> {
            got.add("second");
            next.next();
        });
        nsp.on("connection", s -> got.add("connection " + s.rooms().contains("early") + " " + s.data(String.class)));
        h.connect("/admin");
        assertThat(got).containsExactly("first connected=false listed=false", "second", "connection true from middleware");
    }

    @Test
    void middlewareErrorIsAConnectErrorWithMessageAndData() {
        h.io.use((socket, next) -> next.error(new ConnectException("not authorized", Map.of("code", 401))));
        FakeEngineSocket conn = h.open();
        conn.receive("0");
        assertThat(conn.sent()).containsExactly("4{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        assertThat(conn.closed()).isFalse();
        assertThat(h.io.sockets().sockets()).isEmpty();
    }

    @Test
    void middlewareErrorWithoutDataLeavesDataOut() {
        h.io.of("/admin").use((socket, next) -> next.error(new IllegalStateException("nope")));
        FakeEngineSocket conn = h.open();
        conn.receive("0/admin,");
        assertThat(conn.sent()).containsExactly("4/admin,{\"message\":\"nope\"}");
    }

    @Test
    void aThrowingMiddlewareRefusesTheSocket() {
        h.io.use((socket, next) -> {
            throw new IllegalArgumentException("bad token");
        });
        FakeEngineSocket conn = h.open();
        conn.receive("0");
        assertThat(conn.sent()).containsExactly("4{\"message\":\"bad token\"}");
    }

    @Test
    void asyncMiddlewareMayAnswerFromAnotherThreadOnce() {
        h.io.use((socket, next) -> CompletableFuture.runAsync(() -> {
            next.next();
            next.error(new IllegalStateException("ignored, next was already called"));
        }));
        FakeEngineSocket conn = h.open();
        conn.receive("0");
        assertThat(conn.awaitSent(1).get(0)).startsWith("0{\"sid\":");
        assertThat(conn.sent()).hasSize(1);
    }

    @Test
    void aConnectionClosedDuringMiddlewaresDropsTheSocket() throws Exception {
        AtomicReference<Next> pending = new AtomicReference<>();
        List<String> connected = new CopyOnWriteArrayList<>();
        h.io.use((socket, next) -> pending.set(next));
        h.io.on("connection", s -> connected.add(s.id()));
        FakeEngineSocket conn = h.open();
        conn.receive("0");
        conn.closeFromTransport(CloseReason.TRANSPORT_CLOSE, "");
        pending.get().next();
        conn.sync();
        assertThat(connected).isEmpty();
        assertThat(h.io.sockets().sockets()).isEmpty();
    }

    @Test
    void emitReachesEverySocketOfTheNamespaceOnly() {
        h.io.of("/a");
        FakeEngineSocket inA = h.connect("/a");
        FakeEngineSocket inRoot = h.connect("/");
        inA.clearSent();
        inRoot.clearSent();
        h.io.of("/a").emit("news", 1);
        assertThat(inA.sent()).containsExactly("2/a,[\"news\",1]");
        assertThat(inRoot.sent()).isEmpty();
    }

    @Test
    void broadcastIsEncodedOnceForAllRecipients() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/", h.newLoop());
        a.clearSent();
        b.clearSent();
        h.io.emit("bin", new byte[] {1});
        assertThat(a.sentMessages()).hasSize(2);
        assertThat(b.sentMessages()).hasSize(2);
        assertThat(a.sentMessages().get(0)).isSameAs(b.sentMessages().get(0));
        assertThat(a.sentMessages().get(1)).isSameAs(b.sentMessages().get(1));
    }

    @Test
    void fetchSocketsSocketsJoinLeaveAndDisconnect() throws Exception {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        Socket sa = h.socket(a, "/");
        Socket sb = h.socket(b, "/");
        sa.join("r");
        List<RemoteSocket> inR = h.io.in("r").fetchSockets().get(5, TimeUnit.SECONDS);
        assertThat(inR).containsExactly(sa);
        assertThat(h.io.fetchSockets().get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder(sa, sb);
        h.io.except("r").socketsJoin("others");
        assertThat(sb.rooms()).contains("others");
        assertThat(sa.rooms()).doesNotContain("others");
        h.io.in("others").socketsLeave("others");
        assertThat(sb.rooms()).containsExactly(sb.id());
        a.clearSent();
        h.io.in("r").disconnectSockets(false);
        assertThat(a.sent()).containsExactly("1");
        assertThat(h.io.sockets().sockets()).containsOnlyKeys(sb.id());
    }

    @Test
    void serverSideEmitRefusesReservedNamesAndAnswersWithoutOtherServers() throws Exception {
        assertThatThrownBy(() -> h.io.serverSideEmit("connection"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"connection\" is a reserved event name");
        h.io.serverSideEmit("hello", 1);
        assertThat(h.io.serverSideEmitWithAck("hello").get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void serverSideEmitWithAckAndATimeoutFailsWithAckTimeoutWhenAServerNeverAnswers() throws Exception {
        SocketIoServer io = SocketIoServer.builder().adapter(ctx -> new InMemoryAdapter(ctx) {
            @Override
            public void serverSideEmitWithAck(com.fasterxml.jackson.databind.node.ArrayNode packet,
                    dev.switchboard.socketio.adapter.ResponsesCallback callback) {
                // Another server that never answers.
            }
        }).build();
        try {
            CompletableFuture<EventArgs> answers = io.serverSideEmitWithAck(java.time.Duration.ofMillis(100), "hello", 1);
            assertThatThrownBy(() -> answers.get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(AckTimeoutException.class)
                    .hasMessageContaining("operation has timed out");
        } finally {
            io.close();
        }
    }

    @Test
    void serverSideEmitWithAckAndATimeoutAnswersAtOnceWithoutOtherServers() throws Exception {
        assertThat(h.io.serverSideEmitWithAck(java.time.Duration.ofSeconds(5), "hello").get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void serverSideEventsFromTheAdapterReachNamespaceListeners() {
        AtomicReference<AdapterContext> context = new AtomicReference<>();
        SocketIoServer io = SocketIoServer.builder().adapter(ctx -> {
            context.compareAndSet(null, ctx);
            return new InMemoryAdapter(ctx);
        }).build();
        List<String> got = new CopyOnWriteArrayList<>();
        io.onServerSideEvent("ping", (args, ack) -> {
            got.add("ping " + args + " " + ack.requested());
            ack.send("pong", "ignored second argument");
        });
        List<JsonNode> answers = new CopyOnWriteArrayList<>();
        context.get().emitServerSide(JsonNodeFactory.instance.arrayNode().add("ping").add(42), answers::add);
        context.get().emitServerSide(JsonNodeFactory.instance.arrayNode().add("ping"), null);
        assertThat(got).containsExactly("ping [42] true", "ping [] false");
        assertThat(answers).extracting(JsonNode::asText).containsExactly("pong");
        assertThatThrownBy(() -> io.onServerSideEvent("new_namespace", (args, ack) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adapterComesFromTheFactory() {
        List<String> created = new CopyOnWriteArrayList<>();
        SocketIoServer io = SocketIoServer.builder().adapter(ctx -> {
            created.add(ctx.name());
            return new InMemoryAdapter(ctx);
        }).build();
        Adapter adapter = io.of("/x").adapter();
        assertThat(adapter).isInstanceOf(InMemoryAdapter.class);
        assertThat(created).containsExactly("/", "/x");
    }

    @Test
    void offRemovesConnectionListeners() {
        List<String> got = new CopyOnWriteArrayList<>();
        java.util.function.Consumer<Socket> listener = s -> got.add("removed");
        h.io.sockets().onConnection(listener);
        h.io.sockets().off("connection", listener);
        h.connect("/");
        assertThat(got).isEmpty();
    }
}
