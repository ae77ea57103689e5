package dev.switchboard.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.adminui.AdminUi;
import dev.switchboard.adminui.AdminUiOptions;
import dev.switchboard.adminui.BasicAuth;
import dev.switchboard.engineio.Cors;
import dev.switchboard.postgres.PostgresAdapterFactory;
import dev.switchboard.redis.RedisAdapterFactory;
import dev.switchboard.redis.RedisStreamsAdapterFactory;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.ConnectionStateRecovery;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.adapter.AdapterFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's chat app, in Java: serves {@code public/index.html} and the socket.io client bundle,
 * greets each client with {@code welcome}, broadcasts every {@code chat message} to everyone, and
 * adds names ({@code set name}, or {@code name} in the handshake's auth), who is online, and rooms
 * ({@code join room}, {@code room message}, {@code leave room}).
 *
 * <p>Who is online scales with the number of users: a newcomer gets the whole list once
 * ({@code online}), and everyone else only what changed, gathered over a fifth of a second into one
 * {@code presence} event ({@code joined}, {@code renamed}, {@code left}): a user gets at most five
 * presence frames a second however many people come and go, rather than one per arrival (which
 * grows with the square of the users and stalls a chat of thousands). See {@link Presence}.
 *
 * <p>{@code PORT} (default 3000) chooses the port. With {@code REDIS_URL} set (e.g.
 * {@code redis://localhost:6379}) the server joins a cluster through that Redis: run several on
 * different ports behind a proxy with sticky sessions (docs/DEPLOYMENT.md) and users of all of
 * them chat together, and the online list covers them all. {@code SWITCHBOARD_ADAPTER} picks
 * another adapter: {@code redis-streams} (with {@code REDIS_URL}; connection state recovery on,
 * so a user whose connection blips gets the messages missed, from any server) or
 * {@code postgres} (with {@code DATABASE_URL}, e.g. {@code postgres://chat:secret@db:5432/chat}).
 * With {@code TLS_CERT} and {@code TLS_KEY} set (PEM files: the certificate chain and its PKCS#8
 * key) it serves HTTPS and WSS instead. With {@code ADMIN_PASSWORD} set, the Socket.IO admin UI
 * can watch and steer the chat: its {@code /admin} namespace is open to user {@code admin} with
 * that password (docs/DEPLOYMENT.md).
 */
public final class ChatServer {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    private static final int MAX_TEXT = 2000;
    private static final int MAX_NAME = 32;

    /** What a client's name and rooms look like in {@code socket.data}. */
    record Profile(String name) {
    }

    /** A chat line as clients receive it. */
    record Message(String room, String from, String text, long at) {
    }

    /** A user in the online list. */
    record User(String id, String name) {
    }

    /** A system notice, optionally about one room. */
    record Notice(String room, String text) {
    }

    /** What a client asks to say in a room. */
    record RoomMessage(String room, String text) {
    }

    private final SocketIoServer io;
    private final Presence presence;

    /**
     * Sets the chat's handlers on a Socket.IO server.
     *
     * @param io the server
     */
    public ChatServer(SocketIoServer io) {
        this.io = io;
        this.presence = new Presence(io, Presence.INTERVAL);
        io.on("connection", this::onConnection);
    }

    private void onConnection(Socket socket) {
        log.info("A client connected: {} ({})", socket.id(), socket.conn().transport().wireName());
        // A page that reconnects says whom it had become (auth {"name": ..}), so it comes back
        // under that name rather than as a new guest renamed a moment later in front of everyone.
        JsonNode claimed = socket.handshake().auth().get("name");
        String given = clean(claimed != null && claimed.isTextual() ? claimed.textValue() : null, MAX_NAME);
        String initial = given != null ? given : "guest-" + socket.id().substring(0, 4);
        socket.data(new Profile(initial));
        socket.emit("welcome", "Hello, you are connected! You are " + initial + ".");
        // The list comes with the next presence batch, which the others hear of this arrival in.
        presence.joined(socket, initial);

        socket.on("chat message", String.class, text -> {
            String clean = clean(text, MAX_TEXT);
            if (clean != null) {
                io.emit("chat message", new Message("", name(socket), clean, System.currentTimeMillis()));
            }
        });

        socket.on("set name", (args, ack) -> {
            String name = clean(args.get(0, String.class), MAX_NAME);
            if (name == null) {
                ack.send(ok(false));
                return;
            }
            String before = name(socket);
            if (name.equals(before)) {
                ack.send(ok(true));
                return;
            }
            socket.data(new Profile(name));
            io.emit("notice", new Notice("", before + " is now " + name));
            presence.renamed(socket, name);
            ack.send(ok(true));
        });

        socket.on("join room", (args, ack) -> {
            String room = clean(args.get(0, String.class), MAX_NAME);
            if (room == null || room.equals(socket.id())) {
                ack.send(ok(false));
                return;
            }
            socket.join(room);
            io.to(room).emit("notice", new Notice(room, name(socket) + " joined #" + room));
            ack.send(ok(true));
        });

        socket.on("leave room", String.class, room -> {
            if (room != null && socket.rooms().contains(room) && !room.equals(socket.id())) {
                socket.leave(room);
                io.to(room).emit("notice", new Notice(room, name(socket) + " left #" + room));
            }
        });

        socket.on("room message", RoomMessage.class, m -> {
            String text = m == null ? null : clean(m.text(), MAX_TEXT);
            // Only members speak in a room, so a message stays inside it.
            if (text != null && m.room() != null && socket.rooms().contains(m.room())
                    && !m.room().equals(socket.id())) {
                io.to(m.room()).emit("room message",
                        new Message(m.room(), name(socket), text, System.currentTimeMillis()));
            }
        });

        socket.onDisconnect((reason, description) -> {
            log.info("A client disconnected: {} ({})", socket.id(), reason.text());
            presence.left(socket);
        });
    }

    private static JsonNode ok(boolean ok) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("ok", ok);
    }

    private static String name(Socket socket) {
        return name(socket.data(Profile.class));
    }

    static String name(Profile p) {
        return p == null ? "?" : p.name();
    }

    /** The text trimmed, or null when it is missing, empty or too long. */
    private static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.isEmpty() || t.length() > max ? null : t;
    }

    /**
     * The chat's Socket.IO server, as {@link #main} runs it: any origin may connect, Socket.IO v2
     * clients too ({@code allowEIO3}), and the chat's handlers are set.
     *
     * @return the server, not yet bound to HTTP
     */
    public static SocketIoServer createServer() {
        return createServer(null);
    }

    /**
     * The chat's Socket.IO server on a cluster adapter.
     *
     * @param adapter the adapter (e.g. a {@link RedisAdapterFactory}), or {@code null} for a single server
     * @return the server, not yet bound to HTTP
     */
    public static SocketIoServer createServer(AdapterFactory adapter) {
        // allowEIO3: pages and apps still on a Socket.IO v2 client (socket.io-client 2.x, the
        // Java client 1.x of Android apps) join the same chat as current ones.
        SocketIoServer.Builder builder = SocketIoServer.builder().cors(Cors.allowOrigin("*")).allowEIO3(true);
        if (adapter != null) {
            builder.adapter(adapter);
        }
        if (adapter instanceof RedisStreamsAdapterFactory) {
            // The stream keeps what a client missed, for any server it comes back to.
            builder.connectionStateRecovery(ConnectionStateRecovery.DEFAULT);
        }
        SocketIoServer io = builder.build();
        new ChatServer(io);
        return io;
    }

    /**
     * The cluster adapter the environment asks for. {@code SWITCHBOARD_ADAPTER} is
     * {@code redis-streams} (needs {@code REDIS_URL}), {@code postgres} (needs
     * {@code DATABASE_URL}) or, when unset or {@code redis}, the Redis Pub/Sub adapter if
     * {@code REDIS_URL} is set.
     *
     * @param env the environment variables
     * @return the adapter, or {@code null} for a single server
     * @throws IllegalArgumentException for an unknown adapter or a missing URL
     */
    public static AdapterFactory clusterAdapter(Map<String, String> env) {
        String kind = env.getOrDefault("SWITCHBOARD_ADAPTER", "").strip();
        String redisUrl = env.getOrDefault("REDIS_URL", "").strip();
        return switch (kind) {
            case "", "redis" -> redisUrl.isEmpty() ? null : RedisAdapterFactory.create(redisUrl);
            case "redis-streams" -> RedisStreamsAdapterFactory.create(required(redisUrl, "REDIS_URL", kind));
            case "postgres" -> PostgresAdapterFactory.create(
                    required(env.getOrDefault("DATABASE_URL", "").strip(), "DATABASE_URL", kind));
            default -> throw new IllegalArgumentException("SWITCHBOARD_ADAPTER=" + kind
                    + " is not an adapter: use redis, redis-streams or postgres");
        };
    }

    private static String required(String value, String name, String kind) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("SWITCHBOARD_ADAPTER=" + kind + " needs " + name);
        }
        return value;
    }

    /**
     * Closes a cluster adapter's connections.
     *
     * @param adapter from {@link #clusterAdapter}
     * @return completes when they are closed
     */
    public static CompletableFuture<Void> closeAdapter(AdapterFactory adapter) {
        if (adapter instanceof RedisAdapterFactory r) {
            return r.closeAsync();
        }
        if (adapter instanceof RedisStreamsAdapterFactory r) {
            return r.closeAsync();
        }
        if (adapter instanceof PostgresAdapterFactory p) {
            return p.closeAsync();
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The HTTP server of the chat, as {@link #main} runs it: the Socket.IO server with its client
     * bundle at {@code /socket.io/socket.io.js}, and the page from the {@code public/} resources.
     * Tests listen on a free port with it, so they run the same app as {@code java -jar}.
     *
     * @param io the chat's Socket.IO server, from {@link #createServer()}
     * @return the (not yet listening) HTTP server
     */
    public static NettyServer http(SocketIoServer io) {
        return NettyServer.create(io).staticFiles("public");
    }

    /**
     * The HTTP server of the chat as the environment asks for it: HTTPS and WSS when
     * {@code TLS_CERT} and {@code TLS_KEY} name PEM files (the certificate chain and its key),
     * plain HTTP when neither is set.
     *
     * @param io the chat's Socket.IO server
     * @param env the environment variables
     * @return the (not yet listening) server
     * @throws IllegalArgumentException when only one of the two is set, or the files hold no certificate and key
     */
    public static NettyServer http(SocketIoServer io, Map<String, String> env) {
        String cert = blankToNull(env.get("TLS_CERT"));
        String key = blankToNull(env.get("TLS_KEY"));
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("set both TLS_CERT and TLS_KEY (PEM files), or neither");
        }
        NettyServer server = http(io);
        return cert == null ? server : server.tls(Path.of(cert), Path.of(key));
    }

    /**
     * Opens the admin UI's {@code /admin} namespace when the environment has {@code ADMIN_PASSWORD}:
     * user {@code admin}, that password (kept only as its bcrypt hash). In a cluster, set it on
     * every server: the UI connected to one sees them all through the adapter.
     *
     * @param io the chat's Socket.IO server
     * @param env the environment variables
     * @return the instrumentation, or {@code null} when {@code ADMIN_PASSWORD} is unset or blank
     */
    public static AdminUi adminUi(SocketIoServer io, Map<String, String> env) {
        String password = blankToNull(env.get("ADMIN_PASSWORD"));
        if (password == null) {
            return null;
        }
        return AdminUi.instrument(io, AdminUiOptions.builder()
                .auth(BasicAuth.ofPassword("admin", password))
                .build());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * Starts the chat on {@code $PORT} (default 3000).
     *
     * @param args unused
     * @throws InterruptedException if interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        AdapterFactory cluster = clusterAdapter(System.getenv());
        SocketIoServer io = createServer(cluster);
        AdminUi admin = adminUi(io, System.getenv());
        boolean tls = System.getenv("TLS_CERT") != null;
        NettyServer server = http(io, System.getenv()).listen(port);
        log.info("Chat server running on {}://localhost:{}", tls ? "https" : "http", server.port());
        if (cluster != null) {
            log.info("this server joins the chat cluster ({})", cluster.getClass().getSimpleName());
        }
        if (admin != null) {
            log.info("admin UI: namespace /admin, user admin (ADMIN_PASSWORD)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (admin != null) {
                admin.close();
            }
            server.close();
            if (cluster != null) {
                io.close().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).handle((v, e) -> null).join();
                closeAdapter(cluster).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).handle((v, e) -> null).join();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
