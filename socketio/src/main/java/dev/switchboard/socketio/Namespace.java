package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.socketio.adapter.Adapter;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.RestoredSession;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.internal.Values;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace: a channel multiplexed over the clients' connections, with its own middlewares,
 * sockets, rooms and adapter. socket.io's {@code Namespace}; {@code io.of("/admin")} returns one,
 * and {@link SocketIoServer#sockets()} is the main namespace {@code /}.
 *
 * <pre>{@code
 * Namespace admin = io.of("/admin");
 * admin.use((socket, next) -> isAdmin(socket) ? next.next() : next.error(new ConnectException("no")));
 * admin.on("connection", socket -> admin.to("ops").emit("joined", socket.id()));
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public sealed class Namespace permits ParentNamespace {

    private static final Logger log = LoggerFactory.getLogger(Namespace.class);

    /** Names {@link #serverSideEmit} refuses. */
    static final Set<String> RESERVED_SERVER_SIDE_EVENTS = Set.of("connect", "connection", "new_namespace");

    private final SocketIoServer server;
    private final String name;
    private final ParentNamespace parent;
    private final ConcurrentHashMap<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Socket> socketsView = Collections.unmodifiableMap(sockets);
    private final ConcurrentHashMap<String, Socket> connecting = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Socket>> connectListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final EventListeners serverSideListeners = new EventListeners();
    private final AtomicLong ackIds = new AtomicLong();
    private final Context context = new Context();
    private final Adapter adapter;

    Namespace(SocketIoServer server, String name, ParentNamespace parent) {
        this.server = server;
        this.name = name;
        this.parent = parent;
        this.adapter = Objects.requireNonNull(createAdapter(context), "the adapter factory returned null");
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

    /** Creates this namespace's adapter; called once from the constructor. */
    Adapter createAdapter(AdapterContext context) {
        return server.options().adapter().create(context);
    }

    /** The name, e.g. {@code /} or {@code /admin}. */
    public String name() {
        return name;
    }

    /** The server. */
    public SocketIoServer server() {
        return server;
    }

    /** The adapter (rooms, broadcasts, cluster). */
    public Adapter adapter() {
        return adapter;
    }

    /** The connected sockets of this server by id, a live unmodifiable view. */
    public Map<String, Socket> sockets() {
        return socketsView;
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
            case "connection" -> connectionListeners.remove(listener);
            case "connect" -> connectListeners.remove(listener);
            default -> serverSideListeners.remove(event, listener);
        }
        return this;
    }

    /** Copies the middlewares and connection listeners, for a child of a dynamic namespace. */
    void copySetupFrom(Namespace other) {
        middlewares.addAll(other.middlewares);
        connectListeners.addAll(other.connectListeners);
        connectionListeners.addAll(other.connectionListeners);
    }

    // ---- broadcasting ------------------------------------------------------------------------

    BroadcastOperator operator() {
        return new BroadcastOperator(this, Set.of(), Set.of(), BroadcastFlags.DEFAULT, false);
    }

    /**
     * A broadcast to the sockets in any of the rooms.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator to(String... rooms) {
        return operator().to(rooms);
    }

    /**
     * A broadcast to the sockets in any of the rooms.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator to(Collection<String> rooms) {
        return operator().to(rooms);
    }

    /**
     * Same as {@link #to(String...)}.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator in(String... rooms) {
        return operator().to(rooms);
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
     * A broadcast to every socket except those in the rooms.
     *
     * @param rooms the rooms to leave out
     * @return the operator
     */
    public BroadcastOperator except(String... rooms) {
        return operator().except(rooms);
    }

    /**
     * Leaves out the sockets in these rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator except(Collection<String> rooms) {
        return operator().except(rooms);
    }

    /**
     * A broadcast that may or may not be compressed.
     *
     * @param compress whether compression is allowed
     * @return the operator
     */
    public BroadcastOperator compress(boolean compress) {
        return operator().compress(compress);
    }

    /** A broadcast that skips clients whose transport cannot take it at once. */
    public BroadcastOperator volatile_() {
        return operator().volatile_();
    }

    /** A broadcast to this server's sockets only. */
    public BroadcastOperator local() {
        return operator().local();
    }

    /**
     * A broadcast whose acknowledgements are awaited at most {@code timeout}.
     *
     * @param timeout the timeout
     * @return the operator
     */
    public BroadcastOperator timeout(Duration timeout) {
        return operator().timeout(timeout);
    }

    /**
     * Emits an event to every socket of the namespace.
     *
     * @param event the event name (reserved names refused)
     * @param args the arguments
     */
    public void emit(String event, Object... args) {
        operator().emit(event, args);
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

    /** The sockets of the namespace, across the cluster. */
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return operator().fetchSockets();
    }

    /**
     * Makes every socket join rooms.
     *
     * @param rooms the rooms
     */
    public void socketsJoin(String... rooms) {
        operator().socketsJoin(rooms);
    }

    /**
     * Makes every socket leave rooms.
     *
     * @param rooms the rooms
     */
    public void socketsLeave(String... rooms) {
        operator().socketsLeave(rooms);
    }

    /**
     * Disconnects every socket.
     *
     * @param close whether to close their whole connections
     */
    public void disconnectSockets(boolean close) {
        operator().disconnectSockets(close);
    }

    /** Disconnects the targeted sockets, keeping their connections: {@code disconnectSockets(false)}. */
    public void disconnectSockets() {
        disconnectSockets(false);
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

    private ArrayNode serverSidePacket(String event, Object[] args) {
        if (RESERVED_SERVER_SIDE_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
        return Values.eventData(server.options().objectMapper(), event, args);
    }

    // ---- connecting (on the client's event loop) ---------------------------------------------

    long nextAckId() {
        return ackIds.getAndIncrement();
    }

    /**
     * Admits a client that sent CONNECT: recovery, middlewares, then the CONNECT reply and the
     * {@code connection} listeners; or CONNECT_ERROR.
     */
    void add(Client client, ObjectNode auth, Consumer<Socket> onConnected) {
        ConnectionStateRecovery csr = server.options().connectionStateRecovery();
        JsonNode pid = auth.get("pid");
        JsonNode offset = auth.get("offset");
        if (csr == null || pid == null || !pid.isTextual() || offset == null || !offset.isTextual()) {
            create(client, auth, null, onConnected);
            return;
        }
        CompletionStage<RestoredSession> restore;
        try {
            restore = adapter.restoreSession(pid.asText(), offset.asText());
        } catch (RuntimeException e) {
            restore = CompletableFuture.failedFuture(e);
        }
        restore.whenComplete((session, error) -> {
            if (error != null) {
                log.debug("namespace {}: session {} not restored", name, pid.asText(), error);
            }
            RestoredSession found = error == null ? session : null;
            EventExecutor loop = client.conn().executor();
            if (loop.inEventLoop()) {
                create(client, auth, found, onConnected);
            } else {
                loop.execute(() -> create(client, auth, found, onConnected));
            }
        });
    }

    private void create(Client client, ObjectNode auth, RestoredSession session, Consumer<Socket> onConnected) {
        Socket socket = new Socket(this, client, auth, session);
        connecting.put(socket.id(), socket);
        ConnectionStateRecovery csr = server.options().connectionStateRecovery();
        if (csr != null && csr.skipMiddlewares() && socket.recovered()
                && client.conn().readyState() == ReadyState.OPEN) {
            connect(socket, onConnected);
            return;
        }
        Middleware[] chain = middlewares.toArray(new Middleware[0]);
        if (chain.length == 0) {
            afterMiddlewares(socket, null, onConnected);
            return;
        }
        socket.runHandler(() -> runMiddleware(chain, 0, socket,
                error -> socket.onLoop(() -> afterMiddlewares(socket, error, onConnected))));
    }

    private void runMiddleware(Middleware[] chain, int i, Socket socket, Consumer<Throwable> done) {
        Next next = new Next() {
            private boolean called;

            private synchronized boolean first() {
                if (called) {
                    return false;
                }
                called = true;
                return true;
            }

            @Override
            public void next() {
                if (!first()) {
                    return;
                }
                if (i + 1 < chain.length) {
                    runMiddleware(chain, i + 1, socket, done);
                } else {
                    done.accept(null);
                }
            }

            @Override
            public void error(Throwable error) {
                if (first()) {
                    done.accept(error == null ? new ConnectException("") : error);
                }
            }
        };
        try {
            chain[i].handle(socket, next);
        } catch (RuntimeException e) {
            log.debug("middleware of namespace {} threw; refusing socket {}", name, socket.id(), e);
            next.error(e);
        }
    }

    private void afterMiddlewares(Socket socket, Throwable error, Consumer<Socket> onConnected) {
        if (socket.client().conn().readyState() != ReadyState.OPEN) {
            log.debug("namespace {}: connection closed during middlewares, socket {} dropped", name, socket.id());
            socket.cleanup();
            return;
        }
        if (error != null) {
            socket.cleanup();
            socket.writePacket(new Packet.ConnectError(name, connectErrorPayload(error)), false);
            return;
        }
        connect(socket, onConnected);
    }

    private ObjectNode connectErrorPayload(Throwable error) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("message", error.getMessage() == null ? "" : error.getMessage());
        if (error instanceof ConnectException ce && ce.data() != null) {
            try {
                payload.set("data", Values.toNode(server.options().objectMapper(), ce.data()));
            } catch (IllegalArgumentException e) {
                log.warn("namespace {}: the data of a ConnectException cannot be written, left out: {}",
                        name, e.getMessage());
            }
        }
        return payload;
    }

    private void connect(Socket socket, Consumer<Socket> onConnected) {
        connecting.remove(socket.id(), socket);
        sockets.put(socket.id(), socket);
        // The socket joins and answers before any user listener runs, so nothing the listeners
        // do can precede the CONNECT reply.
        socket.onConnect();
        onConnected.accept(socket);
        socket.runHandler(() -> {
            fireConnection(connectListeners, socket);
            fireConnection(connectionListeners, socket);
        });
    }

    private void fireConnection(List<Consumer<Socket>> listeners, Socket socket) {
        for (Consumer<Socket> l : listeners) {
            try {
                l.accept(socket);
            } catch (RuntimeException | Error e) {
                log.error("connection handler of namespace {} threw (socket {})", name, socket.id(), e);
            }
        }
    }

    /** A socket left (or never made it): forget it. */
    void remove(Socket socket) {
        if (!sockets.remove(socket.id(), socket)) {
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

    // ---- the adapter contract ----------------------------------------------------------------

    /** The namespace's side of the adapter contract. */
    private final class Context implements AdapterContext {

        @Override
        public Namespace namespace() {
            return Namespace.this;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public SocketIoOptions options() {
            return server.options();
        }

        @Override
        public List<Message> encode(Packet packet) {
            return server.options().parser().encode(packet);
        }

        @Override
        public Socket socket(String id) {
            return sockets.get(id);
        }

        @Override
        public Collection<Socket> sockets() {
            return sockets.values();
        }

        @Override
        public long nextAckId() {
            return Namespace.this.nextAckId();
        }

        @Override
        public void deliver(List<Socket> recipients, Packet.Event packet, List<Message> encoded,
                BroadcastFlags flags) {
            deliverAll(recipients, packet, encoded, flags, null);
        }

        @Override
        public void deliverWithAck(List<Socket> recipients, Packet.Event packet, List<Message> encoded,
                BroadcastFlags flags, Consumer<JsonNode> ack) {
            deliverAll(recipients, packet, encoded, flags, Objects.requireNonNull(ack, "ack"));
        }

        @Override
        public void emitServerSide(ArrayNode packet, Consumer<JsonNode> ack) {
            if (packet.isEmpty()) {
                return;
            }
            String event = packet.get(0).asText();
            EventArgs args = new EventArgs(packet, 1, server.options().objectMapper(), event);
            Ack answer = ack == null ? NO_ANSWER : new ServerSideAck(ack);
            server.runCallback(() -> serverSideListeners.fire(event, args, answer, log, "namespace " + name));
        }

        @Override
        public RemoteSocket remoteSocket(SocketDetails details) {
            return new RemoteSocketProxy(Namespace.this, details);
        }
    }

    /**
     * Writes one encoded packet to many sockets: one task per event loop (or inline on the
     * caller's own loop), each task writing to its sockets in order.
     */
    private void deliverAll(List<Socket> recipients, Packet.Event packet, List<Message> encoded,
            BroadcastFlags flags, Consumer<JsonNode> ack) {
        if (recipients.isEmpty()) {
            return;
        }
        EventExecutor first = recipients.get(0).loop();
        boolean oneLoop = true;
        for (int i = 1; i < recipients.size(); i++) {
            if (recipients.get(i).loop() != first) {
                oneLoop = false;
                break;
            }
        }
        if (oneLoop) {
            runOn(first, () -> writeAll(recipients, packet, encoded, flags, ack));
            return;
        }
        Map<EventExecutor, List<Socket>> groups = new IdentityHashMap<>();
        for (Socket s : recipients) {
            groups.computeIfAbsent(s.loop(), k -> new ArrayList<>()).add(s);
        }
        groups.forEach((loop, group) -> runOn(loop, () -> writeAll(group, packet, encoded, flags, ack)));
    }

    private static void writeAll(List<Socket> group, Packet.Event packet, List<Message> encoded,
            BroadcastFlags flags, Consumer<JsonNode> ack) {
        for (Socket s : group) {
            try {
                s.deliver(packet, encoded, flags.isVolatile(), ack, flags.timeout());
            } catch (RuntimeException e) {
                log.error("delivery to socket {} failed", s.id(), e);
            }
        }
    }

    private static void runOn(EventExecutor loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    private static final Ack NO_ANSWER = new Ack() {
        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object... args) {
        }

        @Override
        public void send(EventArgs args) {
        }
    };

    /** The answer to a server-side event: its first argument goes back to the sender. */
    private final class ServerSideAck implements Ack {
        private final Consumer<JsonNode> target;
        private boolean sent;

        ServerSideAck(Consumer<JsonNode> target) {
            this.target = target;
        }

        @Override
        public boolean requested() {
            return true;
        }

        private synchronized boolean markSent() {
            if (sent) {
                return false;
            }
            sent = true;
            return true;
        }

        @Override
        public void send(Object... args) {
            if (markSent()) {
                target.accept(args.length == 0 ? NullNode.instance
                        : Values.toNode(server.options().objectMapper(), args[0]));
            }
        }

        @Override
        public void send(EventArgs args) {
            if (markSent()) {
                JsonNode first = args.get(0);
                target.accept(first == null ? NullNode.instance : first);
            }
        }
    }
}
