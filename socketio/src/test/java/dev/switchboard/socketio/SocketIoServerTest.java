package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketIoServerTest {

    private Harness h = new Harness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    private Harness use(SocketIoServer io) {
        h.close();
        h = new Harness(io);
        return h;
    }

    @Test
    void engineIsCreatedOnceUnderTheSocketIoPath() {
        EngineIoServer engine = h.io.engine();
        assertThat(engine.options().path()).isEqualTo("/socket.io/");
        assertThat(h.io.engine()).isSameAs(engine);
        assertThatThrownBy(() -> h.io.bind(EngineIoServer.create(EngineIoOptions.DEFAULT)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void customPathReachesTheEngine() {
        SocketIoServer io = SocketIoServer.builder().path("/realtime/").pingInterval(Duration.ofSeconds(5)).build();
        assertThat(io.options().path()).isEqualTo("/realtime");
        assertThat(io.engine().options().path()).isEqualTo("/realtime/");
        assertThat(io.engine().options().pingInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aConnectionClosedBeforeTheHandOffIsIgnored() {
        FakeEngineSocket conn = new FakeEngineSocket(h.loop);
        conn.closeFromTransport(dev.switchboard.engineio.CloseReason.TRANSPORT_CLOSE, "");
        h.io.handleConnection(conn);
        conn.sync();
        assertThat(conn.messageListenerCount()).isZero();
        FakeEngineSocket open = h.open();
        assertThat(open.messageListenerCount()).isEqualTo(1);
    }

    @Test
    void connectionListenersRunAfterTheConnectReply() {
        h.io.on("connection", s -> s.emit("welcome", "Hello"));
        FakeEngineSocket conn = h.open();
        conn.receive("0");
        List<String> sent = conn.sent();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).startsWith("0{\"sid\":\"");
        assertThat(sent.get(1)).isEqualTo("2[\"welcome\",\"Hello\"]");
    }

    @Test
    void connectListenersRunBeforeConnectionListeners() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.onConnection(s -> got.add("connection"));
        h.io.on("connect", s -> got.add("connect"));
        h.connect("/");
        assertThat(got).containsExactly("connect", "connection");
        assertThatThrownBy(() -> h.io.on("message", s -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namespaceNamesAreNormalised() {
        List<String> created = new CopyOnWriteArrayList<>();
        h.io.onNewNamespace(n -> created.add(n.name()));
        assertThat(h.io.of("")).isSameAs(h.io.sockets());
        assertThat(h.io.of("/")).isSameAs(h.io.sockets());
        Namespace chat = h.io.of("chat");
        assertThat(chat.name()).isEqualTo("/chat");
        assertThat(h.io.of("/chat")).isSameAs(chat);
        assertThat(created).containsExactly("/chat");
    }

    @Test
    void closeTasksRunOnceBeforeTheSocketsAreDisconnected() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> s.onDisconnect((r, d) -> got.add("disconnect " + r.text())));
        h.io.onClose(() -> got.add("close task"));
        h.io.onClose(() -> {
            throw new IllegalStateException("a failing task does not stop the close");
        });
        h.connect("/");

        h.io.close().get(5, TimeUnit.SECONDS);
        h.io.close().get(5, TimeUnit.SECONDS);

        assertThat(got).containsExactly("close task", "disconnect server shutting down");
    }

    @Test
    void closeDisconnectsEverySocketWithServerShuttingDown() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> s.onDisconnect((r, d) -> got.add("/ " + r.text())));
        h.io.of("/admin").on("connection", s -> s.onDisconnect((r, d) -> got.add("/admin " + r.text())));
        FakeEngineSocket a = h.connect("/");
        a.receive("0/admin,");
        FakeEngineSocket b = h.connect("/");
        FakeEngineSocket idle = h.open();
        h.io.close().get(5, TimeUnit.SECONDS);
        assertThat(idle.closed()).isTrue();
        assertThat(got).containsExactlyInAnyOrder("/ server shutting down", "/ server shutting down",
                "/admin server shutting down");
        assertThat(a.closed()).isTrue();
        assertThat(b.closed()).isTrue();
        assertThat(h.io.sockets().sockets()).isEmpty();
        FakeEngineSocket late = h.open();
        assertThat(late.closed()).isTrue();
    }

    @Test
    void predicateAndAsyncMatchersAreTriedInOrder() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.of((name, auth) -> name.startsWith("/sync-")).onConnection(s -> got.add("sync " + s.nsp().name()));
        h.io.of((name, auth, result) -> CompletableFuture.runAsync(
                () -> result.done(null, "/async".equals(name) && auth.path("ok").asBoolean())))
                .onConnection(s -> got.add("async " + s.nsp().name()));
        FakeEngineSocket conn = h.open();
        conn.receive("0/sync-a,");
        conn.receive("0/async,{\"ok\":true}");
        conn.receive("0/other,");
        assertThat(conn.awaitSent(3)).hasSize(3);
        assertThat(conn.sent()).anyMatch(s -> s.startsWith("0/sync-a,{\"sid\":"));
        assertThat(conn.sent()).anyMatch(s -> s.startsWith("0/async,{\"sid\":"));
        assertThat(conn.sent()).contains("4/other,{\"message\":\"Invalid namespace\"}");
        assertThat(got).containsExactlyInAnyOrder("sync /sync-a", "async /async");
    }

    @Test
    void serverShortcutsActOnTheMainNamespace() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        Socket sa = h.socket(a, "/");
        h.io.socketsJoin("all");
        sa.join("r");
        a.clearSent();
        b.clearSent();
        h.io.to("r").emit("to r");
        h.io.except("r").emit("not r");
        h.io.in("all").emit("in all");
        h.io.send("m");
        assertThat(a.sent()).containsExactly("2[\"to r\"]", "2[\"in all\"]", "2[\"message\",\"m\"]");
        assertThat(b.sent()).containsExactly("2[\"not r\"]", "2[\"in all\"]", "2[\"message\",\"m\"]");
        h.io.socketsLeave("all");
        assertThat(sa.rooms()).containsExactly(sa.id(), "r");
        h.io.disconnectSockets(false);
        assertThat(a.sent()).endsWith("1");
        assertThat(h.io.sockets().sockets()).isEmpty();
    }
}
