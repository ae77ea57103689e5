package dev.switchboard.adminui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.adminui.LiveServer.Inbox;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.Await;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers of one cluster ({@link MemoryCluster}, the cluster adapter protocol), both
 * instrumented: the UI connected to server A sees and acts on the sockets of server B, through the
 * adapter alone.
 */
class AdminUiClusterTest {

    private final MemoryCluster cluster = new MemoryCluster();
    private final List<AutoCloseable> open = new ArrayList<>();

    private LiveServer server(String id) {
        LiveServer live = new LiveServer(SocketIoServer.builder().adapter(cluster.server()).build());
        live.io.onConnection(s -> s.on("join", String.class, s::join));
        AdminUi admin = AdminUi.instrument(live.io, AdminUiOptions.builder()
                .noAuth().serverId(id).statsInterval(Duration.ofMillis(100)).build());
        open.add(live);
        open.add(admin);
        return live;
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        cluster.close();
    }

    @Test
    void aUiOnOneServerListsWatchesAndDisconnectsTheSocketsOfAnother() throws JSONException {
        LiveServer a = server("a");
        LiveServer b = server("b");
        Socket user = b.connect("/", null);
        CompletableFuture<Void> inLobby = new CompletableFuture<>();
        b.io.sockets().adapter().onJoinRoom((room, id) -> {
            if (room.equals("lobby")) {
                inLobby.complete(null);
            }
        });
        user.emit("join", "lobby");
        Await.await(inLobby);

        Socket uiSocket = a.client("/admin", null);
        Inbox ui = new Inbox(uiSocket, "all_sockets", "server_stats", "socket_connected", "socket_disconnected");
        assertThat(Await.await(LiveServer.outcome(uiSocket))).isEqualTo("connected");

        // The list: fetched from both servers through the adapter.
        JSONArray all = (JSONArray) ui.next("all_sockets")[0];
        JSONObject listed = null;
        for (int i = 0; i < all.length(); i++) {
            if (all.getJSONObject(i).getString("id").equals(user.id())) {
                listed = all.getJSONObject(i);
            }
        }
        assertThat(listed).as("B's socket in the list A sent").isNotNull();
        assertThat(listed.getJSONArray("rooms").toString()).contains("lobby");

        // The stats of both servers reach the UI on A.
        Set<String> servers = new TreeSet<>();
        while (servers.size() < 2) {
            servers.add(((JSONObject) ui.next("server_stats")[0]).getString("serverId"));
        }
        assertThat(servers).containsExactly("a", "b");

        // A feed event of B reaches the UI on A.
        Socket late = b.connect("/", null);
        String connected;
        do {
            connected = ((JSONObject) ui.next("socket_connected")[0]).getString("id");
        } while (!connected.equals(late.id()));

        // The disconnect action sent to A disconnects the socket on B.
        String userId = user.id(); // the client forgets it once disconnected
        CompletableFuture<String> reason = new CompletableFuture<>();
        user.on(Socket.EVENT_DISCONNECT, args -> reason.complete(String.valueOf(args[0])));
        uiSocket.emit("_disconnect", "/", false, userId);
        assertThat(Await.await(reason)).isEqualTo("io server disconnect");
        Object[] gone;
        do {
            gone = ui.next("socket_disconnected");
        } while (!gone[1].equals(userId));
        assertThat(gone[2]).isEqualTo("server namespace disconnect");
    }
}
