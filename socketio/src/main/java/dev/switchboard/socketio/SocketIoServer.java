package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.internal.shared.ListenerList;
import dev.switchboard.engineio.spi.HttpRoute;
import dev.switchboard.engineio.spi.Mountable;
import dev.switchboard.socketio.internal.ClientBundleRoute;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Socket.IO server: socket.io's {@code Server} ({@code io}). It owns an Engine.IO server
 * ({@link #engine()}) and the namespaces; the methods that are not about namespaces act on the
 * main namespace {@code /}, as in JavaScript (the broadcast methods, those of {@link Broadcasts},
 * included). An HTTP binding mounts it as a {@link Mountable}:
 * its engine under its path, and the client bundle beside it ({@link #routes()}).
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
public final class SocketIoServer implements Mountable, Broadcasts {

    private static final Logger log = LoggerFactory.getLogger(SocketIoServer.class);

    private final SocketIoOptions options;
    private final ConcurrentHashMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final DynamicNamespaces dynamic = new DynamicNamespaces();
    private final ListenerList<Consumer<Namespace>> newNamespaceListeners = new ListenerList<>();
    /** Run when a close begins, for what lives beside the server (see {@link #onClose}). */
    private final ListenerList<Runnable> closeListeners = new ListenerList<>();
    private final AtomicBoolean closeFired = new AtomicBoolean();
    private final Object namespaceLock = new Object();
    /** Every open connection, for {@link #close()}: also those in no namespace yet. */
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Namespace main;
    private volatile EngineIoServer engine;
    private volatile boolean closed;
    private final ServerCounters counters = new ServerCounters();
    /** What a graceful close waits for. */
    final InFlightAcks inFlightAcks = new InFlightAcks();

    private SocketIoServer(SocketIoOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.main = new Namespace(this, "/", null);
        namespaces.put("/", main);
    }

    /** {@return a builder with socket.io's defaults; {@link Builder#build()} creates the server} */
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

    /** {@return a server with the defaults} */
    public static SocketIoServer create() {
        return new SocketIoServer(SocketIoOptions.DEFAULT);
    }

    /** {@return the options} */
    public SocketIoOptions options() {
        return options;
    }

    /**
     * {@return the Engine.IO server this server uses, created on first call with
     * {@link SocketIoOptions#engine()} (path {@code /socket.io/} by default) unless one was
     * {@link #bind bound}} An HTTP binding mounts it.
     */
    @Override
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
     * What a binding serves beside the engine: the socket.io client bundle
     * ({@code <path>/socket.io.js}, {@code .min.js}, {@code .msgpack.min.js}, {@code .esm.min.js}
     * and their {@code .map}s, with the engine's CORS policy) when {@link SocketIoOptions#serveClient()}
     * is on, else nothing.
     *
     * @return the routes
     * @throws IllegalStateException if serveClient is on and this jar was built without the bundle
     */
    @Override
    public List<HttpRoute> routes() {
        if (!options.serveClient()) {
            return List.of();
        }
        return List.of(new ClientBundleRoute(options.path(), engine().options().cors()));
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

    /** {@return the main namespace {@code /} ({@code io.sockets})} */
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
            ParentNamespace parent = dynamic.byPattern(n);
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
        return dynamic.add(this, matcher, pattern);
    }

    /** {@return an existing namespace, or {@code null}} */
    Namespace namespace(String name) {
        return namespaces.get(name);
    }

    /**
     * Asks the dynamic namespaces, in registration order, whether one accepts {@code name}; the
     * first that does creates the child (or the existing one is reused).
     */
    void checkNamespace(String name, ObjectNode auth, Consumer<Namespace> result) {
        dynamic.check(this, name, auth, parent -> result.accept(parent == null ? null : childOf(parent, name)));
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

    /** {@return the namespaces, including the children of dynamic ones, a snapshot} */
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

    /** {@return a broadcast to every socket of the main namespace, which the modifiers start from} */
    @Override
    public BroadcastOperator broadcast() {
        return main.broadcast();
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

    /**
     * {@link Namespace#serverSideEmitWithAck(Duration, String, Object...)} on the main namespace.
     *
     * @param timeout how long to wait for the answers
     * @param event the event name
     * @param args the arguments
     * @return the answers, or an {@link AckTimeoutException}
     */
    public CompletableFuture<EventArgs> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
        return main.serverSideEmitWithAck(timeout, event, args);
    }

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
        return counters.volatileDropped.sum();
    }

    /**
     * What this server has done since it was created: connected sockets by namespace, connects,
     * disconnects by reason, packets each way, acknowledgements each way and their timeouts,
     * dropped volatile packets and the adapters' cluster requests and failures. The counters cost
     * no lock and no allocation per packet; the snapshot is made on each call. The Engine.IO side
     * is {@code engine().stats()}.
     *
     * @return a snapshot
     */
    public SocketIoStats stats() {
        return counters.snapshot(namespaces.values());
    }

    /** {@return where sockets, clients and namespaces count what they do} */
    ServerCounters counters() {
        return counters;
    }

    /**
     * Closes the server: every socket disconnects with {@code server shutting down} (its
     * {@code disconnecting}/{@code disconnect} listeners run), every connection is closed (also
     * those in no namespace), the adapters are closed, then the Engine.IO server, which refuses
     * new sessions. The HTTP binding is closed separately.
     *
     * @return completes when all of that is done
     */
    @Override
    public CompletableFuture<Void> close() {
        closed = true;
        return Shutdown.closeAll(this, clients, namespaces.values(), null);
    }

    /**
     * Closes the server gracefully: new sessions are refused at once ({@code 503}, so a load
     * balancer sends clients elsewhere) while the open ones go on; acknowledgements under way,
     * either way, get up to {@code grace} to be answered; then as {@link #close()}: sockets get
     * {@code server shutting down} and their clients see the transport close, so they reconnect
     * (to another server), as after socket.io's {@code io.close()}, a polling client being given up
     * to one second more to fetch its close packet; last the adapters and the engine.
     *
     * @param grace the longest wait for acknowledgements
     * @return completes when all of that is done
     */
    @Override
    public CompletableFuture<Void> close(Duration grace) {
        engine().stopAccepting();
        long deadline = System.nanoTime() + grace.toNanos();
        return inFlightAcks.whenIdle().completeOnTimeout(null, grace.toNanos(), TimeUnit.NANOSECONDS)
                .thenCompose(v -> {
                    closed = true;
                    Duration linger = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0))
                            .plusSeconds(1);
                    return Shutdown.closeAll(this, clients, namespaces.values(), linger);
                });
    }

    /**
     * Runs a task when the server begins to close ({@link #close()}, or {@link #close(Duration)}
     * once its grace is over), before its sockets are disconnected: what lives beside the server
     * (a timer, an executor) stops with it. Tasks run once, on the first close; one that throws
     * is logged, and the close goes on.
     *
     * @param task the task
     * @return this
     */
    public SocketIoServer onClose(Runnable task) {
        closeListeners.add(Objects.requireNonNull(task, "task"));
        return this;
    }

    /** Runs the {@link #onClose} tasks: for {@link Shutdown}. */
    void fireClose() {
        if (closeFired.getAndSet(true)) {
            return;
        }
        for (Runnable task : closeListeners) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("close task threw", e);
            }
        }
    }

    /** {@return the engine if it was created, else null: for {@link Shutdown}} */
    EngineIoServer engineIfCreated() {
        return engine;
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

        /** {@return the server, with its options} */
        public SocketIoServer build() {
            return new SocketIoServer(buildOptions());
        }
    }
}
