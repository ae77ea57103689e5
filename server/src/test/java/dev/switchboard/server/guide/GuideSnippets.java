package dev.switchboard.server.guide;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.CookieOptions;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.AckTimeoutException;
import dev.switchboard.socketio.AnyListener;
import dev.switchboard.socketio.ConnectException;
import dev.switchboard.socketio.ConnectionStateRecovery;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.EventHandler;
import dev.switchboard.socketio.HandlerExecutors;
import dev.switchboard.socketio.Handshake;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.ParentNamespace;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.protocol.Packet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java snippets of {@code docs/GUIDE.md}, compiled. Each {@code tag::name[]} ...
 * {@code end::name[]} region is one {@code java} block of the guide, character for character
 * after removing the common indentation; {@code GuideSnippetsTest} checks that, and runs many of
 * the regions against a real server. Edit a snippet here, then copy it into the guide.
 *
 * <p>In the snippets, {@code io} is the {@link SocketIoServer}, {@code socket} a connected
 * {@link Socket} (the argument of a {@code connection} listener) and {@code log} an SLF4J logger.
 */
final class GuideSnippets {

    private static final Logger log = LoggerFactory.getLogger(GuideSnippets.class);

    private GuideSnippets() {
    }

    // tag::records[]
    record Point(double x, double y) {
    }

    record Move(String player, Point to) {
    }

    record Profile(String name) {
    }

    record FileData(String name, byte[] data) {
    }
    // end::records[]

    /** Stands for an application's token check. */
    static boolean isValid(String token) {
        return "secret".equals(token);
    }

    /** Stands for an application's blocking lookup (JDBC, HTTP). */
    static Profile loadProfile(String id) {
        return new Profile("user-" + id);
    }

    /** Stands for an application's asynchronous lookup. */
    static CompletableFuture<Boolean> tenantExists(String name) {
        return CompletableFuture.completedFuture(name.startsWith("/tenant-"));
    }

    // ---- setup -------------------------------------------------------------------------------

    static SocketIoServer quickStart() {
        // tag::quickstart[]
        SocketIoServer io = SocketIoServer.builder()
                .cors(Cors.allowOrigin("*"))
                .build();
        io.on("connection", socket -> {
            log.info("A client connected: {}", socket.id());
            socket.emit("welcome", "Hello, you are connected!");
            socket.on("chat message", String.class, msg -> io.emit("chat message", msg));
            socket.on("echo", (args, ack) -> ack.send(args));
            socket.onDisconnect((reason, description) -> log.info("{} left: {}", socket.id(), reason));
        });
        // end::quickstart[]
        return io;
    }

    static SocketIoServer options() {
        // tag::options[]
        SocketIoServer io = SocketIoServer.builder()
                .path("/socket.io")                              // the defaults, spelled out
                .serveClient(true)
                .connectTimeout(Duration.ofSeconds(45))
                .pingInterval(Duration.ofSeconds(25))
                .pingTimeout(Duration.ofSeconds(20))
                .upgradeTimeout(Duration.ofSeconds(10))
                .maxHttpBufferSize(1_000_000)
                .transports(TransportType.POLLING, TransportType.WEBSOCKET)
                .allowUpgrades(true)
                .perMessageDeflate(false)
                .httpCompression(true)                           // polling bodies from 1024 bytes
                .maxBufferedBytes(10_000_000)                    // per client; past it: "transport error"
                .cleanupEmptyChildNamespaces(false)
                .connectionStateRecovery(null)                   // off
                .cookie(null)                                    // no cookie
                .cors(null)                                      // no CORS headers
                .allowRequest(null)                              // every handshake accepted
                .engine(engine -> engine.initialPacket(null).generateId(null))   // the rest
                .build();
        // end::options[]
        return io;
    }

    static NettyServer attach(SocketIoServer io) {
        // tag::attach[]
        NettyServer http = NettyServer.create(io)   // Engine.IO under /socket.io/, and the client bundle
                .eventLoopThreads(0)                // the default: Netty's choice (2 per core)
                .listen(3000);                      // or listen("127.0.0.1", 3000); 0 for a free port
        int port = http.port();
        // ...
        http.close();                               // closes io first: clients see "server shutting down"
        // end::attach[]
        return http;
    }

