package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.RestoredSession;
import dev.switchboard.socketio.internal.Base64Id;
import dev.switchboard.socketio.internal.SerialExecutor;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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
 *
 * <p>This class is the user API; the protocol work ({@code SocketProtocol}), the acknowledgements
 * it waits for ({@code SocketAcks}) and its listeners ({@code SocketListeners}) live in
 * package-private classes of their own.
 */
public final class Socket implements Emitter, RemoteSocket, BroadcastTargets, EmitModifiers<SocketEmitter> {

    private static final Logger log = LoggerFactory.getLogger(Socket.class);

    // Package-private where SocketProtocol, SocketAcks and the namespace work with them.
    private final String id;
    final String pid;
    private final Namespace nsp;
    final Client client;
    private final Handshake handshake;
    private final boolean recovered;
    final ObjectMapper mapper;
    /** Where handlers run when the server has a handler executor; null for the event loop. */
    private final SerialExecutor serial;
    final SocketListeners listeners = new SocketListeners();

    volatile Object data;
    volatile boolean connected;
    /** Set once the socket left its rooms for good: joins after that are undone. */
    volatile boolean cleanedUp;
    /** Set on the loop when the close began; guards against a second close. */
    boolean closing;
    /** The acknowledgements awaited; event loop only, created on first use. */
    SocketAcks acks;

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
            this.id = client.revision().socketId(nsp.name(), client.conn().id());
            this.pid = server.options().connectionStateRecovery() != null ? Base64Id.generate() : null;
            this.recovered = false;
        }
    }

    /** {@return the socket id, sent to the client in the CONNECT reply; also the socket's own room} */
    @Override
    public String id() {
        return id;
    }

    /** {@return the namespace} */
    public Namespace nsp() {
        return nsp;
    }

    /** {@return the handshake} */
    @Override
    public Handshake handshake() {
        return handshake;
    }

    /** {@return the Engine.IO connection under this socket (shared with the client's other namespaces)} */
    public EngineSocket conn() {
        return client.conn();
    }

    /** {@return what the connection kept of its first HTTP request} */
    public RequestInfo request() {
        return client.conn().request();
    }

    /** {@return whether the socket is connected to its namespace} */
    public boolean connected() {
        return connected;
    }

    /** {@return whether the socket is not (or no longer) connected} */
    public boolean disconnected() {
        return !connected;
    }

    /** {@return whether connection state recovery gave this socket back its previous session} */
    public boolean recovered() {
        return recovered;
    }

    /** {@return the rooms the socket is in, its own id included; a snapshot} */
    @Override
    public Set<String> rooms() {
        Set<String> rooms = nsp.adapter().socketRooms(id);
        return rooms == null || rooms.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(rooms));
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

    // ---- listeners ------------------------------------------------------------------------------

    /**
     * Listens for an event.
     *
     * @param event the event name
     * @param handler called with the arguments and the acknowledgement
     * @return this
     */
    public Socket on(String event, EventHandler handler) {
        listeners.events.add(event, handler, handler, false);
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
        listeners.events.add(event, handler, SocketListeners.typed(this, event, type, handler), false);
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
        listeners.events.add(event, handler, handler, true);
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
        listeners.events.add(event, handler, SocketListeners.typed(this, event, type, handler), true);
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
        listeners.events.remove(event, listener);
        return this;
    }

    /**
     * Removes every listener of an event.
     *
     * @param event the event name
     * @return this
     */
    public Socket off(String event) {
        listeners.events.removeAll(event);
        return this;
    }

    /**
     * Removes every event listener (not the any-listeners, middlewares or error listeners).
     *
     * @return this
     */
    public Socket removeAllListeners() {
        listeners.events.clear();
        return this;
    }

    /**
     * The number of listeners of an event.
     *
     * @param event the event name
     * @return the count
     */
    public int listenerCount(String event) {
        return listeners.events.count(event);
    }

    /**
     * Listens for {@code disconnecting}: the socket is leaving, still in its rooms.
     *
     * @param listener called once with the reason
     * @return this
     */
    public Socket onDisconnecting(DisconnectListener listener) {
        listeners.events.add("disconnecting", listener, SocketListeners.disconnectHandler(listener), false);
        return this;
    }

    /**
     * Listens for {@code disconnect}: the socket left its namespace and its rooms.
     *
     * @param listener called once with the reason
     * @return this
     */
    public Socket onDisconnect(DisconnectListener listener) {
        listeners.events.add("disconnect", listener, SocketListeners.disconnectHandler(listener), false);
        return this;
    }

    /**
     * Listens for {@code error}: a socket middleware refused an event, or the connection received
     * a packet that does not decode (just before it is closed). Nothing is sent to the client.
     *
     * @param listener called with the error
     * @return this
     */
    public Socket onError(Consumer<Throwable> listener) {
        listeners.errors().add(listener);
        return this;
    }

    /**
     * Adds a socket middleware, run for each incoming event before its listeners.
     *
     * @param middleware the middleware
     * @return this
     */
    public Socket use(EventMiddleware middleware) {
        listeners.middlewares().add(middleware);
        return this;
    }

    /**
     * Listens for every incoming event, before its middlewares and listeners.
     *
     * @param listener the listener
     * @return this
     */
    public Socket onAny(AnyListener listener) {
        listeners.anyIncoming().add(listener);
        return this;
    }

    /**
     * Listens for every incoming event, before the listeners added so far.
     *
     * @param listener the listener
     * @return this
     */
    public Socket prependAny(AnyListener listener) {
        listeners.anyIncoming().addFirst(listener);
        return this;
    }

    /**
     * Removes an any-listener.
     *
     * @param listener the listener
     * @return this
     */
    public Socket offAny(AnyListener listener) {
        listeners.anyIncoming().removeFirst(listener);
        return this;
    }

    /**
     * Removes every any-listener.
     *
     * @return this
     */
    public Socket offAny() {
        listeners.anyIncoming().clear();
        return this;
    }

    /** {@return the any-listeners, in call order} */
    public List<AnyListener> listenersAny() {
        return listeners.anyIncoming().snapshot();
    }

    /**
     * Listens for every event this socket sends (emits and broadcasts that reach it).
     *
     * @param listener the listener
     * @return this
     */
    public Socket onAnyOutgoing(AnyListener listener) {
        listeners.anyOutgoing(nsp).add(listener);
        return this;
    }

    /**
     * Listens for every outgoing event, before the listeners added so far.
     *
     * @param listener the listener
     * @return this
     */
    public Socket prependAnyOutgoing(AnyListener listener) {
        listeners.anyOutgoing(nsp).addFirst(listener);
        return this;
    }

    /**
     * Removes an outgoing any-listener.
     *
     * @param listener the listener
     * @return this
     */
    public Socket offAnyOutgoing(AnyListener listener) {
        listeners.anyOutgoing(nsp).removeFirst(listener);
        return this;
    }

    /**
     * Removes every outgoing any-listener.
     *
     * @return this
     */
    public Socket offAnyOutgoing() {
        listeners.anyOutgoing(nsp).clear();
        return this;
    }

    /** {@return the outgoing any-listeners, in call order} */
    public List<AnyListener> listenersAnyOutgoing() {
        return listeners.anyOutgoing(nsp).snapshot();
    }

    // ---- emitting and broadcasting --------------------------------------------------------------

    @Override
    public void emit(String event, Object... args) {
        SocketProtocol.emit(this, event, Args.data(args), BroadcastFlags.DEFAULT, Args.ack(args));
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
     * An emitter with changed modifiers, for one emit: the socket itself keeps no flag, so
     * {@code socket.timeout(d).emit(...)} affects that emit only.
     *
     * @param change makes the emitter's flags from the defaults
     * @return the emitter
     */
    @Override
    public SocketEmitter withFlags(UnaryOperator<BroadcastFlags> change) {
        return new SocketEmitter(this, change.apply(BroadcastFlags.DEFAULT));
    }

    @Override
    public SocketEmitter timeout(Duration timeout) {
        // Declared again only because RemoteSocket declares it too (returning an Emitter).
        return EmitModifiers.super.timeout(timeout);
    }

    /** {@return a broadcast to every other socket of the namespace} */
    @Override
    public BroadcastOperator broadcast() {
        return broadcast(BroadcastFlags.DEFAULT);
    }

    BroadcastOperator broadcast(BroadcastFlags flags) {
        return new BroadcastOperator(nsp, Set.of(), Set.of(id), flags, false);
    }

    // ---- rooms ----------------------------------------------------------------------------------

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

    // ---- disconnecting --------------------------------------------------------------------------

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
                SocketProtocol.onClose(this, DisconnectReason.SERVER_NAMESPACE_DISCONNECT, null);
            }
        });
    }

    // ---- for the protocol side, and the execution contexts (package-private) --------------------

    EventExecutor loop() {
        return client.conn().executor();
    }

    /** Leaves every room and the namespace, for good. */
    void cleanup() {
        cleanedUp = true;
        nsp.adapter().delAll(id);
        nsp.remove(this);
    }

    void writePacket(Packet packet, boolean isVolatile) {
        client.write(nsp.server().options().parser().encode(packet), isVolatile);
    }

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
    void inHandlerContext(Runnable task) {
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
