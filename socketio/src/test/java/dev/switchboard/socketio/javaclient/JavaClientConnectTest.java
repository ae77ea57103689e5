package dev.switchboard.socketio.javaclient;

import static dev.switchboard.fixtures.OrgJson.get;
import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.Inbox;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.Await;
import io.socket.client.IO;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connecting with the official Java client: the CONNECT's auth payload and the query reach
 * {@code socket.handshake()}, the socket id is the server's and not the Engine.IO sid, and the
 * session runs on the transport the client asked for (or upgrades to WebSocket).
 */
class JavaClientConnectTest {

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void authAndQueryReachTheHandshakeAndRoundTrip(ClientTransport transport) {
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        fx.io.onConnection(s -> s.emit("handshake", s.handshake().auth(), s.handshake().query()));
        IO.Options options = fx.options(transport);
        options.auth = Map.of("token", "s3cr3t", "name", "Zoë & co/ü \"x\"");
        options.query = "room=lobby&lang=fr";
        io.socket.client.Socket client = fx.socket("/", options);
        Inbox inbox = Inbox.of(client);
        ServerFixture.connect(client);

        Socket socket = take(server);
        ObjectNode expectedAuth = JsonNodeFactory.instance.objectNode()
                .put("token", "s3cr3t").put("name", "Zoë & co/ü \"x\"");
        assertThat(socket.handshake().auth()).isEqualTo(expectedAuth);
        assertThat(socket.handshake().query())
                .containsEntry("room", "lobby")
                .containsEntry("lang", "fr")
                .containsEntry("EIO", "4")
                .containsEntry("transport", transport == ClientTransport.WEBSOCKET ? "websocket" : "polling");
        assertThat(socket.handshake().address()).isEqualTo("127.0.0.1");
        assertThat(socket.handshake().xdomain()).as("no Origin header").isFalse();

        Inbox.Received echoed = inbox.next("handshake");
        JSONObject auth = (JSONObject) echoed.arg(0);
        assertThat(get(auth, "token")).isEqualTo("s3cr3t");
        assertThat(get(auth, "name")).isEqualTo("Zoë & co/ü \"x\"");
        assertThat(get((JSONObject) echoed.arg(1), "room")).isEqualTo("lobby");
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void withoutAuthTheHandshakeHasAnEmptyObject(ClientTransport transport) {
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        fx.connect(transport, "/");
        assertThat(take(server).handshake().auth()).isEqualTo(JsonNodeFactory.instance.objectNode());
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void socketIdIsTheServersAndNotTheEngineSid(ClientTransport transport) {
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        io.socket.client.Socket client = fx.connect(transport, "/");
        Socket socket = take(server);
        assertThat(client.id()).isEqualTo(socket.id()).isNotEqualTo(socket.conn().id());
        assertThat(socket.id()).hasSize(20);
        assertThat(socket.connected()).isTrue();
        assertThat(socket.rooms()).containsExactly(socket.id());
        assertThat(fx.io.sockets().sockets()).containsKey(socket.id());
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void sessionRunsOnTheTransportTheClientChose(ClientTransport transport) {
        CompletableFuture<TransportType> finalTransport = new CompletableFuture<>();
        fx.io.onConnection(s -> {
            // On the session's loop, as upgrades are: the check and the registration cannot race.
            if (transport != ClientTransport.UPGRADE || s.conn().transport() == TransportType.WEBSOCKET) {
                finalTransport.complete(s.conn().transport());
            } else {
                s.conn().onUpgrade(finalTransport::complete);
            }
            s.on("ping", (args, ack) -> ack.send("pong", s.conn().transport().wireName()));
        });
        io.socket.client.Socket client = fx.connect(transport, "/");

        TransportType expected = transport == ClientTransport.POLLING ? TransportType.POLLING : TransportType.WEBSOCKET;
        assertThat(await(finalTransport)).isEqualTo(expected);
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("ping", new Object[0], answer::complete);
        assertThat(await(answer)).containsExactly("pong", expected.wireName());
    }

    @Test
    void manyClientsOnMixedTransportsConnectAtOnce() {
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        List<io.socket.client.Socket> clients = new ArrayList<>();
        List<CompletableFuture<Void>> connected = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            io.socket.client.Socket c = fx.socket(ClientTransport.values()[i % 3], "/");
            CompletableFuture<Void> f = new CompletableFuture<>();
            c.once(io.socket.client.Socket.EVENT_CONNECT, args -> f.complete(null));
            c.once(io.socket.client.Socket.EVENT_CONNECT_ERROR, args -> f.completeExceptionally(
                    new AssertionError("connect_error " + (args.length > 0 ? args[0] : ""))));
            clients.add(c);
            connected.add(f);
        }
        clients.forEach(io.socket.client.Socket::connect);
        connected.forEach(Await::await);

        Set<String> ids = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            ids.add(take(server).id());
        }
        Set<String> clientIds = new HashSet<>();
        clients.forEach(c -> clientIds.add(c.id()));
        assertThat(ids).hasSize(24).isEqualTo(clientIds);
        assertThat(fx.io.sockets().sockets()).hasSize(24);
    }
}