    static NettyServer staticFiles(SocketIoServer io) {
        // tag::static-files[]
        NettyServer http = NettyServer.create(io)   // + /socket.io/socket.io.js, .min.js, .esm.min.js, .msgpack.min.js
                .staticFiles("public");             // classpath folder: public/index.html at /
        // end::static-files[]
        return http;
    }

    static void staticFilesVariants(SocketIoServer io) {
        // tag::static-files-more[]
        NettyServer.create(io).staticFiles(Path.of("/var/www/app"));   // a directory instead

        SocketIoServer noBundle = SocketIoServer.builder().serveClient(false).build();
        NettyServer.create(noBundle);                                 // no /socket.io/socket.io.js
        // end::static-files-more[]
    }

    static SocketIoServer cors() {
        // tag::cors[]
        SocketIoServer io = SocketIoServer.builder()
                .cors(Cors.builder()
                        .origins("https://example.com", "https://admin.example.com")
                        .credentials(true)
                        .allowedHeaders("authorization")
                        .maxAge(Duration.ofMinutes(10))
                        .build())
                .build();
        // end::cors[]
        return io;
    }

    static SocketIoServer allowRequest() {
        // tag::allow-request[]
        SocketIoServer io = SocketIoServer.builder()
                .allowRequest(request -> CompletableFuture.completedFuture(
                        isValid(request.queryParam("token"))
                                ? AllowRequest.Verdict.allow()
                                : AllowRequest.Verdict.deny("bad token")))   // 403 {"code":4,"message":"bad token"}
                .cookie(CookieOptions.named("sticky"))                       // Set-Cookie: sticky=<sid>; Path=/; HttpOnly; SameSite=Lax
                .build();
        // end::allow-request[]
        return io;
    }

    // ---- namespaces --------------------------------------------------------------------------

    static void namespaces(SocketIoServer io) {
        // tag::namespaces[]
        Namespace admin = io.of("/admin");
        admin.on("connection", socket -> {
            socket.emit("hello", "admin " + socket.id());
            admin.emit("joined", socket.id());                  // to everyone in /admin
        });
        io.sockets().emit("news", "for the main namespace");    // io.emit(...) is the same
        int inAdmin = admin.sockets().size();                   // connected sockets of this server
        // end::namespaces[]
    }

    static void dynamicNamespaces(SocketIoServer io) {
        // tag::dynamic-namespaces[]
        // by pattern (searched like regex.test: anchor it)
        io.of(Pattern.compile("^/dynamic-\\d+$"), socket -> socket.emit("in", socket.nsp().name()));

        // by predicate on the name and the CONNECT payload (auth)
        io.of((name, auth) -> name.startsWith("/user-") && auth.has("token"));

        // asynchronously: call result.done(error, allowed) once, from any thread
        io.of((name, auth, result) -> tenantExists(name)
                .whenComplete((exists, error) -> result.done(error, exists != null && exists)));
        // end::dynamic-namespaces[]
    }

    static ParentNamespace parentNamespace(SocketIoServer io) {
        // tag::parent-namespace[]
        ParentNamespace orders = io.of(Pattern.compile("^/orders-\\w+$"));
        orders.use((socket, next) -> next.next());              // copied into each child
        orders.on("connection", socket -> {
            Namespace child = socket.nsp();                     // e.g. /orders-eu
            child.emit("welcome", child.name());                // this child only
        });
        orders.emit("maintenance", "in 5 minutes");             // every child namespace
        Set<Namespace> children = orders.children();
        // end::parent-namespace[]
        return orders;
    }

    static SocketIoServer cleanupChildren() {
        // tag::cleanup-children[]
        SocketIoServer io = SocketIoServer.builder()
                .cleanupEmptyChildNamespaces(true)   // a child goes away with its last socket
                .build();
        io.onNewNamespace(nsp -> log.info("created {}", nsp.name()));
        // end::cleanup-children[]
        return io;
    }

