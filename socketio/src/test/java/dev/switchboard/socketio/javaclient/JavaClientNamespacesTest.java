package dev.switchboard.socketio.javaclient;

import static dev.switchboard.fixtures.OrgJson.get;
import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.Inbox;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.Manager;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Namespaces with the Java client: a client joins the namespace of its URL, several namespaces
 * share one connection (a {@link Manager}) and stay apart, an unknown namespace is refused with
 * {@code Invalid namespace} while the connection goes on, and dynamic namespaces accept the names
 * their pattern matches.
 */
class JavaClientNamespacesTest {

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();

    @AfterEach
    void close() {
        fx.close();
    }

    /** Every namespace answers {@code where} with its name and the connection's sid. */
    private void answerWhere(Namespace nsp) {
        nsp.onConnection(s -> s.on("where", (args, ack) -> ack.send(s.nsp().name(), s.conn().id())));
    }

    private static Object[] ask(io.socket.client.Socket client, String event, Object... args) {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit(event, args, answer::complete);
        return await(answer);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void clientJoinsTheNamespaceOfItsUrlOnly(ClientTransport transport) {
        BlockingQueue<Socket> main = queue(fx.io.of("/")::onConnection);
        BlockingQueue<Socket> admin = queue(fx.io.of("/admin")::onConnection);
        answerWhere(fx.io.of("/admin"));
        fx.io.of("/admin").onConnection(s -> s.emit("welcome", s.nsp().name()));

        io.socket.client.Socket client = fx.socket(transport, "/admin");
        Inbox inbox = Inbox.of(client);
        ServerFixture.connect(client);

        assertThat(inbox.next("welcome").args()).containsExactly("/admin");
        Socket socket = take(admin);
        assertThat(socket.nsp().name()).isEqualTo("/admin");
        assertThat(ask(client, "where")[0]).isEqualTo("/admin");
        assertThat(main).as("no CONNECT to / was sent").isEmpty();
        assertThat(fx.io.sockets().sockets()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void namespacesShareOneConnectionAndStayApart(ClientTransport transport) {
        answerWhere(fx.io.sockets());
        answerWhere(fx.io.of("/chat"));
        fx.io.onConnection(s -> s.on("say", String.class, text -> s.nsp().emit("said", "main:" + text)));
        fx.io.of("/chat").onConnection(s -> s.on("say", String.class, text -> s.nsp().emit("said", "chat:" + text)));

        Manager manager = fx.manager(transport);
        io.socket.client.Socket main = fx.socket(manager, "/", null);
        io.socket.client.Socket chat = fx.socket(manager, "/chat", null);
        Inbox mainInbox = Inbox.of(main);
        Inbox chatInbox = Inbox.of(chat);
        ServerFixture.connect(main);
        ServerFixture.connect(chat);

        Object[] inMain = ask(main, "where");
        Object[] inChat = ask(chat, "where");
        assertThat(inMain[0]).isEqualTo("/");
        assertThat(inChat[0]).isEqualTo("/chat");
        assertThat(inChat[1]).as("one Engine.IO connection").isEqualTo(inMain[1]);
        assertThat(main.id()).isNotEqualTo(chat.id());

        chat.emit("say", "hi");
        main.emit("say", "yo");
        assertThat(chatInbox.next("said").args()).containsExactly("chat:hi");
        assertThat(mainInbox.next("said").args()).containsExactly("main:yo");
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void unknownNamespaceIsRefusedWithInvalidNamespace(ClientTransport transport) {
        Object error = ServerFixture.connectError(fx.socket(transport, "/nowhere"));

        assertThat(error).isInstanceOf(JSONObject.class);
        JSONObject payload = (JSONObject) error;
        assertThat(get(payload, "message")).isEqualTo("Invalid namespace");
        assertThat(payload.has("data")).as("no data member").isFalse();
        assertThat(fx.io.namespaces()).extracting(Namespace::name).containsExactly("/");
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void refusedNamespaceLeavesTheSharedConnectionWorking(ClientTransport transport) {
        answerWhere(fx.io.sockets());
        Manager manager = fx.manager(transport);
        io.socket.client.Socket main = ServerFixture.connect(fx.socket(manager, "/", null));
        String sidBefore = (String) ask(main, "where")[1];

        Object error = ServerFixture.connectError(fx.socket(manager, "/nowhere", null));

        assertThat(get((JSONObject) error, "message")).isEqualTo("Invalid namespace");
        Object[] after = ask(main, "where");
        assertThat(after).containsExactly("/", sidBefore);
        assertThat(main.connected()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void dynamicNamespaceAcceptsTheNamesItsPatternMatches(ClientTransport transport) {
        fx.io.of(Pattern.compile("^/room-\\d+$"), s -> s.on("where", (args, ack) -> ack.send(s.nsp().name())));

        io.socket.client.Socket client = fx.connect(transport, "/room-42");
        assertThat(ask(client, "where")).containsExactly("/room-42");
        assertThat(fx.io.namespaces()).extracting(Namespace::name).contains("/room-42");

        Object error = ServerFixture.connectError(fx.socket(transport, "/room-x"));
        assertThat(get((JSONObject) error, "message")).isEqualTo("Invalid namespace");
        assertThat(fx.io.namespaces()).extracting(Namespace::name).doesNotContain("/room-x");
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void authIsPerNamespaceOnASharedConnection(ClientTransport transport) {
        BlockingQueue<Socket> main = queue(fx.io.of("/")::onConnection);
        BlockingQueue<Socket> admin = queue(fx.io.of("/admin")::onConnection);
        Manager manager = fx.manager(transport);
        ServerFixture.connect(fx.socket(manager, "/", Map.of("who", "main")));
        ServerFixture.connect(fx.socket(manager, "/admin", Map.of("who", "admin")));

        assertThat(take(main).handshake().auth().get("who").asText()).isEqualTo("main");
        assertThat(take(admin).handshake().auth().get("who").asText()).isEqualTo("admin");
    }
}
