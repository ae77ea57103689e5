package dev.switchboard.server.guide;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.ConnectionLimits;
import dev.switchboard.engineio.CookieOptions;
import dev.switchboard.engineio.ConnectionLimits;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.Origins;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.ConnectException;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.ParentNamespace;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java snippets of {@code docs/GUIDE.md}, compiled: those of the setup, namespace and middleware
 * sections here, the others in {@link GuideEventSnippets} and {@link GuideAdvancedSnippets}, which
 * extend this class for the records and helpers the snippets share. Each {@code tag::name[]} ...
 * {@code end::name[]} region is one {@code java} block of the guide, character for character
 * after removing the common indentation; {@code GuideSnippetsTest} checks that, and the
 * {@code Guide*SnippetsTest}s run many of the regions against a real server. Edit a snippet here, then copy it into the guide.
 *
 * <p>In the snippets, {@code io} is the {@link SocketIoServer}, {@code socket} a connected
 * {@link Socket} (the argument of a {@code connection} listener) and {@code log} an SLF4J logger.
 */
class GuideSnippets {

    /** The logger the snippets call {@code log}. */
    static final Logger log = LoggerFactory.getLogger(GuideSnippets.class);

    GuideSnippets() {
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

    static SocketIoServer engineUse() {
        SocketIoServer io = SocketIoServer.builder().build();
        // tag::engine-use[]
        io.engine().use((request, response, next) -> {
            response.set("X-Content-Type-Options", "nosniff");
            if (isValid(request.header("cookie"))) {
                next.next();
            } else {
                next.error(new IllegalStateException("no session"));   // 400 {"code":3,"message":"Bad request"}
            }
        });
        // end::engine-use[]
        return io;
    }

    static SocketIoServer allowEio3() {
        // tag::allow-eio3[]
        SocketIoServer io = SocketIoServer.builder()
                .allowEIO3(true)   // socket.io-client 2.x, io.socket:socket.io-client 1.x
                .build();
        io.onConnection(socket -> {
            int revision = socket.conn().protocol();   // 3 for a v2 client, 4 otherwise
            socket.emit("hello", revision);            // both kinds in one room, one broadcast
        });
        // end::allow-eio3[]
        return io;
    }

    static SocketIoServer limits() {
        // tag::limits[]
        SocketIoServer io = SocketIoServer.builder()
                .limits(ConnectionLimits.builder()
                        .maxConnections(50_000)                     // 503 {"code":4,"message":"Too many connections"}
                        .maxConnectionsPerAddress(100)
                        .handshakeRate(20, Duration.ofSeconds(10))  // a burst of 20, then 2 a second
                        .maxPendingHandshakes(1_000)                // waiting for allowRequest (default 10,000)
                        .build())
                .allowRequest(Origins.allow("https://chat.example", "https://admin.chat.example")
                        .then(request -> CompletableFuture.completedFuture(
                                isValid(request.queryParam("token"))
                                        ? AllowRequest.Verdict.allow()
                                        : AllowRequest.Verdict.deny("bad token"))))
                .build();
        // end::limits[]
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
}