    static SocketIoServer connectTimeout() {
        // tag::connect-timeout[]
        SocketIoServer io = SocketIoServer.builder()
                .connectTimeout(Duration.ofSeconds(10))   // close connections that join no namespace in 10 s
                .build();
        // end::connect-timeout[]
        return io;
    }

    // ---- middleware --------------------------------------------------------------------------

    static void middleware(SocketIoServer io) {
        // tag::middleware[]
        io.use((socket, next) -> {
            String token = socket.handshake().auth().path("token").asText(null);
            if (token == null || !isValid(token)) {
                next.error(new ConnectException("not authorized", Map.of("code", 401)));
                return;
            }
            socket.data(new Profile("user"));     // allowed here; socket.connected() is still false
            next.next();
        });
        io.of("/admin").use((socket, next) -> next.error(new ConnectException("admins only")));
        // end::middleware[]
    }

    static void socketMiddleware(Socket socket) {
        // tag::socket-middleware[]
        socket.use((event, args, next) -> {
            if (event.equals("delete") && !socket.rooms().contains("admins")) {
                next.error(new IllegalStateException("forbidden"));   // the event is dropped
            } else {
                next.next();
            }
        });
        socket.onError(error -> socket.emit("refused", error.getMessage()));   // the client is told nothing by itself
        // end::socket-middleware[]
    }

    // ---- events ------------------------------------------------------------------------------

    static void onOnceOff(Socket socket) {
        // tag::on-once-off[]
        EventHandler onPing = (args, ack) -> ack.send("pong");
        socket.on("ping", onPing);
        socket.on("say", String.class, text -> log.info("said {}", text));   // first argument, typed
        socket.once("hello", (args, ack) -> log.info("first hello: {}", args));
        socket.off("ping", onPing);                                          // the same object
        socket.off("say");                                                   // every "say" listener
        int n = socket.listenerCount("hello");
        // end::on-once-off[]
    }

    static void anyListeners(Socket socket) {
        // tag::any[]
        AnyListener logAll = (event, args) -> log.info("got {} {}", event, args);
        socket.onAny(logAll);
        socket.prependAny((event, args) -> log.info("first: {}", event));
        socket.offAny(logAll);                          // or offAny() for all of them
        socket.onAnyOutgoing((event, args) -> log.info("sent {} {}", event, args));
        List<AnyListener> any = socket.listenersAny();
        // end::any[]
    }

    static void emit(SocketIoServer io, Socket socket) {
        // tag::emit[]
        socket.emit("hello");                                         // 42["hello"]
        socket.emit("hello", "world", 1, 2.5, true, null);            // 42["hello","world",1,2.5,true,null]
        socket.emit("move", new Move("ann", new Point(1, 2)));        // 42["move",{"player":"ann","to":{"x":1,"y":2}}]
        socket.emit("list", List.of(1, 2), Map.of("k", "v"));        // collections and maps
        ObjectNode tree = JsonNodeFactory.instance.objectNode().put("a", 1);
        socket.emit("tree", tree);                                    // a JsonNode as it is
        socket.send("hi");                                            // emit("message", "hi")
        io.emit("everyone", "hello");                                 // every socket of "/"
        // end::emit[]
    }

    static void typedPayloads(Socket socket) {
        // tag::typed[]
        socket.on("move", Move.class, move -> log.info("{} to {}", move.player(), move.to()));
        socket.on("score", (args, ack) -> {
            String player = args.get(0, String.class);
            int points = args.get(1, Integer.class);                   // JS numbers: Integer, Long, Double...
            JsonNode extra = args.get(2);                              // as received; null when absent
            List<Point> path = args.get(3, new TypeReference<List<Point>>() { });
            ack.send(player, points * 2, extra, path.size());
        });
        // end::typed[]
    }

    static void binary(Socket socket) {
        // tag::binary[]
        byte[] image = {1, 2, 3};
        socket.emit("image", image);                                  // 451-["image",{"_placeholder":true,"num":0}] + 1 attachment
        socket.emit("file", new FileData("a.png", image));           // anywhere in the arguments
        socket.on("upload", (args, ack) -> {
            byte[] bytes = args.get(0, byte[].class);                 // a Buffer/ArrayBuffer/Blob from the client
            ack.send(bytes.length);
        });
        // end::binary[]
    }

