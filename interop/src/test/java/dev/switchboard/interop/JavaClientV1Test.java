package dev.switchboard.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.ConnectException;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Java client of the Socket.IO v2 era, {@code io.socket:socket.io-client} 1.0.2
 * (Engine.IO 3, what Android apps ship), against a server with {@code allowEIO3}, over
 * long-polling, WebSocket and the upgrade: the implicit connection to {@code /}, a namespace with
 * a query as auth, events, binary, acks both ways, rooms and broadcasts, a middleware's refusal in
 * the v2 error shape, and disconnections from either side.
 *
 * <p>A refusal whose error has data sends the data alone, as the reference does; this client
 * takes only a string there (its parser refuses anything else as "invalid payload"), so against
 * Node as against us such an application refuses with a message only. The Node suite
 * {@code eio3/socketio-wire.test.mjs} checks the data form on the wire.
 */
class JavaClientV1Test {

    private static final long TIMEOUT_S = 10;

    /** How a client connects. */
    enum Transport {
        POLLING("polling"), WEBSOCKET("websocket"), UPGRADE("polling", "websocket");

        final String[] names;

        Transport(String... names) {
            this.names = names;
        }

        /** The transport the session ends on. */
        String last() {
            return names[names.length - 1];
        }
    }

    private SocketIoServer io;
    private NettyServer server;
    private final List<Socket> clients = new ArrayList<>();
    /** What the server saw, by socket id: the connection's namespace auth and disconnect reasons. */
    private final Map<String, BlockingQueue<String>> serverLog = new ConcurrentHashMap<>();

    private BlockingQueue<String> log(String id) {
        return serverLog.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
    }

