package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.adminui.AdminUi;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** {@code ADMIN_PASSWORD} opens the admin UI's namespace to user {@code admin}, and nothing else does. */
class ChatAdminUiTest {

    private static final long WAIT_SECONDS = 10;

    @Test
    void withoutAdminPasswordThereIsNoAdminUi() {
        SocketIoServer io = ChatServer.createServer();
        assertThat(ChatServer.adminUi(io, Map.of())).isNull();
        assertThat(ChatServer.adminUi(io, Map.of("ADMIN_PASSWORD", " "))).isNull();
        assertThat(io.namespaces()).noneMatch(n -> n.name().equals("/admin"));
    }

    @Test
    void adminPasswordLetsUserAdminInWithThatPasswordOnly() throws Exception {
        SocketIoServer io = ChatServer.createServer();
        AdminUi admin = ChatServer.adminUi(io, Map.of("ADMIN_PASSWORD", "let-me-in"));
        NettyServer http = ChatServer.http(io).listen("127.0.0.1", 0);
        try {
            assertThat(login(http.port(), "let-me-in")).startsWith("config ").contains("DISCONNECT");
            assertThat(login(http.port(), "guess")).isEqualTo("refused invalid credentials");
        } finally {
            admin.close();
            io.close().get(WAIT_SECONDS, TimeUnit.SECONDS);
            http.close();
        }
    }

    /** Logs in as the admin UI does (WebSocket only), answering the config it got or why it was refused. */
    private static String login(int port, String password) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = new String[] {"websocket"};
        options.auth = Map.of("username", "admin", "password", password);
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port + "/admin"), options);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        socket.on("config", args -> outcome.complete("config " + args[0]));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> outcome.complete("refused " + ((JSONObject) args[0]).optString("message")));
        socket.connect();
        try {
            return outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            socket.close();
        }
    }
}