    // ---- acknowledgements --------------------------------------------------------------------

    static void ackReply(Socket socket) {
        // tag::ack-reply[]
        socket.on("update item", (args, ack) -> {
            String id = args.get(0, String.class);
            log.info("update {}", id);
            if (ack.requested()) {                     // did the client pass a callback?
                ack.send(Map.of("status", "ok"));
            }
        });
        // end::ack-reply[]
    }

    static void ackCallback(Socket socket) {
        // tag::ack-callback[]
        socket.timeout(Duration.ofSeconds(5)).emit("question", "are you there?", (error, args) -> {
            if (error != null) {                      // AckTimeoutException, SocketDisconnectedException
                log.info("no answer: {}", error.getMessage());
            } else {
                log.info("answer: {}", args.get(0, String.class));
            }
        });
        socket.emit("no timeout", (error, args) -> log.info("{}", args));   // error only on disconnection
        // end::ack-callback[]
    }

    static void emitWithAck(Socket socket) {
        // tag::emit-with-ack[]
        CompletableFuture<String> name = socket.timeout(Duration.ofSeconds(5))
                .emitWithAck(String.class, "what is your name?");
        name.thenAccept(n -> socket.data(new Profile(n)))
                .exceptionally(error -> {              // CompletionException(AckTimeoutException)
                    socket.disconnect();
                    return null;
                });
        CompletableFuture<EventArgs> all = socket.emitWithAck("answers");   // every answer argument
        // end::emit-with-ack[]
    }

    // ---- the socket --------------------------------------------------------------------------

    static void data(Socket socket) {
        // tag::data[]
        socket.data(new Profile("ann"));                 // any value the ObjectMapper can write
        Profile profile = socket.data(Profile.class);    // the stored object, or mapped to the type
        // end::data[]
    }

    static void handshake(Socket socket) {
        // tag::handshake[]
        Handshake h = socket.handshake();
        String agent = h.headers().get("user-agent");        // lower-case names
        String ip = h.address();
        String token = h.auth().path("token").asText(null);  // the client's auth option
        String room = h.query().get("room");                 // the client's query option
        String url = h.url();                                // /socket.io/?EIO=4&transport=polling&t=...
        long issued = h.issued();                            // ms since the epoch; h.time() is the JS date string
        boolean tls = h.secure(), crossSite = h.xdomain();   // xdomain: the request had an Origin
        TransportType transport = socket.conn().transport(); // POLLING, then WEBSOCKET once upgraded
        socket.conn().onUpgrade(t -> log.info("upgraded to {}", t));
        // end::handshake[]
    }

    static void rooms(Socket socket) {
        // tag::rooms[]
        socket.join("room1");
        socket.join("room2", "room3");
        socket.leave("room3");
        Set<String> rooms = socket.rooms();   // [<socket id>, room1, room2]
        // end::rooms[]
    }

    // ---- broadcasting ------------------------------------------------------------------------

    static void broadcast(SocketIoServer io, Socket socket) {
        // tag::broadcast[]
        io.to("room1").emit("news", "to room1");
        io.to("room1").to("room2").except("room3").emit("news", "room1 or room2, not room3");
        io.in("room1").emit("news", "in is an alias of to");
        io.except("muted").emit("news", "everyone but room muted");
        io.to(socket.id()).emit("private", "a socket id is a room");
        socket.broadcast().emit("joined", socket.id());        // everyone but the sender
        socket.to("room1").emit("typing", socket.id());        // room1 but the sender
        socket.except("room2").emit("hi", "all but room2 and the sender");
        io.of("/admin").to("ops").emit("alert", "per namespace");
        // end::broadcast[]
    }

    static void modifiers(SocketIoServer io, Socket socket) {
        // tag::modifiers[]
        io.volatile_().emit("position", 1, 2);                 // dropped for clients not ready to take it
        socket.volatile_().emit("position", 1, 2);
        socket.compress(false).emit("raw", "not deflated");    // with perMessageDeflate / httpCompression
        io.local().emit("here", "this node only");             // with a cluster adapter
        socket.volatile_().broadcast().emit("cursor", 3, 4);   // modifiers combine
        // end::modifiers[]
    }

