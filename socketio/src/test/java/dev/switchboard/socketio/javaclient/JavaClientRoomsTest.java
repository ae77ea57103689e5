package dev.switchboard.socketio.javaclient;

import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.Inbox;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rooms and broadcasts with three Java clients, one per transport (polling, WebSocket, upgraded),
 * so every broadcast crosses transports and event loops: {@code to}, {@code except}, unions
 * without duplicates, {@code socket.broadcast}, {@code socket.to}, leaving, a socket's own room,
 * {@code socketsJoin}, and namespaces kept apart. Each case ends with a {@code marker} sent to
 * everyone: a client's events up to the marker are exactly what it was sent.
 */
class JavaClientRoomsTest {

    private static final String MARKER = "marker";

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();
    private final Map<String, Socket> byName = new ConcurrentHashMap<>();
    private io.socket.client.Socket polling;
    private io.socket.client.Socket websocket;
    private io.socket.client.Socket upgrade;
    private Inbox pollingInbox;
    private Inbox websocketInbox;
    private Inbox upgradeInbox;

    @BeforeEach
    void connectThreeClients() {
        fx.io.onConnection(s -> {
            byName.put(s.handshake().query().get("name"), s);
            s.on("join", (args, ack) -> {
                s.join(args.get(0, String.class));
                ack.send();
            });
            s.on("leave", (args, ack) -> {
                s.leave(args.get(0, String.class));
                ack.send();
            });
            s.on("shout", (args, ack) -> {
                s.broadcast().emit("shouted", args.get(0, String.class));
                ack.send();
            });
            s.on("tell", (args, ack) -> {
                s.to(args.get(0, String.class)).emit("told", args.get(1, String.class));
                ack.send();
            });
        });
        polling = client(ClientTransport.POLLING, "p");
        websocket = client(ClientTransport.WEBSOCKET, "w");
        upgrade = client(ClientTransport.UPGRADE, "u");
        pollingInbox = Inbox.of(polling);
        websocketInbox = Inbox.of(websocket);
        upgradeInbox = Inbox.of(upgrade);
        ServerFixture.connect(polling);
        ServerFixture.connect(websocket);
        ServerFixture.connect(upgrade);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private io.socket.client.Socket client(ClientTransport transport, String name) {
        var options = fx.options(transport);
        options.query = "name=" + name;
        return fx.socket("/", options);
    }

    private static void call(io.socket.client.Socket client, String event, Object... args) {
        CompletableFuture<Object[]> done = new CompletableFuture<>();
        client.emit(event, args, done::complete);
        await(done);
    }

    /** Sends the marker to everyone and returns each client's events up to it, p, w, u. */
    private List<List<String>> seen() {
        fx.io.emit(MARKER);
        return List.of(pollingInbox.namesUntil(MARKER), websocketInbox.namesUntil(MARKER),
                upgradeInbox.namesUntil(MARKER));
    }

    private static List<String> got(String event) {
        return List.of(event, MARKER);
    }

    private static final List<String> NOTHING = List.of(MARKER);

    @Test
    void emitToTheNamespaceReachesEveryone() {
        fx.io.emit("all", 1);
        assertThat(seen()).containsExactly(got("all"), got("all"), got("all"));
    }

    @Test
    void toRoomReachesItsMembersOnly() {
        call(polling, "join", "r1");
        call(upgrade, "join", "r1");

        fx.io.to("r1").emit("news", "x");

        assertThat(seen()).containsExactly(got("news"), NOTHING, got("news"));
    }

    @Test
    void severalRoomsReachTheirUnionOnce() {
        call(polling, "join", "r1");
        call(polling, "join", "r2");
        call(websocket, "join", "r2");

        fx.io.to("r1", "r2").emit("union");

        assertThat(seen()).containsExactly(got("union"), got("union"), NOTHING);
    }

    @Test
    void exceptLeavesOutTheMembersOfItsRooms() {
        call(polling, "join", "muted");
        call(websocket, "join", "r1");
        call(upgrade, "join", "r1");
        call(upgrade, "join", "muted");

        fx.io.except("muted").emit("to all but muted");
        fx.io.to("r1").except("muted").emit("to r1 but muted");

        assertThat(seen()).containsExactly(NOTHING,
                List.of("to all but muted", "to r1 but muted", MARKER), NOTHING);
    }

    @Test
    void socketBroadcastReachesEveryoneButTheSender() {
        call(websocket, "shout", "hey");

        assertThat(seen()).containsExactly(got("shouted"), NOTHING, got("shouted"));
    }

    @Test
    void socketToRoomReachesTheOtherMembers() {
        call(polling, "join", "team");
        call(upgrade, "join", "team");

        call(polling, "tell", "team", "psst");

        assertThat(seen()).containsExactly(NOTHING, NOTHING, got("told"));
    }

    @Test
    void leftRoomReachesNoLonger() {
        call(polling, "join", "r1");
        call(websocket, "join", "r1");
        call(polling, "leave", "r1");

        fx.io.to("r1").emit("news");

        assertThat(seen()).containsExactly(NOTHING, got("news"), NOTHING);
        assertThat(byName.get("p").rooms()).containsExactly(byName.get("p").id());
    }

    @Test
    void everySocketIsInItsOwnRoom() {
        Socket target = byName.get("u");

        fx.io.to(target.id()).emit("direct");

        assertThat(seen()).containsExactly(NOTHING, NOTHING, got("direct"));
    }

    @Test
    void socketsJoinMovesTheTargetedSocketsIntoRooms() {
        call(websocket, "join", "a");
        call(upgrade, "join", "a");

        fx.io.in("a").socketsJoin("b");
        fx.io.to("b").emit("via b");

        assertThat(seen()).containsExactly(NOTHING, got("via b"), got("via b"));
        assertThat(byName.get("w").rooms()).contains("a", "b");
    }

    @Test
    void broadcastsStayInTheirNamespace() {
        BlockingQueue<Socket> admins = queue(fx.io.of("/admin")::onConnection);
        io.socket.client.Socket admin = fx.socket(ClientTransport.WEBSOCKET, "/admin");
        Inbox adminInbox = Inbox.of(admin);
        ServerFixture.connect(admin);
        take(admins).join("r1");
        call(polling, "join", "r1");

        fx.io.of("/admin").to("r1").emit("admin news");
        fx.io.to("r1").emit("main news");
        fx.io.of("/admin").emit(MARKER);

        assertThat(seen()).containsExactly(got("main news"), NOTHING, NOTHING);
        assertThat(adminInbox.namesUntil(MARKER)).containsExactly("admin news", MARKER);
    }

    @Test
    void disconnectedSocketLeavesItsRooms() {
        call(polling, "join", "r1");
        Socket p = byName.get("p");
        CompletableFuture<Void> gone = new CompletableFuture<>();
        p.onDisconnect((reason, description) -> gone.complete(null));

        polling.close();
        await(gone);

        assertThat(fx.io.sockets().adapter().rooms()).doesNotContain("r1", p.id());
        assertThat(fx.io.sockets().sockets()).doesNotContainKey(p.id());
    }
}
