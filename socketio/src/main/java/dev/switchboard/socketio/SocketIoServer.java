package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.ReadyState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO server: socket.io's {@code Server} ({@code io}). It owns an Engine.IO server
 * ({@link #engine()}) that an HTTP binding mounts, and the namespaces; the methods that are not
 * about namespaces act on the main namespace {@code /}, as in JavaScript.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder()
 *         .cors(Cors.allowOrigin("*"))
 *         .build();
 * io.on("connection", socket -> {
 *     socket.emit("welcome", "Hello");
 *     socket.on("chat message", String.class, msg -> io.emit("chat message", msg));
 * });
 * NettyServer.create(io).listen(3000);
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class SocketIoServer {

    private static final Logger log = LoggerFactory.getLogger(SocketIoServer.class);

    private final SocketIoOptions options;
    private final ConcurrentHashMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Parent> parents = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Namespace>> newNamespaceListeners = new CopyOnWriteArrayList<>();
    private final Object namespaceLock = new Object();
    /** Every open connection, for {@link #close()}: also those in no namespace yet. */
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Namespace main;
    private volatile EngineIoServer engine;
    private volatile boolean closed;
    private final LongAdder droppedVolatile = new LongAdder();

    private record Parent(NamespaceMatcher matcher, Pattern pattern, ParentNamespace namespace) {
    }

    private SocketIoServer(SocketIoOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.main = new Namespace(this, "/", null);
        namespaces.put("/", main);
    }

    /** A builder with socket.io's defaults; {@link Builder#build()} creates the server. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A server with the given options.
     *
     * @param options the options
     * @return the server
     */
    public static SocketIoServer create(SocketIoOptions options) {
        return new SocketIoServer(options);
    }

    /** A server with the defaults. */
    public static SocketIoServer create() {
        return new SocketIoServer(SocketIoOptions.DEFAULT);
    }

    /** The options. */
    public SocketIoOptions options() {
        return options;
    }

    // ---- the engine --------------------------------------------------------------------------

    /**
     * The Engine.IO server this server uses, created on first call with
     * {@link SocketIoOptions#engine()} (path {@code /socket.io/} by default) unless one was
     * {@link #bind bound}. An HTTP binding mounts it.
     */
    public EngineIoServer engine() {
        EngineIoServer e = engine;
        if (e != null) {
            return e;
        }
        synchronized (this) {
            if (engine == null) {
                EngineIoServer created = EngineIoServer.create(options.engine());
                created.onConnection(this::handleConnection);
                engine = created;
            }
            return engine;
        }
    }

    /**
     * Uses an existing Engine.IO server instead of creating one (socket.io's {@code bind}).
     *
     * @param engine the engine
     * @return this
     * @throws IllegalStateException when an engine is already in use
     */
    public synchronized SocketIoServer bind(EngineIoServer engine) {
        if (this.engine != null) {
            throw new IllegalStateException("an Engine.IO server is already bound");
        }
        engine.onConnection(this::handleConnection);
        this.engine = engine;
        return this;
    }

    /**
     * Takes a new Engine.IO connection: the hand-off from the engine, called for each session it
     * opens. Bindings with an engine of their own, and tests, call it directly. Runs on the
     * connection's event loop (hops there if called elsewhere).
     *
     * @param conn the connection
     */
    public void handleConnection(EngineSocket conn) {
        Runnable accept = () -> {
            if (closed) {
                conn.close();
                return;
            }
            if (conn.readyState() != ReadyState.OPEN) {
                // Gone before the hand-off: its close was reported before anyone listened.
                return;
            }
            new Client(this, conn);
        };
        if (conn.executor().inEventLoop()) {
            accept.run();
        } else {
            conn.executor().execute(accept);
        }
    }

    // ---- namespaces --------------------------------------------------------------------------

    /** The main namespace {@code /} ({@code io.sockets}). */
    public Namespace sockets() {
        return main;
    }

    /**
     * The namespace of a name, created if needed. A name that a {@link #of(Pattern) pattern}
     * parent matches becomes that parent's child.
     *
     * @param name the name; a missing leading {@code /} is added ({@code ""} is {@code /})
     * @return the namespace
     */
    public Namespace of(String name) {
        String n = name.startsWith("/") ? name : "/" + name;
        Namespace existing = namespaces.get(n);
        if (existing != null) {
            return existing;
        }
        Namespace created;
        synchronized (namespaceLock) {
            existing = namespaces.get(n);
            if (existing != null) {
                return existing;
            }
            ParentNamespace parent = null;
            for (Parent p : parents) {
                if (p.pattern() != null && p.pattern().matcher(n).find()) {
                    parent = p.namespace();
                    break;
                }
            }
            created = parent != null ? parent.createChild(n) : new Namespace(this, n, null);
            namespaces.put(n, created);
        }
        fireNewNamespace(created);
        return created;
    }

    /**
     * The namespace of a name, with a {@code connection} listener added.
     *
     * @param name the name
     * @param onConnection the listener
     * @return the namespace
     */
    public Namespace of(String name, Consumer<Socket> onConnection) {
        return of(name).onConnection(onConnection);
    }

    /**
     * A dynamic namespace accepting the names the pattern finds a match in (as JavaScript's
     * {@code regex.test}; anchor it with {@code ^...$} for whole names).
     *
     * @param pattern the pattern, e.g. {@code ^/dyn-\d+$}
     * @return the parent namespace; set it up ({@code use}, {@code on("connection")}) before
     *     clients connect, since children copy its setup when created
     */
    public ParentNamespace of(Pattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return addParent((name, auth, result) -> result.done(null, pattern.matcher(name).find()), pattern);
    }

    /**
     * A dynamic namespace with a {@code connection} listener.
     *
     * @param pattern the pattern
     * @param onConnection the listener
     * @return the parent namespace
     */
    public ParentNamespace of(Pattern pattern, Consumer<Socket> onConnection) {
        ParentNamespace parent = of(pattern);
        parent.onConnection(onConnection);
        return parent;
    }

    /**
     * A dynamic namespace accepting the names a predicate accepts.
     *
     * @param predicate called with the name and the CONNECT payload
     * @return the parent namespace
     */
    public ParentNamespace of(BiPredicate<String, JsonNode> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return addParent((name, auth, result) -> result.done(null, predicate.test(name, auth)), null);
    }

    /**
     * A dynamic namespace whose acceptance may be asynchronous.
     *
     * @param matcher the check
     * @return the parent namespace
     */
    public ParentNamespace of(NamespaceMatcher matcher) {
        return addParent(Objects.requireNonNull(matcher, "matcher"), null);
    }

    private ParentNamespace addParent(NamespaceMatcher matcher, Pattern pattern) {
        ParentNamespace parent = new ParentNamespace(this);
        parents.add(new Parent(matcher, pattern, parent));
        return parent;
    }

    /** An existing namespace, or {@code null}. */
    Namespace namespace(String name) {
        return namespaces.get(name);
    }

    /**
     * Asks the dynamic namespaces, in registration order, whether one accepts {@code name}; the
     * first that does creates the child (or the existing one is reused).
     */
    void checkNamespace(String name, ObjectNode auth, Consumer<Namespace> result) {
        List<Parent> candidates = List.copyOf(parents);
        if (candidates.isEmpty()) {
            result.accept(null);
            return;
        }
        runCallback(() -> tryParent(candidates, 0, name, auth, result));
    }

    private void tryParent(List<Parent> candidates, int i, String name, ObjectNode auth,
            Consumer<Namespace> result) {
        if (i >= candidates.size()) {
            result.accept(null);
            return;
        }
        Parent parent = candidates.get(i);
        NamespaceMatcher.Result answer = new NamespaceMatcher.Result() {
            private boolean called;

            @Override
            public void done(Throwable error, boolean allowed) {
                synchronized (this) {
                    if (called) {
                        return;
                    }
                    called = true;
                }
                if (error != null || !allowed) {
                    tryParent(candidates, i + 1, name, auth, result);
                    return;
                }
                result.accept(childOf(parent.namespace(), name));
            }
        };
        try {
            parent.matcher().match(name, auth, answer);
        } catch (RuntimeException e) {
            log.warn("dynamic namespace check for {} threw", name, e);
            answer.done(e, false);
        }
    }

    private Namespace childOf(ParentNamespace parent, String name) {
        Namespace child;
        synchronized (namespaceLock) {
            Namespace existing = namespaces.get(name);
            if (existing != null) {
                return existing;
            }
            child = parent.createChild(name);
            namespaces.put(name, child);
        }
        fireNewNamespace(child);
        return child;
    }

    /** Removes an emptied child of a dynamic namespace, unless a socket arrived meanwhile. */
    boolean removeEmptyChild(Namespace child, ParentNamespace parent) {
        synchronized (namespaceLock) {
            if (!child.sockets().isEmpty() || namespaces.get(child.name()) != child) {
                return false;
            }
            namespaces.remove(child.name());
            return true;
        }
    }

    /** The namespaces, including the children of dynamic ones, a snapshot. */
    public Collection<Namespace> namespaces() {
        return List.copyOf(namespaces.values());
    }

    /**
     * Listens for namespaces created after the main one ({@code new_namespace}), dynamic children
     * included.
     *
     * @param listener called with each new namespace
     * @return this
     */
    public SocketIoServer onNewNamespace(Consumer<Namespace> listener) {
        newNamespaceListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    private void fireNewNamespace(Namespace nsp) {
        for (Consumer<Namespace> l : newNamespaceListeners) {
            try {
                l.accept(nsp);
            } catch (RuntimeException | Error e) {
                log.error("new_namespace listener threw for {}", nsp.name(), e);
            }
        }
    }

    // ---- the main namespace ------------------------------------------------------------------

    /**
     * Adds a middleware to the main namespace.
     *
     * @param middleware the middleware
     * @return this
     */
    public SocketIoServer use(Middleware middleware) {
        main.use(middleware);
        return this;
    }

    /**
     * Listens for sockets of the main namespace ({@code "connection"} or {@code "connect"}).
     *
     * @param event {@code "connection"} or {@code "connect"}
     * @param listener called with each socket
     * @return this
     */
    public SocketIoServer on(String event, Consumer<Socket> listener) {
        main.on(event, listener);
        return this;
    }

    /**
     * Listens for sockets of the main namespace.
     *
     * @param listener called with each socket
     * @return this
     */
    public SocketIoServer onConnection(Consumer<Socket> listener) {
        main.onConnection(listener);
        return this;
    }

    /**
     * Listens for a server-side event of the main namespace (see {@link Namespace#serverSideEmit}).
     *
     * @param event the event name
     * @param handler the handler
     * @return this
     */
    public SocketIoServer onServerSideEvent(String event, EventHandler handler) {
        main.onServerSideEvent(event, handler);
        return this;
    }

    /**
     * A broadcast to rooms of the main namespace.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator to(String... rooms) {
        return main.to(rooms);
    }

    /**
     * A broadcast to rooms of the main namespace.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator to(Collection<String> rooms) {
        return main.to(rooms);
    }

    /**
     * Same as {@link #to(String...)}.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator in(String... rooms) {
        return main.in(rooms);
    }

    /**
     * Same as {@link #to(Collection)}.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator in(Collection<String> rooms) {
        return to(rooms);
    }

    /**
     * A broadcast to the main namespace except some rooms.
     *
     * @param rooms the rooms to leave out
     * @return the operator
     */
    public BroadcastOperator except(String... rooms) {
        return main.except(rooms);
    }

    /**
     * Leaves out the sockets in these rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator except(Collection<String> rooms) {
        return main.except(rooms);
    }

    /**
     * A broadcast that may or may not be compressed.
     *
     * @param compress whether compression is allowed
     * @return the operator
     */
    public BroadcastOperator compress(boolean compress) {
        return main.compress(compress);
    }

    /** A volatile broadcast to the main namespace. */
    public BroadcastOperator volatile_() {
        return main.volatile_();
    }

    /** A broadcast to this server's sockets of the main namespace only. */
    public BroadcastOperator local() {
        return main.local();
    }

    /**
     * A broadcast with an acknowledgement timeout.
     *
     * @param timeout the timeout
     * @return the operator
     */
    public BroadcastOperator timeout(Duration timeout) {
        return main.timeout(timeout);
    }

    /**
     * Emits an event to every socket of the main namespace.
     *
     * @param event the event name
     * @param args the arguments
     */
    public void emit(String event, Object... args) {
        main.emit(event, args);
    }

    /**
     * Emits {@code message} events to the main namespace.
     *
     * @param args the arguments
     * @return this
     */
    public SocketIoServer send(Object... args) {
        main.send(args);
        return this;
    }

    /** The sockets of the main namespace, across the cluster. */
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return main.fetchSockets();
    }

    /**
     * Makes every socket of the main namespace join rooms.
     *
     * @param rooms the rooms
     */
    public void socketsJoin(String... rooms) {
        main.socketsJoin(rooms);
    }

    /**
     * Makes every socket of the main namespace leave rooms.
     *
     * @param rooms the rooms
     */
    public void socketsLeave(String... rooms) {
        main.socketsLeave(rooms);
    }

    /**
     * Disconnects every socket of the main namespace.
     *
     * @param close whether to close their whole connections
     */
    public void disconnectSockets(boolean close) {
        main.disconnectSockets(close);
    }

    /** Disconnects the targeted sockets, keeping their connections: {@code disconnectSockets(false)}. */
    public void disconnectSockets() {
        disconnectSockets(false);
    }

    /**
     * Emits an event to the other servers of the cluster, main namespace.
     *
     * @param event the event name
     * @param args the arguments
     */
    public void serverSideEmit(String event, Object... args) {
        main.serverSideEmit(event, args);
    }

    /**
     * Emits an event to the other servers and collects their answers, main namespace.
     *
     * @param event the event name
     * @param args the arguments
     * @return the answers
     */
    public CompletableFuture<EventArgs> serverSideEmitWithAck(String event, Object... args) {
        return main.serverSideEmitWithAck(event, args);
    }

    // ---- closing -----------------------------------------------------------------------------

    /**
     * How many volatile packets were dropped since start, one per recipient: a volatile emit is
     * sent to a client only if its transport can take it at that instant (a WebSocket below its
     * high-water mark, or a pending poll), and dropped otherwise, as socket.io does. Other packets
     * are never dropped: a client that falls too far behind is disconnected instead (see
     * {@code EngineIoOptions.maxBufferedBytes}).
     *
     * @return the count
     */
    public long droppedVolatilePackets() {
        return droppedVolatile.sum();
    }

    /** Counts one dropped volatile packet; called by the client that dropped it. */
    void recordVolatileDrop() {
        droppedVolatile.increment();
    }

    /**
     * Closes the server: every socket disconnects with {@code server shutting down} (its
     * {@code disconnecting}/{@code disconnect} listeners run), every connection is closed (also
     * those in no namespace), the adapters are closed, then the Engine.IO server, which refuses
     * new sessions. The HTTP binding is closed separately.
     *
     * @return completes when all of that is done
     */
    public CompletableFuture<Void> close() {
        closed = true;
        List<CompletableFuture<Void>> socketsClosed = new ArrayList<>();
        for (Client client : clients) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            socketsClosed.add(done);
            Runnable task = () -> client.closeForShutdown().whenComplete((v, e) -> done.complete(null));
            if (client.conn().executor().inEventLoop()) {
                task.run();
            } else {
                client.conn().executor().execute(task);
            }
        }
        return CompletableFuture.allOf(socketsClosed.toArray(new CompletableFuture<?>[0]))
                .thenCompose(v -> {
                    List<CompletableFuture<Void>> adapters = new ArrayList<>();
                    for (Namespace nsp : namespaces.values()) {
                        try {
                            adapters.add(nsp.adapter().close().toCompletableFuture()
                                    .exceptionally(e -> {
                                        log.warn("adapter of namespace {} failed to close", nsp.name(), e);
                                        return null;
                                    }));
                        } catch (RuntimeException e) {
                            log.warn("adapter of namespace {} failed to close", nsp.name(), e);
                        }
                    }
                    return CompletableFuture.allOf(adapters.toArray(new CompletableFuture<?>[0]));
                })
                .thenCompose(v -> {
                    EngineIoServer e = engine;
                    CompletableFuture<Void> engineClosed = e == null ? null : e.close();
                    return engineClosed == null ? CompletableFuture.completedFuture(null) : engineClosed;
                });
    }

    void clientOpened(Client client) {
        clients.add(client);
    }

    void clientClosed(Client client) {
        clients.remove(client);
    }

    /** Runs a callback that is not tied to one socket: on the handler executor, or inline. */
    void runCallback(Runnable task) {
        Executor executor = options.handlerExecutor();
        if (executor == null) {
            task.run();
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.warn("handler executor rejected a callback; running it on the calling thread", e);
            task.run();
        }
    }

    /** Builds a {@link SocketIoServer}; the settings are those of {@link SocketIoOptions}. */
    public static final class Builder extends SocketIoOptions.AbstractBuilder<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The server, with its options. */
        public SocketIoServer build() {
            return new SocketIoServer(buildOptions());
        }
    }
}