    static void broadcastAck(SocketIoServer io) {
        // tag::broadcast-ack[]
        io.timeout(Duration.ofSeconds(5)).emit("poll", "coffee?", (error, responses) -> {
            if (error instanceof AckTimeoutException) {
                log.info("some did not answer; got {}", responses.size());
            }
            for (JsonNode answer : responses) {                // one per client: its first argument
                log.info("answer {}", answer);
            }
        });
        io.to("room1").timeout(Duration.ofSeconds(5)).emitWithAck(String.class, "poll", "tea?")
                .thenAccept(answers -> log.info("all answered: {}", answers));
        // end::broadcast-ack[]
    }

    static void fetchSockets(SocketIoServer io) {
        // tag::fetch-sockets[]
        io.in("room1").fetchSockets().thenAccept(sockets -> {
            for (RemoteSocket s : sockets) {                   // a Socket here, a proxy on other nodes
                log.info("{} {} {} {}", s.id(), s.rooms(), s.handshake().address(), s.data(Profile.class));
                s.emit("hello", "from the server");
                s.join("room2");
                s.leave("room1");
                s.timeout(Duration.ofSeconds(5)).emit("ping", (error, args) -> log.info("{}", args));
            }
        });
        // end::fetch-sockets[]
    }

    static void socketsOps(SocketIoServer io) {
        // tag::sockets-ops[]
        io.socketsJoin("announcements");                       // every socket of "/"
        io.in("room1").socketsJoin("room2", "room3");
        io.in("room1").socketsLeave("room2");
        io.of("/admin").in("room1").disconnectSockets(false);  // leave the namespace only
        io.except("vip").disconnectSockets(true);              // close the whole connections
        // end::sockets-ops[]
    }

    static void serverSideEmit(SocketIoServer io) {
        // tag::server-side-emit[]
        io.onServerSideEvent("reload", (args, ack) -> {
            log.info("reload asked by another node: {}", args);
            ack.send("done on " + ProcessHandle.current().pid());
        });
        io.serverSideEmit("reload", "config");                          // to the other nodes
        io.serverSideEmitWithAck("reload", "config")                    // one answer per other node
                .thenAccept(answers -> log.info("{} nodes done", answers.size()));
        // end::server-side-emit[]
    }

    // ---- disconnection -----------------------------------------------------------------------

    static void disconnect(Socket socket) {
        // tag::disconnect[]
        socket.disconnect();       // this namespace only: "server namespace disconnect"
        socket.disconnect(true);   // every namespace of the client, and close the connection
        // end::disconnect[]
    }

    static void disconnectEvents(Socket socket) {
        // tag::disconnect-events[]
        socket.onDisconnecting((reason, description) ->
                log.info("leaving {} because {}", socket.rooms(), reason));   // still in its rooms
        socket.onDisconnect((reason, description) -> {
            if (reason == DisconnectReason.PING_TIMEOUT || reason.recoverable()) {
                log.info("{} lost ({}): {}", socket.id(), reason.text(), description);
            }
        });
        socket.on("disconnect", (args, ack) -> log.info("as strings: {}", args));   // ["transport close"]
        // end::disconnect-events[]
    }

    static void reserved(Socket socket) {
        // tag::reserved[]
        try {
            socket.emit("disconnect");
        } catch (IllegalArgumentException e) {   // "disconnect" is a reserved event name
            log.info(e.getMessage());
        }
        // end::reserved[]
    }

    static void close(SocketIoServer io, NettyServer http) {
        // tag::close[]
        io.close().join();   // sockets get "server shutting down", adapters and the engine close
        http.close();        // stops Netty; on its own it closes io first
        // end::close[]
    }

    // ---- adapters ----------------------------------------------------------------------------

