package dev.switchboard.socketio.javaclient;

import static dev.switchboard.fixtures.OrgJson.get;
import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.Inbox;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.ConnectException;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Manager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Namespace middlewares seen from the Java client: a refusal reaches {@code connect_error} as
 * {@code {message, data}}, a middleware that throws refuses with its message, accepted sockets
 * carry what the middlewares set, and middlewares of one namespace do not touch another.
 */
class JavaClientMiddlewareTest {

    /** The reply a refused client's connect_error must carry, as the server's data maps. */
    record Refusal(int code, String reason, List<String> hints) {
    }

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();

    @AfterEach
    void close() {
        fx.close();
    }

    private io.socket.client.Socket withToken(ClientTransport transport, String nsp, String token) {
        IO.Options options = fx.options(transport);
        options.auth = Map.of("token", token);
        return fx.socket(nsp, options);
    }

    private void requireToken() {
        fx.io.use((socket, next) -> {
            String token = socket.handshake().auth().path("token").asText("");
            if (token.equals("good")) {
                socket.data("user-" + token);
                next.next();
            } else {
                next.error(new ConnectException("not authorized",
                        new Refusal(401, "bad token \"" + token + "\"", List.of("login", "retry"))));
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void refusalReachesConnectErrorWithMessageAndData(ClientTransport transport) throws Exception {
        requireToken();
        Object error = ServerFixture.connectError(withToken(transport, "/", "bad"));

        assertThat(error).isInstanceOf(JSONObject.class);
        JSONObject payload = (JSONObject) error;
        assertThat(get(payload, "message")).isEqualTo("not authorized");
        JSONObject data = (JSONObject) get(payload, "data");
        assertThat(get(data, "code")).isEqualTo(401);
        assertThat(get(data, "reason")).isEqualTo("bad token \"bad\"");
        assertThat(data.getJSONArray("hints").join(",")).isEqualTo("\"login\",\"retry\"");
        assertThat(fx.io.sockets().sockets()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void acceptedSocketCarriesWhatTheMiddlewareSet(ClientTransport transport) {
        requireToken();
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        fx.io.onConnection(s -> s.on("whoami", (args, ack) -> ack.send(s.data(String.class))));

        io.socket.client.Socket client = ServerFixture.connect(withToken(transport, "/", "good"));
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("whoami", new Object[0], answer::complete);

        assertThat(await(answer)).containsExactly("user-good");
        assertThat(take(server).data(String.class)).isEqualTo("user-good");
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void middlewareThatThrowsRefusesWithItsMessageAndNoData(ClientTransport transport) {
        fx.io.use((socket, next) -> {
            throw new IllegalStateException("database down");
        });
        JSONObject payload = (JSONObject) ServerFixture.connectError(fx.socket(transport, "/"));

        assertThat(get(payload, "message")).isEqualTo("database down");
        assertThat(payload.has("data")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void middlewaresRunInOrderAndMayAnswerFromAnotherThread(ClientTransport transport) {
        List<String> order = new CopyOnWriteArrayList<>();
        Executor later = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
        fx.io.use((socket, next) -> {
            order.add("first");
            later.execute(next::next);
        });
        fx.io.use((socket, next) -> {
            order.add("second");
            socket.join("vip");
            next.next();
        });
        fx.io.onConnection(s -> order.add("connection"));

        io.socket.client.Socket client = fx.socket(transport, "/");
        Inbox inbox = Inbox.of(client);
        ServerFixture.connect(client);
        fx.io.to("vip").emit("vip only", 1);

        assertThat(inbox.next("vip only").args()).containsExactly(1);
        assertThat(order).containsExactly("first", "second", "connection");
    }

    @Test
    void middlewareOfOneNamespaceDoesNotGuardAnother() {
        fx.io.of("/admin").use((socket, next) -> next.error(new ConnectException("admins only")));
        Manager manager = fx.manager(ClientTransport.UPGRADE);
        io.socket.client.Socket main = ServerFixture.connect(fx.socket(manager, "/", null));

        JSONObject payload = (JSONObject) ServerFixture.connectError(fx.socket(manager, "/admin", null));

        assertThat(get(payload, "message")).isEqualTo("admins only");
        assertThat(main.connected()).isTrue();
        assertThat(fx.io.of("/admin").sockets()).isEmpty();
        assertThat(fx.io.sockets().sockets()).hasSize(1);
    }

    @Test
    void refusedClientCanConnectAgainWithBetterCredentials() {
        requireToken();
        ServerFixture.connectError(withToken(ClientTransport.WEBSOCKET, "/", "bad"));
        ServerFixture.connect(withToken(ClientTransport.WEBSOCKET, "/", "good"));
        assertThat(fx.io.sockets().sockets()).hasSize(1);
    }
}
