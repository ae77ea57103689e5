package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.adapter.SocketDetails;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A proxy works through the adapter: here the in-memory one, reaching a local socket by its id. */
class RemoteSocketProxyTest {

    private final AtomicReference<AdapterContext> context = new AtomicReference<>();
    private final Harness h = new Harness(SocketIoServer.builder().adapter(ctx -> {
        context.compareAndSet(null, ctx);
        return new InMemoryAdapter(ctx);
    }).build());

    @AfterEach
    void tearDown() {
        h.close();
    }

    record User(String name) {
    }

    private RemoteSocket proxyOf(Socket socket) {
        return new RemoteSocketProxy(socket.nsp(), new SocketDetails(socket.id(), socket.handshake().toJson(),
                List.of(socket.id(), "r"), JsonNodeFactory.instance.objectNode().put("name", "ann")));
    }

    @Test
    void exposesTheReportedDetails() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        RemoteSocket remote = proxyOf(socket);
        assertThat(remote.id()).isEqualTo(socket.id());
        assertThat(remote.handshake()).isEqualTo(socket.handshake());
        assertThat(remote.rooms()).containsExactlyInAnyOrder(socket.id(), "r");
        assertThat(remote.data(User.class)).isEqualTo(new User("ann"));
        assertThat(remote.toString()).contains(socket.id());
    }

    @Test
    void operationsTravelThroughTheAdapter() throws Exception {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        RemoteSocket remote = proxyOf(socket);
        conn.clearSent();
        remote.emit("hi", 1);
        assertThat(conn.sent()).containsExactly("2[\"hi\",1]");
        CompletableFuture<String> answer = remote.timeout(Duration.ofSeconds(5)).emitWithAck(String.class, "q");
        assertThat(conn.lastSent()).isEqualTo("20[\"q\"]");
        conn.receive("30[\"yes\",\"more\"]");
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("yes");
        remote.join("x");
        assertThat(socket.rooms()).contains("x");
        remote.leave("x");
        assertThat(socket.rooms()).doesNotContain("x");
        conn.clearSent();
        remote.disconnect(false);
        assertThat(conn.sent()).containsExactly("1");
        assertThat(socket.connected()).isFalse();
    }

    @Test
    void aSingleSocketEmitterTimesOutWithoutResponses() {
        FakeEngineSocket conn = h.connect("/");
        RemoteSocket remote = proxyOf(h.socket(conn, "/"));
        CompletableFuture<EventArgs> f = remote.timeout(Duration.ofMillis(30)).emitWithAck("q");
        assertThat(f).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(AckTimeoutException.class);
    }
}
