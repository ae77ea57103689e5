package dev.switchboard.adminui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adminui.internal.Actions;
import dev.switchboard.adminui.internal.Feeds;
import dev.switchboard.adminui.internal.ServerStats;
import dev.switchboard.adminui.internal.SocketJson;
import dev.switchboard.socketio.ConnectException;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.Next;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the Socket.IO admin UI ({@code @socket.io/admin-ui} 0.5.x), the
 * {@code instrument(io, options)} of the reference: opens the admin namespace ({@code /admin}) the
 * UI connects to, and reports there what the server does.
 *
 * <pre>{@code
 * AdminUi admin = AdminUi.instrument(io, AdminUiOptions.builder()
 *         .auth(new BasicAuth("admin", "$2b$10$..."))   // the bcrypt hash of the password
 *         .build());
 * }</pre>
 *
 * <p>What the UI gets, as the reference sends it:
 * <ul>
 * <li>on login, the {@code config} (the supported features: none of the actions when
 *     {@linkplain AdminUiOptions#readonly() read-only}), a {@code session} id when it logged in
 *     with the password, and in development mode {@code all_sockets}: every socket of every
 *     namespace, fetched through the adapters ({@code fetchSockets}), so in a cluster those of
 *     every server;
 * <li>every {@linkplain AdminUiOptions#statsInterval() 2 seconds} the {@code server_stats} of each
 *     server;
 * <li>in development mode, the live feeds: sockets connected, upgraded and disconnected, rooms
 *     joined and left, events received and sent.
 * </ul>
 * and what it may do (unless read-only): emit to sockets, make them join or leave a room, and
 * disconnect them, in any namespace, through the adapter (so on every server of a cluster).
 *
 * <p>The admin namespace's emits go through its adapter: with a cluster adapter, a UI connected to
 * any server sees them all, provided every server is instrumented. The password is checked with
 * bcrypt off the event loops. Differences from the reference: {@code socket.data} changes are not
 * reported as they happen (Java has no proxy of a plain object), only with the socket list; the
 * Engine.IO packet counts include heartbeats.
 *
 * <p>The browser needs to reach the server: the UI at {@code https://admin.socket.io} is another
 * origin, so the server's CORS must allow it with credentials, or serve the UI itself (the npm
 * package's {@code ui/dist} folder, as static files).
 */
public final class AdminUi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminUi.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketIoServer io;
    private final AdminUiOptions options;
    private final Namespace namespace;
    private final List<String> features;
    private final ScheduledExecutorService timer;
    /** Session ids made by a login, kept from the middleware until the socket is connected. */
    private final Map<String, String> newSessions = new ConcurrentHashMap<>();

    private AdminUi(SocketIoServer io, AdminUiOptions options) {
        this.io = io;
        this.options = options;
        this.namespace = io.of(options.namespaceName());
        List<String> f = new ArrayList<>(options.readonly() ? List.of() : Actions.FEATURES);
        f.add("AGGREGATED_EVENTS");
        if (options.mode() == AdminUiOptions.Mode.DEVELOPMENT) {
            f.add("ALL_EVENTS");
        }
        this.features = List.copyOf(f);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-admin-ui-stats");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the admin namespace on a server and starts reporting to it.
     *
     * @param io the server
     * @param options the options
     * @return the instrumentation; closing the server stops it too
     */
    public static AdminUi instrument(SocketIoServer io, AdminUiOptions options) {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(options, "options");
        AdminUi admin = new AdminUi(io, options);
        admin.start();
        return admin;
    }

    private void start() {
        log.debug("admin UI on {}: {}", options.namespaceName(), options);
        if (options.auth() != null) {
            namespace.use(this::authenticate);
        } else {
            log.warn("admin UI on {} without authentication: anyone who reaches the server can use it",
                    options.namespaceName());
        }
        namespace.onConnection(this::onAdminConnection);
        if (options.mode() == AdminUiOptions.Mode.DEVELOPMENT) {
            Feeds feeds = new Feeds(namespace);
            // Listen first, then list: a namespace made in between is seen twice, and watched once.
            io.onNewNamespace(feeds::watch);
            io.namespaces().forEach(feeds::watch);
        }
        ServerStats stats = new ServerStats(io, options.serverId());
        long every = options.statsInterval().toMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                namespace.emit("server_stats", stats.next());
            } catch (RuntimeException e) {
                log.warn("admin UI stats failed", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        // The stats thread is this instrumentation's own: closing the server must not leave it running.
        io.onClose(this::close);
    }

    private void authenticate(Socket socket, Next next) {
        ObjectNode auth = socket.handshake().auth();
        String sessionId = text(auth, "sessionId");
        CompletableFuture<Boolean> known = sessionId == null ? CompletableFuture.completedFuture(false)
                : options.store().doesSessionExist(sessionId).toCompletableFuture();
        known.whenComplete((exists, error) -> {
            if (Boolean.TRUE.equals(exists)) {
                next.next();
                return;
            }
            String username = text(auth, "username");
            String password = text(auth, "password");
            if (!options.auth().username().equals(username)) {
                next.error(new ConnectException("invalid credentials"));
                return;
            }
            // bcrypt takes tens of milliseconds on purpose: not on the connection's event loop.
            CompletableFuture.supplyAsync(() -> options.auth().matches(username, password))
                    .whenComplete((matches, failure) -> {
                        if (Boolean.TRUE.equals(matches)) {
                            String created = HexFormat.of().formatHex(randomBytes());
                            options.store().saveSession(created);
                            newSessions.put(socket.id(), created);
                            next.next();
                        } else {
                            next.error(new ConnectException("invalid credentials"));
                        }
                    });
        });
    }

    private void onAdminConnection(Socket socket) {
        String session = newSessions.remove(socket.id());
        if (session != null) {
            socket.emit("session", session);
        }
        if (!options.readonly()) {
            Actions.register(io, socket);
        }
        ObjectNode config = JSON.objectNode();
        ArrayNode supported = config.putArray("supportedFeatures");
        features.forEach(supported::add);
        socket.emit("config", config);
        if (options.mode() == AdminUiOptions.Mode.DEVELOPMENT) {
            allSockets().thenAccept(all -> socket.emit("all_sockets", all));
        }
    }

    /**
     * {@return every socket of every namespace, through the adapters} A namespace whose servers
     * do not all answer in time is listed from this server alone.
     */
    private CompletableFuture<ArrayNode> allSockets() {
        List<CompletableFuture<List<JsonNode>>> parts = new ArrayList<>();
        for (Namespace nsp : io.namespaces()) {
            parts.add(nsp.fetchSockets()
                    .thenApply(found -> serialize(found, nsp.name()))
                    .exceptionally(e -> {
                        log.warn("admin UI: fetchSockets of {} failed, listing this server's sockets: {}", nsp.name(), e.toString());
                        return serialize(List.copyOf(nsp.sockets().values()), nsp.name());
                    }));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            ArrayNode all = JSON.arrayNode();
            parts.forEach(p -> all.addAll(p.join()));
            return all;
        });
    }

    private static List<JsonNode> serialize(List<? extends RemoteSocket> sockets, String nsp) {
        List<JsonNode> out = new ArrayList<>(sockets.size());
        for (RemoteSocket s : sockets) {
            out.add(SocketJson.of(s, nsp));
        }
        return out;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** {@return the admin namespace} */
    public Namespace namespace() {
        return namespace;
    }

    /** {@return the features the UI is told of in its {@code config}, e.g. {@code DISCONNECT}} */
    public List<String> supportedFeatures() {
        return features;
    }

    /**
     * Stops the stats reports, as closing the server does. The admin namespace stays open; close
     * the server to close it.
     */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** {@return whether the stats thread ended within the wait} For tests: no report can follow. */
    boolean awaitStopped(Duration wait) throws InterruptedException {
        return timer.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS);
    }
}