    static void adapterEvents(SocketIoServer io) {
        // tag::adapter-events[]
        io.sockets().adapter().onCreateRoom(room -> log.info("room {} created", room));
        io.sockets().adapter().onDeleteRoom(room -> log.info("room {} deleted", room));
        io.sockets().adapter().onJoinRoom((room, id) -> log.info("{} joined {}", id, room));
        io.sockets().adapter().onLeaveRoom((room, id) -> log.info("{} left {}", id, room));
        Set<String> rooms = io.sockets().adapter().rooms();   // includes socket ids
        // end::adapter-events[]
    }

    static SocketIoServer customAdapter() {
        // tag::custom-adapter[]
        SocketIoServer io = SocketIoServer.builder()
                .adapter(context -> new InMemoryAdapter(context) {   // one adapter per namespace
                    @Override
                    public void broadcast(Packet.Event packet, BroadcastOptions opts) {
                        log.info("{} to {} except {}", packet.name(), opts.rooms(), opts.except());
                        super.broadcast(packet, opts);            // deliver to this node's sockets
                    }
                })
                .build();
        // end::custom-adapter[]
        return io;
    }

    static SocketIoServer recovery() {
        // tag::recovery[]
        SocketIoServer io = SocketIoServer.builder()
                .connectionStateRecovery(ConnectionStateRecovery.DEFAULT)   // 2 minutes, skip middlewares
                // or: new ConnectionStateRecovery(Duration.ofMinutes(5), false)
                .build();
        io.on("connection", socket -> {
            if (socket.recovered()) {
                // same id, rooms and data; the missed events were sent
            } else {
                socket.join("lobby");   // a new session
            }
        });
        // end::recovery[]
        return io;
    }

    // ---- threading ---------------------------------------------------------------------------

    static SocketIoServer handlerExecutor() {
        // tag::handler-executor[]
        ExecutorService handlers = HandlerExecutors.virtualThreads();   // JDK 21+; else a cached pool
        SocketIoServer io = SocketIoServer.builder()
                .handlerExecutor(handlers)
                .build();
        io.on("connection", socket -> {
            socket.on("profile", (args, ack) -> ack.send(loadProfile(args.get(0, String.class))));   // may block
        });
        // after io.close(): handlers.shutdown();
        // end::handler-executor[]
        return io;
    }

    static void offTheLoop(Socket socket, ExecutorService pool) {
        // tag::off-the-loop[]
        socket.on("profile", (args, ack) -> {
            String id = args.get(0, String.class);
            CompletableFuture.supplyAsync(() -> loadProfile(id), pool)   // blocking work elsewhere
                    .thenAccept(profile -> ack.send(profile));           // Ack, emit: any thread
        });
        // end::off-the-loop[]
    }

    static ScheduledExecutorService emitFromAnyThread(SocketIoServer io) {
        // tag::any-thread[]
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> io.volatile_().emit("tick", System.currentTimeMillis()),
                1, 1, TimeUnit.SECONDS);
        // end::any-thread[]
        return timer;
    }

    // ---- errors ------------------------------------------------------------------------------

    static void errors(Socket socket) {
        // tag::errors[]
        socket.on("boom", (args, ack) -> {
            throw new IllegalStateException("bug");   // logged with event and socket id; socket stays
        });
        socket.on("move", Move.class, move -> { });    // ["move","oops"]: logged, handler not called
        socket.on("point", (args, ack) -> {
            try {
                args.get(0, Point.class);
            } catch (IllegalArgumentException e) {    // argument 0 of event "point" does not map to ...Point: ...
                ack.send(Map.of("error", e.getMessage()));
            }
        });
        // end::errors[]
    }

    // ---- Engine.IO alone ---------------------------------------------------------------------

    static NettyServer engineIo() {
        // tag::engineio[]
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.builder()   // path /engine.io/
                .cors(Cors.allowOrigin("*"))
                .build());
        engine.onConnection(socket -> {
            socket.onMessage(message -> socket.send(message));   // echo: Packet.Text or Packet.Binary
            socket.onClose((reason, description) -> log.info("{} closed: {}", socket.id(), reason));
        });
        NettyServer http = NettyServer.create(engine);           // then http.listen(3000)
        // end::engineio[]
        return http;
    }
}
