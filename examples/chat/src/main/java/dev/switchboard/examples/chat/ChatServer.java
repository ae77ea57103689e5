package dev.switchboard.examples.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engineio.Cors;
import dev.switchboard.redis.RedisAdapterFactory;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.adapter.AdapterFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's chat app, in Java: serves {@code public/index.html} and the socket.io client bundle,
 * greets each client with {@code welcome}, broadcasts every {@code chat message} to everyone, and
 * adds names ({@code set name}, or {@code name} in the handshake's auth), who is online, and rooms
 * ({@code join room}, {@code room message}, {@code leave room}).
 *
 * <p>{@code PORT} (default 3000) chooses the port. With {@code REDIS_URL} set (e.g.
 * {@code redis://localhost:6379}) the server joins a cluster through that Redis: run several on
 * different ports behind a proxy with sticky sessions (docs/DEPLOYMENT.md) and users of all of
 * them chat together, and the online list covers them all.
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

    /**
     * Sets the chat's handlers on a Socket.IO server.
     *
     * @param io the server
     */
    public ChatServer(SocketIoServer io) {
        this.io = io;
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
        publishOnline();

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
            ack.send(ok(true));
            publishOnline();
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
            publishOnline();
        });
    }

    private static JsonNode ok(boolean ok) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("ok", ok);
    }

    private static String name(Socket socket) {
        Profile p = socket.data(Profile.class);
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

    /** Sends everyone the list of connected users, from every server of the cluster. */
    private void publishOnline() {
        io.fetchSockets().whenComplete((sockets, error) -> {
            if (error != null) {
                log.warn("Could not list the online users: {}", error.toString());
                return;
            }
            List<User> users = new ArrayList<>(sockets.size());
            for (RemoteSocket s : sockets) {
                Profile p = s.data(Profile.class);
                users.add(new User(s.id(), p == null ? "?" : p.name()));
            }
            io.emit("online", users);
        });
    }

    /**
     * The chat's Socket.IO server, as {@link #main} runs it: any origin may connect, and the chat's
     * handlers are set.
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
        SocketIoServer.Builder builder = SocketIoServer.builder().cors(Cors.allowOrigin("*"));
        if (adapter != null) {
            builder.adapter(adapter);
        }
        SocketIoServer io = builder.build();
        new ChatServer(io);
        return io;
    }

    /**
     * The cluster adapter the environment asks for: a Redis adapter when {@code REDIS_URL} is set.
     *
     * @param env the environment variables
     * @return the adapter, or {@code null} for a single server
     */
    public static RedisAdapterFactory clusterAdapter(Map<String, String> env) {
        String url = env.get("REDIS_URL");
        return url == null || url.isBlank() ? null : RedisAdapterFactory.create(url.strip());
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
     * Starts the chat on {@code $PORT} (default 3000).
     *
     * @param args unused
     * @throws InterruptedException if interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        RedisAdapterFactory redis = clusterAdapter(System.getenv());
        SocketIoServer io = createServer(redis);
        NettyServer server = http(io).listen(port);
        log.info("Chat server running on http://localhost:{}", server.port());
        if (redis != null) {
            log.info("REDIS_URL is set: this server joins the chat cluster on that Redis");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (redis != null) {
                io.close().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).handle((v, e) -> null).join();
                redis.closeAsync().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).handle((v, e) -> null).join();
            }
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
