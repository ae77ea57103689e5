package dev.switchboard.adminui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.adminui.LiveServer.Inbox;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.Await;
import io.socket.client.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin namespace as the admin UI uses it, through the official Java client speaking to a
 * real server: the login, what the UI is sent, and what its actions do on the server.
 */
class AdminUiTest {

    private static final String PASSWORD = "correct horse";
    /** Made once: bcrypt is slow on purpose. */
    private static final BasicAuth AUTH = BasicAuth.ofPassword("admin", PASSWORD);
    private static final Map<String, String> LOGIN = Map.of("username", "admin", "password", PASSWORD);
    private static final String[] UI_EVENTS = {"session", "config", "all_sockets", "server_stats", "socket_connected",
        "socket_updated", "socket_disconnected", "room_joined", "room_left", "event_received", "event_sent"};

    private LiveServer live;
    private AdminUi admin;

    private LiveServer start(AdminUiOptions.Builder options) {
        live = new LiveServer();
        // The test's application: a socket joins the rooms it asks for.
        live.io.onConnection(s -> s.on("join", String.class, s::join));
        admin = AdminUi.instrument(live.io, options.statsInterval(Duration.ofMillis(100)).build());
        return live;
    }

    @AfterEach
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (live != null) {
            live.close();
        }
    }

    private Inbox login(Map<String, String> auth) {
        Socket ui = live.client("/admin", auth);
        Inbox inbox = new Inbox(ui, UI_EVENTS);
        assertThat(Await.await(LiveServer.outcome(ui))).isEqualTo("connected");
        return inbox;
    }

    /** A client of the main namespace in a room, once the server has it there. */
    private Socket userInRoom(String room) {
        Socket user = live.connect("/", null);
        CompletableFuture<Void> joined = new CompletableFuture<>();
        live.io.sockets().adapter().onJoinRoom((r, id) -> {
            if (r.equals(room) && id.equals(user.id())) {
                joined.complete(null);
            }
        });
        user.emit("join", room);
        Await.await(joined);
        return user;
    }

    /**
     * The next room event about {@code room}. The UI's own socket joins its room before its CONNECT
     * reply, as in the reference; the Java client replays an event it got before CONNECT with the
     * event's name as the first argument, so such an event is told apart by its room, not its shape.
     */
    private static Object[] nextAbout(Inbox ui, String event, String room) {
        Object[] args = ui.next(event);
        while (!room.equals(args[1])) {
            args = ui.next(event);
        }
        return args;
    }

    private static List<String> strings(JSONArray array) throws JSONException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.length(); i++) {
            out.add(array.getString(i));
        }
        return out;
    }

    private static JSONObject socketIn(JSONArray all, String id) throws JSONException {
        for (int i = 0; i < all.length(); i++) {
            if (all.getJSONObject(i).getString("id").equals(id)) {
                return all.getJSONObject(i);
            }
        }
        throw new AssertionError("socket " + id + " not in " + all);
    }

    @Test
    void aLoginWithThePasswordGetsASessionTheFeaturesAndEverySocketWithItsRooms() throws JSONException {
        start(AdminUiOptions.builder().auth(AUTH));
        Socket user = userInRoom("lobby");

        Inbox ui = login(LOGIN);

        assertThat((String) ui.next("session")[0]).matches("[0-9a-f]{16}");
        JSONObject config = (JSONObject) ui.next("config")[0];
        assertThat(strings(config.getJSONArray("supportedFeatures"))).containsExactly(
                "EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS");
        JSONObject listed = socketIn((JSONArray) ui.next("all_sockets")[0], user.id());
        assertThat(listed.getString("nsp")).isEqualTo("/");
        assertThat(strings(listed.getJSONArray("rooms"))).containsExactlyInAnyOrder(user.id(), "lobby");
        assertThat(listed.getString("transport")).isEqualTo("websocket");
        assertThat(listed.getString("clientId")).hasSize(12);
        assertThat(listed.getJSONObject("handshake").getString("address")).isEqualTo("127.0.0.1");
        assertThat(listed.getJSONObject("handshake").getJSONObject("query").getString("EIO")).isEqualTo("4");
    }

    @Test
    void aWrongPasswordOrUserIsRefusedWithInvalidCredentials() {
        start(AdminUiOptions.builder().auth(AUTH));

        Object wrongPassword = Await.await(LiveServer.outcome(live.client("/admin", Map.of("username", "admin", "password", "nope"))));
        Object wrongUser = Await.await(LiveServer.outcome(live.client("/admin", Map.of("username", "root", "password", PASSWORD))));
        Object none = Await.await(LiveServer.outcome(live.client("/admin", null)));

        assertThat(List.of(wrongPassword, wrongUser, none)).containsOnly("invalid credentials");
        assertThat(live.io.of("/admin").sockets()).isEmpty();
    }

    @Test
    void theSessionIdOfALoginLogsInAgainWithoutThePassword() {
        start(AdminUiOptions.builder().auth(AUTH));
        String session = (String) login(LOGIN).next("session")[0];

        Inbox again = login(Map.of("sessionId", session));
        Object unknown = Await.await(LiveServer.outcome(live.client("/admin", Map.of("sessionId", "0123456789abcdef"))));

        again.next("config");
        assertThat(again.has("session")).as("no new session for a session login").isFalse();
        assertThat(unknown).isEqualTo("invalid credentials");
    }

    @Test
    void closingTheServerStopsTheStatsThread() throws Exception {
        SocketIoServer io = SocketIoServer.create();
        AdminUi instrumented = AdminUi.instrument(io, AdminUiOptions.builder().noAuth()
                .statsInterval(Duration.ofMillis(10)).build());
        assertThat(instrumented.awaitStopped(Duration.ZERO)).as("reporting before the close").isFalse();

        Await.await(io.close());

        // Terminated: the thread has left its loop, so no report can be emitted any more.
        assertThat(instrumented.awaitStopped(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void serverStatsCarryTheServerItsClientsAndItsNamespaces() throws JSONException {
        start(AdminUiOptions.builder().noAuth().serverId("server-a"));
        live.io.of("/chat");
        live.connect("/", null);
        Inbox ui = login(null);

        // A report made while the UI was still connecting may count one client less: take the next.
        JSONObject stats = (JSONObject) ui.next("server_stats")[0];
        for (int i = 0; i < 20 && stats.getInt("clientsCount") != 2; i++) {
            stats = (JSONObject) ui.next("server_stats")[0];
        }

        assertThat(stats.getString("serverId")).isEqualTo("server-a");
        assertThat(stats.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
        assertThat(stats.getDouble("uptime")).isPositive();
        assertThat(stats.getInt("clientsCount")).isEqualTo(2);
        assertThat(stats.getInt("pollingClientsCount")).isZero();
        JSONArray namespaces = stats.getJSONArray("namespaces");
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < namespaces.length(); i++) {
            counts.put(namespaces.getJSONObject(i).getString("name"), namespaces.getJSONObject(i).getInt("socketsCount"));
        }
        assertThat(counts).isEqualTo(Map.of("/", 1, "/admin", 1, "/chat", 0));
    }

    @Test
    void theAggregatedEventsCountConnectionsAndTraffic() throws JSONException {
        start(AdminUiOptions.builder().noAuth().mode(AdminUiOptions.Mode.PRODUCTION));
        Inbox ui = login(null);
        ui.next("server_stats");
        ui.next("server_stats"); // the baseline is set: what follows counts from here
        live.connect("/", null).emit("hello", "world");

        long connections = 0;
        long packetsIn = 0;
        for (int reports = 0; reports < 50 && (connections == 0 || packetsIn == 0); reports++) {
            JSONArray events = ((JSONObject) ui.next("server_stats")[0]).getJSONArray("aggregatedEvents");
            for (int i = 0; i < events.length(); i++) {
                JSONObject e = events.getJSONObject(i);
                assertThat(e.getLong("timestamp") % 1000).isZero();
                switch (e.getString("type")) {
                    case "rawConnection" -> connections += e.getLong("count");
                    case "packetsIn" -> packetsIn += e.getLong("count");
                    default -> { }
                }
            }
        }
        assertThat(connections).isEqualTo(1);
        assertThat(packetsIn).isPositive();
    }

    @Test
    void theDisconnectActionDisconnectsTheSocketOnTheServer() {
        start(AdminUiOptions.builder().auth(AUTH));
        Socket user = userInRoom("lobby");
        CompletableFuture<DisconnectReason> serverSide = new CompletableFuture<>();
        live.io.sockets().socket(user.id()).onDisconnect((reason, description) -> serverSide.complete(reason));
        CompletableFuture<String> clientSide = new CompletableFuture<>();
        user.on(Socket.EVENT_DISCONNECT, args -> clientSide.complete(String.valueOf(args[0])));
        Inbox ui = login(LOGIN);
        ui.next("config");
        String userId = user.id(); // the client forgets it once disconnected

        // What the UI's disconnect button sends: the namespace, close=false, the socket's id as the filter.
        ui.socket().emit("_disconnect", "/", false, userId);

        assertThat(Await.await(serverSide)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        assertThat(Await.await(clientSide)).isEqualTo("io server disconnect");
        Object[] feed = ui.next("socket_disconnected");
        assertThat(feed[0]).isEqualTo("/");
        assertThat(feed[1]).isEqualTo(userId);
        assertThat(feed[2]).isEqualTo("server namespace disconnect");
    }

    @Test
    void joinAndLeaveActionsMoveTheSocketAndTheRoomFeedsReportIt() {
        start(AdminUiOptions.builder().auth(AUTH));
        Socket user = live.connect("/", null);
        Inbox ui = login(LOGIN);
        ui.next("config");

        ui.socket().emit("join", "/", "vip", user.id());
        Object[] joined = nextAbout(ui, "room_joined", "vip");
        assertThat(List.of(joined[0], joined[1], joined[2])).containsExactly("/", "vip", user.id());
        assertThat(live.io.sockets().socket(user.id()).rooms()).contains("vip");

        ui.socket().emit("leave", "/", "vip", user.id());
        Object[] left = nextAbout(ui, "room_left", "vip");
        assertThat(List.of(left[0], left[1], left[2])).containsExactly("/", "vip", user.id());
        assertThat(live.io.sockets().socket(user.id()).rooms()).doesNotContain("vip");
    }

    @Test
    void theEmitActionReachesTheSocketsOfARoom() {
        start(AdminUiOptions.builder().auth(AUTH));
        Socket user = userInRoom("lobby");
        CompletableFuture<Object> got = new CompletableFuture<>();
        user.on("announcement", args -> got.complete(args[0]));
        Inbox ui = login(LOGIN);
        ui.next("config");

        ui.socket().emit("emit", "/", "lobby", "announcement", "doors close at 10");

        assertThat(Await.await(got)).isEqualTo("doors close at 10");
    }

    @Test
    void aReadOnlyUiIsToldOfNoActionAndItsActionsDoNothing() throws JSONException {
        start(AdminUiOptions.builder().auth(AUTH).readonly(true));
        live.io.of("/admin").onConnection(s -> s.on("probe", (args, ack) -> ack.send("done")));
        Socket user = live.connect("/", null);
        Inbox ui = login(LOGIN);

        JSONObject config = (JSONObject) ui.next("config")[0];
        assertThat(strings(config.getJSONArray("supportedFeatures"))).containsExactly("AGGREGATED_EVENTS", "ALL_EVENTS");
        ui.socket().emit("_disconnect", "/", true, user.id());
        // The admin socket's events are handled in order: once the probe is answered, the
        // disconnect before it was handled too.
        CompletableFuture<Object> probe = new CompletableFuture<>();
        ui.socket().emit("probe", new Object[0], args -> probe.complete(args[0]));
        assertThat(Await.await(probe)).isEqualTo("done");
        assertThat(live.io.sockets().socket(user.id())).isNotNull();
        assertThat(user.connected()).isTrue();
    }

    @Test
    void theFeedsReportConnectionsEventsBothWaysAndDisconnections() throws JSONException {
        start(AdminUiOptions.builder().auth(AUTH));
        live.io.onConnection(s -> s.on("hello", (args, ack) -> s.emit("welcome", "you")));
        Inbox ui = login(LOGIN);
        ui.next("config");

        Socket user = live.connect("/", null);
        Object[] connected = ui.next("socket_connected");
        while (!(connected[0] instanceof JSONObject socket && socket.getString("nsp").equals("/"))) {
            connected = ui.next("socket_connected"); // the UI's own socket is reported too
        }
        assertThat(((JSONObject) connected[0]).getString("id")).isEqualTo(user.id());
        assertThat((String) connected[1]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        user.emit("hello", "world", 42);
        Object[] received = ui.next("event_received");
        assertThat(List.of(received[0], received[1])).containsExactly("/", user.id());
        assertThat(received[2].toString()).isEqualTo("[\"hello\",\"world\",42]");
        Object[] sent = ui.next("event_sent");
        assertThat(sent[2].toString()).isEqualTo("[\"welcome\",\"you\"]");

        String id = user.id();
        user.disconnect();
        Object[] gone = ui.next("socket_disconnected");
        assertThat(List.of(gone[0], gone[1], gone[2])).containsExactly("/", id, "client namespace disconnect");
    }

    @Test
    void aSocketThatUpgradesIsReportedOnPollingThenWithItsNewTransport() throws JSONException {
        start(AdminUiOptions.builder().noAuth());
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        CompletableFuture<Void> connectedToMain = new CompletableFuture<>();
        live.io.onConnection(s -> {
            connectedToMain.complete(null);
            s.conn().onUpgrade(t -> upgraded.complete(null));
        });
        // The client probes WebSocket as soon as its polling session opens: the upgrade request
        // waits until the socket joined the main namespace, so that it is reported on polling first.
        live.io.engine().use((request, headers, next) -> {
            if ("websocket".equals(request.queryParam("transport")) && request.queryParam("sid") != null) {
                connectedToMain.thenRun(next::next);
            } else {
                next.next();
            }
        });
        Inbox ui = login(null);
        ui.next("config");

        Socket user = live.client("/", null, "polling", "websocket");
        assertThat(Await.await(LiveServer.outcome(user))).isEqualTo("connected");
        Await.await(upgraded);

        JSONObject connected;
        do {
            connected = (JSONObject) ui.next("socket_connected")[0];
        } while (!connected.getString("nsp").equals("/"));
        assertThat(connected.getString("transport")).isEqualTo("polling");
        JSONObject update = (JSONObject) ui.next("socket_updated")[0];
        assertThat(update.getString("id")).isEqualTo(user.id());
        assertThat(update.getString("nsp")).isEqualTo("/");
        assertThat(update.getString("transport")).isEqualTo("websocket");
    }

    @Test
    void productionModeSendsNeitherTheSocketListNorTheFeeds() throws JSONException {
        start(AdminUiOptions.builder().auth(AUTH).mode(AdminUiOptions.Mode.PRODUCTION));
        Inbox ui = login(LOGIN);

        JSONObject config = (JSONObject) ui.next("config")[0];
        assertThat(strings(config.getJSONArray("supportedFeatures"))).doesNotContain("ALL_EVENTS").contains("AGGREGATED_EVENTS");
        live.connect("/", null).emit("hello");
        ui.next("server_stats");
        ui.next("server_stats");
        assertThat(ui.has("all_sockets") || ui.has("socket_connected") || ui.has("event_received")).isFalse();
    }

    @Test
    void optionsRefuseAnUnchosenAuthenticationAndAPasswordThatIsNotABcryptHash() {
        assertThatThrownBy(() -> AdminUiOptions.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("auth");
        assertThatThrownBy(() -> new BasicAuth("admin", "secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bcrypt");
        assertThat(new BasicAuth("admin", AUTH.password()).toString()).doesNotContain(AUTH.password());
    }

    @Test
    void aHashMadeByBcryptjsIsAccepted() {
        // bcrypt.hashSync("changeit", 10) as bcryptjs writes it, the reference's password check.
        BasicAuth auth = new BasicAuth("admin", "$2a$10$jqynIbTqV1RjvcRtFr9pDuPZhEZDvuSs8klqK2tBr40AFgNhPZKMS");

        assertThat(auth.matches("admin", "changeit")).isTrue();
        assertThat(auth.matches("admin", "changeIt")).isFalse();
    }
}