    @BeforeEach
    void start() {
        io = SocketIoServer.builder().allowEIO3(true).build();
        io.onConnection(s -> {
            log(s.id()).add("connected " + s.conn().protocol());
            s.on("echo", (args, ack) -> s.emit("echo", args.asList().toArray()));
            s.on("ack", (args, ack) -> ack.send(args));
            s.on("join", (args, ack) -> {
                s.join(args.get(0, String.class));
                ack.send(s.rooms().size());
            });
            s.on("to-room", (args, ack) -> io.to(args.get(0, String.class)).emit("news", args.get(1, String.class)));
            s.on("ask-me", (args, ack) -> s.emitWithAck("question", args.get(0, Integer.class))
                    .thenAccept(answer -> s.emit("answered", answer.get(0))));
            s.on("bytes", (args, ack) -> s.emit("bytes", (Object) new byte[] {1, 2, 3}));
            s.onDisconnect((reason, description) -> log(s.id()).add("disconnect " + reason.text()));
        });
        io.of("/admin").onConnection(s -> {
            log(s.id()).add("auth " + s.handshake().auth());
            s.on("ack", (args, ack) -> ack.send(args));
        });
        io.of("/guarded").use((socket, next) -> next.error(new ConnectException("not allowed")));
        io.of("/plain-refusal").use((socket, next) -> next.error(new IllegalStateException("go away")));
        server = NettyServer.create(io).eventLoopThreads(2).listen("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        clients.forEach(Socket::close);
        server.close();
    }

    private Socket client(Transport transport, String nsp, String query) throws Exception {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = transport.names;
        o.query = query;
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + server.port() + nsp), o);
        clients.add(s);
        return s;
    }

    private Socket connected(Transport transport, String nsp, String query) throws Exception {
        Socket s = client(transport, nsp, query);
        CompletableFuture<Object> connected = new CompletableFuture<>();
        s.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
        s.once(Socket.EVENT_ERROR, args -> connected.completeExceptionally(new AssertionError("error: " + args[0])));
        s.connect();
        connected.get(TIMEOUT_S, TimeUnit.SECONDS);
        return s;
    }

    private static Object[] next(BlockingQueue<Object[]> q) throws InterruptedException {
        Object[] v = q.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(v).as("an event within %d s", TIMEOUT_S).isNotNull();
        return v;
    }

    private String nextLog(String id) throws InterruptedException {
        String v = log(id).poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(v).as("a server event of %s within %d s", id, TIMEOUT_S).isNotNull();
        return v;
    }

    private static Object[] ask(Socket s, String event, Object... args) throws Exception {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        s.emit(event, args, (Ack) answer::complete);
        return answer.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void joinsTheMainNamespaceWithoutAConnectAndKeepsTheEngineIdAsSocketId(Transport transport) throws Exception {
        Socket s = connected(transport, "/", null);
        assertThat(s.id()).isNotNull();
        assertThat(nextLog(s.id())).isEqualTo("connected 3");
        var sockets = io.sockets().sockets();
        assertThat(sockets).containsKey(s.id());
        String engineId = sockets.get(s.id()).conn().id();
        assertThat(s.id()).isEqualTo(engineId);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!transport.last().equals(sockets.get(s.id()).conn().transport().wireName())
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(sockets.get(s.id()).conn().transport().wireName()).isEqualTo(transport.last());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eventsAndBinaryGoBothWays(Transport transport) throws Exception {
        Socket s = connected(transport, "/", null);
        BlockingQueue<Object[]> echoes = new LinkedBlockingQueue<>();
        s.on("echo", echoes::add);
        s.emit("echo", "héllo ✓", 42, new JSONObject().put("a", 1), new byte[] {9, 8, 7});
        Object[] back = next(echoes);
        assertThat(back[0]).isEqualTo("héllo ✓");
        assertThat(back[1]).isEqualTo(42);
        assertThat(back[2].toString()).isEqualTo("{\"a\":1}");
        assertThat((byte[]) back[3]).containsExactly(9, 8, 7);

        BlockingQueue<Object[]> bytes = new LinkedBlockingQueue<>();
        s.on("bytes", bytes::add);
        s.emit("bytes");
        assertThat((byte[]) next(bytes)[0]).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void acksGoBothWays(Transport transport) throws Exception {
        Socket s = connected(transport, "/", null);
        Object[] answer = ask(s, "ack", "x", 2, new byte[] {5});
        assertThat(answer[0]).isEqualTo("x");
        assertThat(answer[1]).isEqualTo(2);
        assertThat((byte[]) answer[2]).containsExactly(5);

        s.on("question", args -> ((Ack) args[args.length - 1]).call(((Integer) args[0]) * 2));
        BlockingQueue<Object[]> answered = new LinkedBlockingQueue<>();
        s.on("answered", answered::add);
        s.emit("ask-me", 21);
        assertThat(next(answered)[0]).isEqualTo(42);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aNamespaceTakesItsQueryAsAuthAndItsIdIsPrefixed(Transport transport) throws Exception {
        Socket root = connected(transport, "/", null);
        Socket admin = root.io().socket("/admin");
        clients.add(admin);
        CompletableFuture<Object> up = new CompletableFuture<>();
        admin.once(Socket.EVENT_CONNECT, args -> up.complete(null));
        admin.connect();
        up.get(TIMEOUT_S, TimeUnit.SECONDS);
        String adminId = "/admin#" + root.id();
        assertThat(io.of("/admin").sockets()).containsKey(adminId);
        assertThat(ask(admin, "ack", "in admin")).containsExactly("in admin");

        Socket withQuery = connected(transport, "/admin", "token=abc&n=1");
        String id = io.of("/admin").sockets().keySet().stream().filter(k -> !k.equals(adminId)).findFirst().orElseThrow();
        assertThat(nextLog(adminId)).isEqualTo("auth {}");
        assertThat(nextLog(id)).isEqualTo("auth {\"token\":\"abc\",\"n\":\"1\"}");
        assertThat(withQuery.connected()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRoomBroadcastReachesItsMembersOnly(Transport transport) throws Exception {
        Socket a = connected(transport, "/", null);
        Socket b = connected(transport, "/", null);
        Socket c = connected(transport, "/", null);
        BlockingQueue<Object[]> inA = new LinkedBlockingQueue<>();
        BlockingQueue<Object[]> inB = new LinkedBlockingQueue<>();
        BlockingQueue<Object[]> inC = new LinkedBlockingQueue<>();
        a.on("news", inA::add);
        b.on("news", inB::add);
        c.on("news", inC::add);
        assertThat(ask(a, "join", "r")).containsExactly(2);
        assertThat(ask(b, "join", "r")).containsExactly(2);
        a.emit("to-room", "r", "for r");
        assertThat(next(inA)).containsExactly("for r");
        assertThat(next(inB)).containsExactly("for r");
        // Everyone gets the next one: c's first news is it, so c got nothing before.
        io.emit("news", "for all");
        assertThat(next(inC)).containsExactly("for all");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRefusalWithoutDataCarriesTheErrorsMessageAlone(Transport transport) throws Exception {
        Socket root = connected(transport, "/", null);
        for (var expected : List.of(Map.entry("/guarded", "not allowed"), Map.entry("/plain-refusal", "go away"))) {
            Socket s = root.io().socket(expected.getKey());
            clients.add(s);
            CompletableFuture<Object> error = new CompletableFuture<>();
            s.once(Socket.EVENT_ERROR, args -> error.complete(args[0]));
            s.once(Socket.EVENT_CONNECT, args -> error.completeExceptionally(new AssertionError("connected")));
            s.connect();
            assertThat(String.valueOf(error.get(TIMEOUT_S, TimeUnit.SECONDS))).isEqualTo(expected.getValue());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void disconnectionsFromEitherSideAreReportedWithTheirReasons(Transport transport) throws Exception {
        Socket s = connected(transport, "/", null);
        String id = s.id();
        assertThat(nextLog(id)).isEqualTo("connected 3");
        s.disconnect();
        assertThat(nextLog(id)).isEqualTo("disconnect client namespace disconnect");

        Socket t = connected(transport, "/", null);
        String tid = t.id();
        assertThat(nextLog(tid)).isEqualTo("connected 3");
        CompletableFuture<Object> gone = new CompletableFuture<>();
        t.once(Socket.EVENT_DISCONNECT, args -> gone.complete(args[0]));
        io.sockets().sockets().get(tid).disconnect();
        assertThat(gone.get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
        assertThat(nextLog(tid)).isEqualTo("disconnect server namespace disconnect");
    }
}
