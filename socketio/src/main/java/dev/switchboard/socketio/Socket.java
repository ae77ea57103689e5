package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.PersistedSession;
import dev.switchboard.socketio.adapter.RestoredSession;
import dev.switchboard.socketio.internal.Base64Id;
import dev.switchboard.socketio.internal.SerialExecutor;
import dev.switchboard.socketio.internal.Values;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client in one namespace: socket.io's server-side {@code Socket}.
 *
 * <pre>{@code
 * io.on("connection", socket -> {
 *     socket.emit("welcome", "Hello");
 *     socket.on("chat message", String.class, msg -> io.emit("chat message", msg));
 *     socket.on("echo", (args, ack) -> ack.send(args));
 *     socket.join("lobby");
 *     socket.to("lobby").emit("joined", socket.id());
 *     socket.onDisconnect((reason, description) -> log.info("left: {}", reason));
 * });
 * }</pre>
 *
 * <h2>Threading</h2>
 * A socket lives on its connection's event loop ({@link #conn()}{@code .executor()}): packets are
 * handled there, in order. Listeners run there too, unless the server has a
 * {@link SocketIoOptions#handlerExecutor() handlerExecutor}, in which case they run on it, still
 * one at a time and in order for this socket. Every public method may be called from any thread.
 *
 * <h2>Events</h2>
 * Besides the events the client emits, {@link #on(String, EventHandler)} receives the reserved
 * {@code disconnecting} and {@code disconnect} events (arguments: the reason string, then the
 * description when there is one) and {@code error} (argument: the message); the typed
 * {@link #onDisconnect}, {@link #onDisconnecting} and {@link #onError} are the same events.
 */
public final class Socket implements Emitter, RemoteSocket {

    private static final Logger log = LoggerFactory.getLogger(Socket.class);

    /** Event names a server may not emit, and clients may not send. */
    static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
            "disconnecting", "newListener", "removeListener");

    private static final AnyListener[] NO_ANY = {};
    private static final EventMiddleware[] NO_MIDDLEWARE = {};
    /** Entries past this count make a registration sweep expired broadcast acks first. */
    private static final int ACK_SWEEP_THRESHOLD = 16;

    private final String id;
    private final String pid;
    private final Namespace nsp;
    private final Client client;
    private final Handshake handshake;
    private final boolean recovered;
    private final ObjectMapper mapper;
    /** Where handlers run when the server has a handler executor; null for the event loop. */
    private final SerialExecutor serial;
    private final EventListeners listeners = new EventListeners();

    private volatile Object data;
    private volatile boolean connected;
    /** Set once the socket left its rooms for good: joins after that are undone. */
    private volatile boolean cleanedUp;
    /** Set on the loop when the close began; guards against a second close. */
    private boolean closing;
    /** Pending acknowledgements by id; event loop only, created on first use. */
    private LongObjectHashMap<PendingAck> acks;

    private volatile AnyListener[] anyIncoming = NO_ANY;
    private volatile AnyListener[] anyOutgoing = NO_ANY;
    private volatile EventMiddleware[] middlewares = NO_MIDDLEWARE;
    private volatile List<Consumer<Throwable>> errorListeners = List.of();

    /** Creates a socket on the loop; a restored session gives back its id, rooms, data and missed packets. */
    Socket(Namespace nsp, Client client, ObjectNode auth, RestoredSession session) {
        this.nsp = nsp;
        this.client = client;
        SocketIoServer server = nsp.server();
        this.mapper = server.options().objectMapper();
        this.serial = server.options().handlerExecutor() == null ? null
                : new SerialExecutor(server.options().handlerExecutor());
        this.handshake = Handshake.of(client.conn().request(), auth);
        if (session != null) {
            this.id = session.sid();
            this.pid = session.pid();
            this.recovered = true;
            this.data = session.data();
            join(session.rooms());
            for (ArrayNode missed : session.missedPackets()) {
                writePacket(new Packet.Event(nsp.name(), missed, Packet.NO_ACK), false);
            }
        } else {
            // A fresh id, never the Engine.IO sid, which is a credential of the connection.
            this.id = Base64Id.generate();
            this.pid = server.options().connectionStateRecovery() != null ? Base64Id.generate() : null;
            this.recovered = false;
        }
    }

    // ---- identity and state ----------------------------------------------------------------

    /** The socket id, sent to the client in the CONNECT reply; also the socket's own room. */
    @Override
    public String id() {
        return id;
    }

    /** The namespace. */
    public Namespace nsp() {
        return nsp;
    }

    /** The handshake. */
    @Override
    public Handshake handshake() {
        return handshake;
    }

    /** The Engine.IO connection under this socket (shared with the client's other namespaces). */
    public EngineSocket conn() {
        return client.conn();
    }

    /** What the connection kept of its first HTTP request. */
    public RequestInfo request() {
        return client.conn().request();
    }

    /** Whether the socket is connected to its namespace. */
    public boolean connected() {
        return connected;
    }

    /** Whether the socket is not (or no longer) connected. */
    public boolean disconnected() {
        return !connected;
    }

    /** Whether connection state recovery gave this socket back its previous session. */
    public boolean recovered() {
        return recovered;
    }

    /** The rooms the socket is in, its own id included; a snapshot. */
    @Override
    public Set<String> rooms() {
        Set<String> rooms = nsp.adapter().socketRooms(id);
        if (rooms == null || rooms.isEmpty()) {
            return Set.of();
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
    }

    /**
     * The socket's {@code data}: any value, kept with the socket, restored by connection state
     * recovery and returned by {@code fetchSockets}.
     *
     * @param type the type wanted: the stored value itself when it is one, else the value mapped
     *     by the server's mapper
     * @param <T> the type
     * @return the data, or {@code null} when none was set
     * @throws IllegalArgumentException when the data does not map to the type
     */
    @Override
    public <T> T data(Class<T> type) {
        Object value = data;
        if (value == null) {
            return null;
        }
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        return mapper.convertValue(value, type);
    }

    /**
     * Sets the socket's {@code data}.
     *
     * @param value any value the server's mapper can write (for cluster adapters), or {@code null}
     * @return this
     */
    public Socket data(Object value) {
        this.data = value;
        return this;
    }

    Object rawData() {
        return data;
    }

    String pid() {
        return pid;
    }

    Client client() {
        return client;
    }

    EventExecutor loop() {
        return client.conn().executor();
    }

    // ---- listeners ---------------------------------------------------------------------------

    /**
     * Listens for an event.
     *
     * @param event the event name
     * @param handler called with the arguments and the acknowledgement
     * @return this
     */
    public Socket on(String event, EventHandler handler) {
        listeners.add(event, handler, handler, false);
        return this;
    }

    /**
     * Listens for an event, receiving its first argument mapped to a type. An argument that does
     * not map is logged (with the event and socket id) and the handler is not called.
     *
     * @param event the event name
     * @param type the first argument's type
     * @param handler called with the mapped argument
     * @param <T> the type
     * @return this
     */
    public <T> Socket on(String event, Class<T> type, Consumer<T> handler) {
        listeners.add(event, handler, typed(event, type, handler), false);
        return this;
    }

    /**
     * Listens for the next occurrence of an event only.
     *
     * @param event the event name
     * @param handler called once
     * @return this
     */
    public Socket once(String event, EventHandler handler) {
        listeners.add(event, handler, handler, true);
        return this;
    }

    /**
     * Listens for the next occurrence of an event only, typed.
     *
     * @param event the event name
     * @param type the first argument's type
     * @param handler called once with the mapped argument
     * @param <T> the type
     * @return this
     */
    public <T> Socket once(String event, Class<T> type, Consumer<T> handler) {
        listeners.add(event, handler, typed(event, type, handler), true);
        return this;
    }

    /**
     * Removes a listener registered with {@code on} or {@code once} (the same object).
     *
     * @param event the event name
     * @param listener the handler as given
     * @return this
     */
    public Socket off(String event, Object listener) {
        listeners.remove(event, listener);
        return this;
    }

    /**
     * Removes every listener of an event.
     *
     * @param event the event name
     * @return this
     */
    public Socket off(String event) {
        listeners.removeAll(event);
        return this;
    }

    /** Removes every event listener (not the any-listeners, middlewares or error listeners). */
    public Socket removeAllListeners() {
        listeners.clear();
        return this;
    }

    /**
     * The number of listeners of an event.
     *
     * @param event the event name
     * @return the count
     */
    public int listenerCount(String event) {
        return listeners.count(event);
    }

    /**
     * Listens for {@code disconnecting}: the socket is leaving, still in its rooms.
     *
     * @param listener called once with the reason
     * @return this
     */
    public Socket onDisconnecting(DisconnectListener listener) {
        listeners.add("disconnecting", listener, disconnectHandler(listener), false);
        return this;
    }

    /**
     * Listens for {@code disconnect}: the socket left its namespace and its rooms.
     *
     * @param listener called once with the reason
     * @return this
     */
    public Socket onDisconnect(DisconnectListener listener) {
        listeners.add("disconnect", listener, disconnectHandler(listener), false);
        return this;
    }

    /**
     * Listens for {@code error}: a socket middleware refused an event, or the connection received
     * a packet that does not decode (just before it is closed). Nothing is sent to the client.
     *
     * @param listener called with the error
     * @return this
     */
    public synchronized Socket onError(Consumer<Throwable> listener) {
        List<Consumer<Throwable>> next = new ArrayList<>(errorListeners);
        next.add(listener);
        errorListeners = List.copyOf(next);
        return this;
    }

    private static EventHandler disconnectHandler(DisconnectListener listener) {
        return (args, ack) -> {
            JsonNode description = args.get(1);
            listener.onDisconnect(DisconnectReason.fromText(args.get(0).asText()),
                    description == null ? null : description.asText());
        };
    }

    private <T> EventHandler typed(String event, Class<T> type, Consumer<T> handler) {
        return (args, ack) -> {
            T value;
            try {
                value = args.get(0, type);
            } catch (IllegalArgumentException e) {
                log.warn("socket {} in {}: event \"{}\" not handled: {}", id, nsp.name(), event,
                        e.getMessage());
                return;
            }
            handler.accept(value);
        };
    }

    /**
     * Adds a socket middleware, run for each incoming event before its listeners.
     *
     * @param middleware the middleware
     * @return this
     */
    public synchronized Socket use(EventMiddleware middleware) {
        EventMiddleware[] current = middlewares;
        EventMiddleware[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = middleware;
        middlewares = next;
        return this;
    }

    /**
     * Listens for every incoming event, before its middlewares and listeners.
     *
     * @param listener the listener
     * @return this
     */
    public synchronized Socket onAny(AnyListener listener) {
        anyIncoming = append(anyIncoming, listener, false);
        return this;
    }

    /**
     * Listens for every incoming event, before the listeners added so far.
     *
     * @param listener the listener
     * @return this
     */
    public synchronized Socket prependAny(AnyListener listener) {
        anyIncoming = append(anyIncoming, listener, true);
        return this;
    }

    /**
     * Removes an any-listener.
     *
     * @param listener the listener
     * @return this
     */
    public synchronized Socket offAny(AnyListener listener) {
        anyIncoming = without(anyIncoming, listener);
        return this;
    }

    /** Removes every any-listener. */
    public synchronized Socket offAny() {
        anyIncoming = NO_ANY;
        return this;
    }

    /** The any-listeners, in call order. */
    public List<AnyListener> listenersAny() {
        return List.of(anyIncoming);
    }

    /**
     * Listens for every event this socket sends (emits and broadcasts that reach it).
     *
     * @param listener the listener
     * @return this
     */
    public synchronized Socket onAnyOutgoing(AnyListener listener) {
        anyOutgoing = append(anyOutgoing, listener, false);
        return this;
    }

    /**
     * Listens for every outgoing event, before the listeners added so far.
     *
     * @param listener the listener
     * @return this
     */
    public synchronized Socket prependAnyOutgoing(AnyListener listener) {
        anyOutgoing = append(anyOutgoing, listener, true);
        return this;
    }

    /**
     * Removes an outgoing any-listener.
     *
     * @param listener the listener
     * @return this
     */
    public synchronized Socket offAnyOutgoing(AnyListener listener) {
        anyOutgoing = without(anyOutgoing, listener);
        return this;
    }

    /** Removes every outgoing any-listener. */
    public synchronized Socket offAnyOutgoing() {
        anyOutgoing = NO_ANY;
        return this;
    }

    /** The outgoing any-listeners, in call order. */
    public List<AnyListener> listenersAnyOutgoing() {
        return List.of(anyOutgoing);
    }

    private static AnyListener[] append(AnyListener[] current, AnyListener listener, boolean first) {
        AnyListener[] next = new AnyListener[current.length + 1];
        if (first) {
            next[0] = listener;
            System.arraycopy(current, 0, next, 1, current.length);
        } else {
            System.arraycopy(current, 0, next, 0, current.length);
            next[current.length] = listener;
        }
        return next;
    }

    private static AnyListener[] without(AnyListener[] current, AnyListener listener) {
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                AnyListener[] next = new AnyListener[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                return next;
            }
        }
        return current;
    }

    // ---- emitting ----------------------------------------------------------------------------

    @Override
    public void emit(String event, Object... args) {
        emit(event, args, BroadcastFlags.DEFAULT, null);
    }

    @Override
    public void emit(String event, AckCallback ack) {
        emit(event, new Object[0], BroadcastFlags.DEFAULT, ack);
    }

    @Override
    public void emit(String event, Object arg, AckCallback ack) {
        emit(event, new Object[] {arg}, BroadcastFlags.DEFAULT, ack);
    }

    @Override
    public void emit(String event, Object arg1, Object arg2, AckCallback ack) {
        emit(event, new Object[] {arg1, arg2}, BroadcastFlags.DEFAULT, ack);
    }

    @Override
    public void emit(String event, Object arg1, Object arg2, Object arg3, AckCallback ack) {
        emit(event, new Object[] {arg1, arg2, arg3}, BroadcastFlags.DEFAULT, ack);
    }

    @Override
    public CompletableFuture<EventArgs> emitWithAck(String event, Object... args) {
        return emitWithAck(event, args, BroadcastFlags.DEFAULT);
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
        return emitWithAck(event, args, BroadcastFlags.DEFAULT).thenApply(a -> a.get(0, type));
    }

    /**
     * Emits {@code message} events: {@code send(args)} is {@code emit("message", args)}.
     *
     * @param args the arguments
     * @return this
     */
    public Socket send(Object... args) {
        emit("message", args);
        return this;
    }

    /**
     * An emitter whose acknowledgements fail with {@link AckTimeoutException} after
     * {@code timeout}. The socket itself keeps no flag: {@code socket.timeout(d).emit(...)} affects
     * that emit only.
     *
     * @param timeout how long to wait for an answer
     * @return the emitter
     */
    @Override
    public SocketEmitter timeout(Duration timeout) {
        return new SocketEmitter(this, BroadcastFlags.DEFAULT.withTimeout(timeout));
    }

    /**
     * An emitter whose packets are dropped when the transport cannot take them at once
     * ({@code socket.volatile} in JavaScript).
     *
     * @return the emitter
     */
    public SocketEmitter volatile_() {
        return new SocketEmitter(this, BroadcastFlags.DEFAULT.withVolatile());
    }

    /**
     * An emitter whose packets may (or may not) be compressed.
     *
     * @param compress whether to allow compression (default true)
     * @return the emitter
     */
    public SocketEmitter compress(boolean compress) {
        return new SocketEmitter(this, BroadcastFlags.DEFAULT.withCompress(compress));
    }

    void emit(String event, Object[] args, BroadcastFlags flags, AckCallback ack) {
        checkReserved(event);
        ArrayNode data = Values.eventData(mapper, event, args);
        long ackId = Packet.NO_ACK;
        if (ack != null) {
            ackId = nsp.nextAckId();
            registerAck(ackId, new SocketAck(ack), flags.timeout());
        }
        Packet.Event packet = new Packet.Event(nsp.name(), data, ackId);
        if (nsp.server().options().connectionStateRecovery() != null) {
            // Through the adapter, so the packet gets an offset and is kept for recovery.
            nsp.adapter().broadcast(packet, new BroadcastOptions(Set.of(id), Set.of(), flags));
        } else {
            notifyOutgoing(packet);
            writePacket(packet, flags.isVolatile());
        }
    }

    CompletableFuture<EventArgs> emitWithAck(String event, Object[] args, BroadcastFlags flags) {
        FutureAck ack = new FutureAck();
        emit(event, args, flags, ack);
        return ack.future;
    }

    static void checkReserved(String event) {
        if (RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    // ---- broadcasting from this socket -------------------------------------------------------

    /**
     * A broadcast to rooms, without this socket.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator to(String... rooms) {
        return broadcast().to(rooms);
    }

    /**
     * A broadcast to rooms, without this socket.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator to(Collection<String> rooms) {
        return broadcast().to(rooms);
    }

    /**
     * Same as {@link #to(String...)}.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
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
     * A broadcast to every socket of the namespace except this one and those in the rooms.
     *
     * @param rooms the rooms to leave out
     * @return the operator
     */
    public BroadcastOperator except(String... rooms) {
        return broadcast().except(rooms);
    }

    /**
     * Leaves out the sockets in these rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator except(Collection<String> rooms) {
        return broadcast().except(rooms);
    }

    /** A broadcast to every other socket of the namespace. */
    public BroadcastOperator broadcast() {
        return broadcast(BroadcastFlags.DEFAULT);
    }

    BroadcastOperator broadcast(BroadcastFlags flags) {
        return new BroadcastOperator(nsp, Set.of(), Set.of(id), flags, false);
    }

    /** A broadcast to every other socket of the namespace on this server only. */
    public BroadcastOperator local() {
        return broadcast().local();
    }

    // ---- rooms -------------------------------------------------------------------------------

    /**
     * Joins rooms. Joining a room twice does nothing.
     *
     * @param rooms the rooms
     */
    @Override
    public void join(String... rooms) {
        join(Arrays.asList(rooms));
    }

    /**
     * Joins rooms.
     *
     * @param rooms the rooms
     */
    public void join(Collection<String> rooms) {
        if (cleanedUp || rooms.isEmpty()) {
            return;
        }
        nsp.adapter().addAll(id, rooms instanceof Set<String> set ? set : new LinkedHashSet<>(rooms));
        if (cleanedUp) {
            // Raced with the disconnection on another thread: undo, the socket is gone.
            nsp.adapter().delAll(id);
        }
    }

    /**
     * Leaves a room.
     *
     * @param room the room
     */
    @Override
    public void leave(String room) {
        nsp.adapter().del(id, room);
    }

    // ---- disconnecting -----------------------------------------------------------------------

    /**
     * Disconnects from the namespace: the client receives a DISCONNECT packet; reason
     * {@code server namespace disconnect}. The connection stays open for other namespaces.
     *
     * @return this
     */
    public Socket disconnect() {
        disconnect(false);
        return this;
    }

    /**
     * Disconnects from the namespace, or with {@code close} from every namespace of the client
     * and closes the connection.
     *
     * @param close whether to close the whole connection
     */
    @Override
    public void disconnect(boolean close) {
        onLoop(() -> {
            if (!connected || closing) {
                return;
            }
            if (close) {
                client.disconnectAll();
            } else {
                writePacket(new Packet.Disconnect(nsp.name()), false);
                onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, null);
            }
        });
    }

    // ---- protocol: called on the event loop --------------------------------------------------

    /** The namespace accepted the socket: join its own room and answer the CONNECT. */
    void onConnect() {
        connected = true;
        join(id);
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("sid", id);
        if (pid != null) {
            reply.put("pid", pid);
        }
        writePacket(new Packet.Connect(nsp.name(), reply), false);
    }

    void onPacket(Packet packet) {
        if (packet instanceof Packet.Event event) {
            onEvent(event);
        } else if (packet instanceof Packet.Ack ack) {
            onAck(ack);
        } else if (packet instanceof Packet.Disconnect) {
            onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, null);
        }
    }

    private void onEvent(Packet.Event packet) {
        String event = packet.name();
        EventArgs args = new EventArgs(packet.data(), 1, mapper, event);
        Ack ack = packet.hasAck() ? new ReplyAck(packet.ackId()) : NoAck.INSTANCE;
        runHandler(() -> {
            for (AnyListener l : anyIncoming) {
                try {
                    l.onEvent(event, args);
                } catch (RuntimeException | Error e) {
                    log.error("any-listener for event \"{}\" on socket {} threw", event, id, e);
                }
            }
            EventMiddleware[] chain = middlewares;
            if (chain.length == 0) {
                dispatch(event, args, ack);
            } else {
                runMiddleware(chain, 0, event, args, ack);
            }
        });
    }

    private void runMiddleware(EventMiddleware[] chain, int i, String event, EventArgs args, Ack ack) {
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
                    runMiddleware(chain, i + 1, event, args, ack);
                } else {
                    inHandlerContext(() -> dispatch(event, args, ack));
                }
            }

            @Override
            public void error(Throwable error) {
                if (first()) {
                    inHandlerContext(() -> fireError(error));
                }
            }
        };
        try {
            chain[i].handle(event, args, next);
        } catch (RuntimeException e) {
            next.error(e);
        }
    }

    private void dispatch(String event, EventArgs args, Ack ack) {
        if (!connected) {
            log.debug("socket {}: event \"{}\" received after disconnection, ignored", id, event);
            return;
        }
        listeners.fire(event, args, ack, log, "socket " + id);
    }

    private void onAck(Packet.Ack packet) {
        if (acks == null) {
            return;
        }
        PendingAck pending = acks.remove(packet.ackId());
        if (pending != null) {
            pending.complete(packet.data());
        }
    }

    /** Errors from the decoder (before the connection closes) and from socket middlewares. */
    void fireError(Throwable error) {
        for (Consumer<Throwable> l : errorListeners) {
            try {
                l.accept(error);
            } catch (RuntimeException | Error e) {
                log.error("error listener on socket {} threw", id, e);
            }
        }
        ArrayNode data = JsonNodeFactory.instance.arrayNode(1);
        data.add(String.valueOf(error.getMessage()));
        listeners.fire("error", new EventArgs(data, 0, mapper, "error"), NoAck.INSTANCE, log, "socket " + id);
    }

    /**
     * Leaves the namespace: {@code disconnecting}, session kept for recovery, rooms left,
     * {@code disconnect}; pending acknowledgements fail with {@link SocketDisconnectedException}.
     */
    void onClose(DisconnectReason reason, String description) {
        if (!connected || closing) {
            return;
        }
        closing = true;
        client.remove(this);
        failPendingAcks();
        String detail = description == null || description.isEmpty() ? null : description;
        runHandler(() -> {
            fireDisconnect("disconnecting", reason, detail);
            if (pid != null && reason.recoverable()) {
                nsp.adapter().persistSession(new PersistedSession(id, pid, List.copyOf(rooms()), data));
            }
            cleanup();
            connected = false;
            fireDisconnect("disconnect", reason, detail);
        });
    }

    /** Leaves every room and the namespace, for good. */
    void cleanup() {
        cleanedUp = true;
        nsp.adapter().delAll(id);
        nsp.remove(this);
    }

    private void fireDisconnect(String event, DisconnectReason reason, String description) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode(2);
        data.add(reason.text());
        if (description != null) {
            data.add(description);
        }
        listeners.fire(event, new EventArgs(data, 0, mapper, event), NoAck.INSTANCE, log, "socket " + id);
    }

    // ---- acknowledgements --------------------------------------------------------------------

    private void registerAck(long ackId, SocketAck entry, Duration timeout) {
        onLoop(() -> {
            if (closing || cleanedUp) {
                entry.fail(new SocketDisconnectedException());
                return;
            }
            putAck(ackId, entry);
            if (timeout != null) {
                entry.timer = loop().schedule(() -> {
                    if (acks != null && acks.get(ackId) == entry) {
                        acks.remove(ackId);
                        entry.fail(new AckTimeoutException(EventArgs.empty(mapper)));
                    }
                }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        });
    }

    private void putAck(long ackId, PendingAck entry) {
        if (acks == null) {
            acks = new LongObjectHashMap<>(4);
        } else if (acks.size() >= ACK_SWEEP_THRESHOLD) {
            sweepExpiredAcks();
        }
        acks.put(ackId, entry);
    }

    /** Drops broadcast acks whose broadcast has timed out (clients that never answered). */
    private void sweepExpiredAcks() {
        long now = System.nanoTime();
        List<Long> expired = null;
        for (LongObjectHashMap.PrimitiveEntry<PendingAck> e : acks.entries()) {
            if (e.value().expired(now)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(e.key());
            }
        }
        if (expired != null) {
            for (long key : expired) {
                acks.remove(key);
            }
        }
    }

    private void failPendingAcks() {
        if (acks == null || acks.isEmpty()) {
            return;
        }
        List<PendingAck> pending = new ArrayList<>(acks.values());
        acks = null;
        SocketDisconnectedException error = new SocketDisconnectedException();
        for (PendingAck p : pending) {
            p.fail(error);
        }
    }

    /** A pending acknowledgement, keyed by its id in {@link #acks}. */
    private abstract static class PendingAck {
        abstract void complete(ArrayNode data);

        abstract void fail(Throwable error);

        boolean expired(long nanoTime) {
            return false;
        }
    }

    /** The acknowledgement of an emit from this socket. */
    private final class SocketAck extends PendingAck {
        private final AckCallback callback;
        private ScheduledFuture<?> timer;

        SocketAck(AckCallback callback) {
            this.callback = callback;
        }

        @Override
        void complete(ArrayNode data) {
            cancelTimer();
            deliver(null, new EventArgs(data, 0, mapper, null));
        }

        @Override
        void fail(Throwable error) {
            cancelTimer();
            deliver(error, EventArgs.empty(mapper));
        }

        private void deliver(Throwable error, EventArgs args) {
            if (callback instanceof FutureAck) {
                invokeAck(error, args);
            } else {
                runHandler(() -> invokeAck(error, args));
            }
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void invokeAck(Throwable error, EventArgs args) {
            try {
                callback.onAck(error, args);
            } catch (RuntimeException | Error e) {
                log.error("acknowledgement callback on socket {} threw", id, e);
            }
        }
    }

    /** This socket's share of a broadcast with acknowledgements: forwards the first argument. */
    private static final class BroadcastAck extends PendingAck {
        private final Consumer<JsonNode> receiver;
        private final long deadline;

        BroadcastAck(Consumer<JsonNode> receiver, long deadline) {
            this.receiver = receiver;
            this.deadline = deadline;
        }

        @Override
        void complete(ArrayNode data) {
            if (!expired(System.nanoTime())) {
                receiver.accept(data.size() > 0 ? data.get(0) : NullNode.instance);
            }
        }

        @Override
        void fail(Throwable error) {
            // The broadcast completes with its timeout; a disconnected client simply never answers.
        }

        @Override
        boolean expired(long nanoTime) {
            return nanoTime - deadline > 0;
        }
    }

    /** The acknowledgement handed to listeners of an event that carried an ack id. */
    private final class ReplyAck implements Ack {
        private final long ackId;
        private boolean sent;

        ReplyAck(long ackId) {
            this.ackId = ackId;
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
                writePacket(new Packet.Ack(nsp.name(), Values.array(mapper, args), ackId), false);
            }
        }

        @Override
        public void send(EventArgs args) {
            if (markSent()) {
                writePacket(new Packet.Ack(nsp.name(), args.toArrayNode(), ackId), false);
            }
        }
    }

    /** The acknowledgement of an event that asked for none. */
    private enum NoAck implements Ack {
        INSTANCE;

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
    }

    // ---- delivery ----------------------------------------------------------------------------

    /** Writes a broadcast's encoded packet to this socket; on the event loop. */
    void deliver(Packet.Event packet, List<Message> encoded, boolean isVolatile,
            Consumer<JsonNode> ackReceiver, Duration timeout) {
        if (ackReceiver != null && !closing && !cleanedUp) {
            long deadline = System.nanoTime() + (timeout == null ? Long.MAX_VALUE / 2 : timeout.toNanos());
            putAck(packet.ackId(), new BroadcastAck(ackReceiver, deadline));
        }
        notifyOutgoing(packet);
        client.writeOnLoop(encoded, isVolatile);
    }

    void writePacket(Packet packet, boolean isVolatile) {
        client.write(nsp.server().options().parser().encode(packet), isVolatile);
    }

    private void notifyOutgoing(Packet.Event packet) {
        AnyListener[] outgoing = anyOutgoing;
        if (outgoing.length == 0) {
            return;
        }
        String event = packet.name();
        EventArgs args = new EventArgs(packet.data(), 1, mapper, event);
        runHandler(() -> {
            for (AnyListener l : outgoing) {
                try {
                    l.onEvent(event, args);
                } catch (RuntimeException | Error e) {
                    log.error("outgoing any-listener for event \"{}\" on socket {} threw", event, id, e);
                }
            }
        });
    }

    // ---- execution contexts ------------------------------------------------------------------

    /** Runs protocol work on the event loop: inline when already there. */
    void onLoop(Runnable task) {
        EventExecutor loop = loop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /**
     * Runs user code in this socket's handler context: the handler executor (serialised) when
     * configured, else the event loop (inline when already on it).
     */
    void runHandler(Runnable task) {
        if (serial != null) {
            serial.execute(task);
        } else {
            onLoop(task);
        }
    }

    /** Continues a handler chain: inline when already in the handler context, else queued there. */
    private void inHandlerContext(Runnable task) {
        boolean inside = serial != null ? serial.inExecutor() : loop().inEventLoop();
        if (inside) {
            task.run();
        } else {
            runHandler(task);
        }
    }

    @Override
    public String toString() {
        return "Socket[" + id + " in " + nsp.name() + (connected ? "" : ", disconnected") + "]";
    }
}
