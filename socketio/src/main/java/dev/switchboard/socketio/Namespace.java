package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.internal.shared.ListenerList;
import dev.switchboard.socketio.adapter.Adapter;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.internal.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace: a channel multiplexed over the clients' connections, with its own middlewares,
 * sockets, rooms and adapter. socket.io's {@code Namespace}; {@code io.of("/admin")} returns one,
 * and {@link SocketIoServer#sockets()} is the main namespace {@code /}. Its broadcast methods
 * ({@code to}, {@code emit}, {@code fetchSockets}, ...) are those of {@link Broadcasts}.
 *
 * <pre>{@code
 * Namespace admin = io.of("/admin");
 * admin.use((socket, next) -> isAdmin(socket) ? next.next() : next.error(new ConnectException("no")));
 * admin.on("connection", socket -> admin.to("ops").emit("joined", socket.id()));
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public sealed class Namespace implements Broadcasts permits ParentNamespace {

    private static final Logger log = LoggerFactory.getLogger(Namespace.class);

    /** Names {@link #serverSideEmit} refuses. */
    static final Set<String> RESERVED_SERVER_SIDE_EVENTS = Set.of("connect", "connection", "new_namespace");

    private final SocketIoServer server;
    private final String name;
    private final ParentNamespace parent;
    private final ConnectedSockets sockets = new ConnectedSockets();
    final ConcurrentHashMap<String, Socket> connecting = new ConcurrentHashMap<>();
    final ListenerList<Middleware> middlewares = new ListenerList<>();
    final ListenerList<Consumer<Socket>> connectListeners = new ListenerList<>();
    final ListenerList<Consumer<Socket>> connectionListeners = new ListenerList<>();
    final EventListeners serverSideListeners = new EventListeners();
    private final AtomicLong ackIds = new AtomicLong();
    private final NamespaceAdmission admission = new NamespaceAdmission(this);
    private final Adapter adapter;
    /**
     * Whether a socket of this namespace ever had outgoing any-listeners: until then a broadcast
     * does not ask each recipient for them, a read of one more object per recipient, a cache miss
     * when broadcasting to thousands. Set once, never cleared (a hint: each socket is still asked
     * once it is set).
     */
    private volatile boolean outgoingListened;

    Namespace(SocketIoServer server, String name, ParentNamespace parent) {
        this.server = server;
        this.name = name;
        this.parent = parent;
        this.adapter = Objects.requireNonNull(createAdapter(new NamespaceContext(this)),
                "the adapter factory returned null");
        try {
            adapter.init().whenComplete((v, e) -> {
                if (e != null) {
                    log.error("adapter of namespace {} failed to start", name, e);
                }
            });
        } catch (RuntimeException e) {
            log.error("adapter of namespace {} failed to start", name, e);
        }
    }

    /**
     * Creates this namespace's adapter; called once from the constructor.
     *
     * @return the adapter
     */
    Adapter createAdapter(AdapterContext context) {
        return server.options().adapter().create(context);
    }

    /** {@return the name, e.g. {@code /} or {@code /admin}} */
    public String name() {
        return name;
    }

    /** {@return the server} */
    public SocketIoServer server() {
        return server;
    }

    /** Notes that a socket of this namespace listens for outgoing events (see {@link #outgoingListened()}). */
    void markOutgoingListened() {
        outgoingListened = true;
    }

    /** {@return whether a socket of this namespace ever had outgoing any-listeners} */
    boolean outgoingListened() {
        return outgoingListened;
    }

    /** {@return the adapter (rooms, broadcasts, cluster)} */
    public Adapter adapter() {
        return adapter;
    }

    /** {@return the connected sockets of this server by id, a live unmodifiable view} */
    public Map<String, Socket> sockets() {
        return sockets.view();
    }

    /**
     * A connected socket of this server.
     *
     * @param id the socket id
     * @return the socket, or {@code null}
     */
    public Socket socket(String id) {
        return sockets.get(id);
    }

    // ---- middlewares and listeners -----------------------------------------------------------

    /**
     * Adds a middleware, run for each CONNECT to this namespace, in registration order.
     *
     * @param middleware the middleware
     * @return this
     */
    public Namespace use(Middleware middleware) {
        middlewares.add(Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    /**
     * Listens for new sockets: {@code "connection"} or its alias {@code "connect"} (the
     * {@code connect} listeners run first, as in the reference).
     *
     * @param event {@code "connection"} or {@code "connect"}
     * @param listener called with each socket once it joined, after the CONNECT reply was sent
     * @return this
     * @throws IllegalArgumentException for another event name (use
     *     {@link #onServerSideEvent} for server-side events)
     */
    public Namespace on(String event, Consumer<Socket> listener) {
        Objects.requireNonNull(listener, "listener");
        switch (event) {
            case "connection" -> connectionListeners.add(listener);
            case "connect" -> connectListeners.add(listener);
            default -> throw new IllegalArgumentException("a socket listener is for \"connection\" or"
                    + " \"connect\", not \"" + event + "\"");
        }
        return this;
    }

    /**
     * Listens for new sockets ({@code "connection"}).
     *
     * @param listener called with each socket
     * @return this
     */
    public Namespace onConnection(Consumer<Socket> listener) {
        return on("connection", listener);
    }

    /**
     * Listens for an event sent by another server of the cluster with {@link #serverSideEmit}
     * ({@code nsp.on(event, ...)} in JavaScript, named apart here so that {@code on} stays
     * unambiguous for method references).
     *
     * @param event the event name
     * @param handler called with the arguments and, when the sender asked, an acknowledgement
     *     whose first argument is this server's answer
     * @return this
     */
    public Namespace onServerSideEvent(String event, EventHandler handler) {
        if (RESERVED_SERVER_SIDE_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" takes a socket listener");
        }
        serverSideListeners.add(event, handler, handler, false);
        return this;
    }

    /**
     * Removes a listener ({@code connection}/{@code connect} or server-side).
     *
     * @param event the event name
     * @param listener the listener as given
     * @return this
     */
    public Namespace off(String event, Object listener) {
        switch (event) {
            case "connection" -> connectionListeners.removeFirst(listener);
            case "connect" -> connectListeners.removeFirst(listener);
            default -> serverSideListeners.remove(event, listener);
        }
        return this;
    }

    /** Copies the middlewares and connection listeners, for a child of a dynamic namespace. */
    void copySetupFrom(Namespace other) {
        middlewares.addAll(other.middlewares.snapshot());
        connectListeners.addAll(other.connectListeners.snapshot());
        connectionListeners.addAll(other.connectionListeners.snapshot());
    }

    // ---- broadcasting ------------------------------------------------------------------------

    /** {@return a broadcast to every socket of the namespace, which the modifiers start from} */
    @Override
    public BroadcastOperator broadcast() {
        return new BroadcastOperator(this, Set.of(), Set.of(), BroadcastFlags.DEFAULT, false);
    }

    /**
     * Emits {@code message} events to every socket.
     *
     * @param args the arguments
     * @return this
     */
    public Namespace send(Object... args) {
        emit("message", args);
        return this;
    }

    /**
     * Emits an event to the other servers of the cluster (their listeners registered with
     * {@link #onServerSideEvent}). The in-memory adapter has no other server and logs a
     * warning.
     *
     * @param event the event name ({@code connect}, {@code connection}, {@code new_namespace} refused)
     * @param args the arguments
     */
    public void serverSideEmit(String event, Object... args) {
        adapter.serverSideEmit(serverSidePacket(event, args));
    }

    /**
     * Emits an event to the other servers and collects one answer from each.
     *
     * @param event the event name
     * @param args the arguments
     * @return the answers, one per other server (empty without a cluster)
     */
    public CompletableFuture<EventArgs> serverSideEmitWithAck(String event, Object... args) {
        CompletableFuture<EventArgs> future = new CompletableFuture<>();
        ObjectMapper mapper = server.options().objectMapper();
        adapter.serverSideEmitWithAck(serverSidePacket(event, args), (error, responses) -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(responses.size());
            array.addAll(responses);
            EventArgs answers = EventArgs.of(array, mapper);
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(answers);
            }
        });
        return future;
    }

    /**
     * {@link #serverSideEmitWithAck(String, Object...)} bounded in time: when not every other
     * server has answered within {@code timeout}, the future fails with an
     * {@link AckTimeoutException} (whose responses are empty: an adapter hands over the answers
     * together). The adapter's own limit (5 s in the cluster adapters, as in socket.io) still
     * applies when it is shorter.
     *
     * @param timeout how long to wait for the answers
     * @param event the event name
     * @param args the arguments
     * @return the answers, or an {@link AckTimeoutException}
     */
    public CompletableFuture<EventArgs> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
        CompletableFuture<EventArgs> bounded = new CompletableFuture<>();
        serverSideEmitWithAck(event, args).whenComplete((answers, error) -> {
            if (error != null) {
                bounded.completeExceptionally(error);
            } else {
                bounded.complete(answers);
            }
        });
        EventArgs none = EventArgs.of(JsonNodeFactory.instance.arrayNode(), server.options().objectMapper());
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .execute(() -> bounded.completeExceptionally(new AckTimeoutException(none)));
        return bounded;
    }

    private ArrayNode serverSidePacket(String event, Object[] args) {
        if (RESERVED_SERVER_SIDE_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        return Values.eventData(server.options().objectMapper(), event, args);
    }

    /** {@return what {@code fetchSockets} returns for the adapter's answer: this server's sockets as themselves} */
    List<RemoteSocket> toRemoteSockets(List<SocketDetails> found) {
        List<RemoteSocket> out = new ArrayList<>(found.size());
        for (SocketDetails details : found) {
            Socket local = sockets.get(details.id());
            out.add(local != null ? local : new RemoteSocketProxy(this, details));
        }
        return out;
    }

    // ---- sockets (on the clients' event loops) -------------------------------------------------

    long nextAckId() {
        return ackIds.getAndIncrement();
    }

    /**
     * Admits a client that sent CONNECT: recovery, middlewares, then the CONNECT reply and the
     * {@code connection} listeners; or CONNECT_ERROR.
     */
    void add(Client client, ObjectNode auth, Consumer<Socket> onConnected) {
        admission.add(client, auth, onConnected);
    }

    /** A socket passed the middlewares: it is connected from now on. */
    void admitted(Socket socket) {
        connecting.remove(socket.id(), socket);
        sockets.put(socket);
    }

    /** {@return a connected socket of this server, for the adapter's context} */
    Socket connected(String id) {
        return sockets.get(id);
    }

    /** {@return the ids of the connected sockets, a live view, for the adapter's context} */
    Set<String> connectedIds() {
        return sockets.ids();
    }

    /** {@return the connected sockets by event loop, for a broadcast to all of them} */
    List<ConnectedSockets.LoopGroup> connectedByLoop() {
        return sockets.byLoop();
    }

    /** A socket left (or never made it): forget it. */
    void remove(Socket socket) {
        if (!sockets.remove(socket)) {
            connecting.remove(socket.id(), socket);
        }
        if (parent != null && server.options().cleanupEmptyChildNamespaces() && sockets.isEmpty()) {
            parent.childEmptied(this);
        }
    }

    @Override
    public String toString() {
        return "Namespace[" + name + "]";
    }
}
