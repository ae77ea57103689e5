package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.socketio.parser.PacketParser;
import dev.switchboard.socketio.protocol.Packet;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection seen by Socket.IO: decodes its messages, routes packets to the socket
 * of each namespace, enforces the protocol (violations close the whole connection) and
 * {@code connectTimeout}. Everything here runs on the connection's event loop, except
 * {@link #write}, which may be called from any thread.
 */
final class Client implements Consumer<Message>, BiConsumer<CloseReason, String> {

    private static final Logger log = LoggerFactory.getLogger(Client.class);

    private final SocketIoServer server;
    private final EngineSocket conn;
    private final PacketParser.Decoder decoder;
    /** The Socket.IO protocol revision the client speaks, set by its Engine.IO revision. */
    private final ClientRevision revision;
    private static final Socket[] NO_SOCKETS = {};

    /**
     * The connected sockets, in the order they connected. Most clients use one namespace and a
     * few use several, so an array scanned by name costs less than a hash table, which every
     * idle connection would carry.
     */
    private Socket[] sockets = NO_SOCKETS;
    private ScheduledFuture<?> connectTimer;
    /** Written on the loop; read by writers on any thread, which drop packets once it is set. */
    private volatile boolean closed;

    /** Binds to a new connection; on its event loop. */
    Client(SocketIoServer server, EngineSocket conn) {
        this.server = server;
        this.conn = conn;
        this.decoder = server.options().parser().newDecoder();
        this.revision = ClientRevision.of(conn);
        // Itself the listener: two method references would be two more objects per idle connection.
        conn.onMessage(this);
        conn.onClose(this);
        server.clientOpened(this);
        long timeout = server.options().connectTimeout().toNanos();
        this.connectTimer = conn.executor().schedule(this::onConnectTimeout, timeout, TimeUnit.NANOSECONDS);
        if (revision.joinsMainImplicitly()) {
            connect("/", null);
        }
    }

    EngineSocket conn() {
        return conn;
    }

    ClientRevision revision() {
        return revision;
    }

    private void onConnectTimeout() {
        connectTimer = null;
        if (sockets.length == 0 && !closed) {
            log.debug("connection {} joined no namespace within connectTimeout, closing", conn.id());
            close();
        }
    }

    /** An Engine.IO message: decoded and handed to its socket. */
    @Override
    public void accept(Message message) {
        if (closed) {
            return;
        }
        Packet packet;
        try {
            packet = decoder.decode(message);
        } catch (PacketParser.ParseException | RuntimeException e) {
            onDecodeError(e);
            return;
        }
        if (packet != null) {
            onPacket(packet);
        }
    }

    private void onPacket(Packet packet) {
        server.counters().packetsIn.increment();
        if (packet instanceof Packet.Connect connect) {
            ClientRevision.Target target = revision.target(connect);
            if (socket(target.namespace()) == null) {
                connect(target.namespace(), target.auth());
                return;
            }
        } else if (!(packet instanceof Packet.ConnectError) && socket(packet.namespace()) != null) {
            SocketProtocol.onPacket(socket(packet.namespace()), packet);
            return;
        }
        {
            log.debug("connection {}: {} packet for namespace {} in this state breaks the protocol,"
                    + " closing", conn.id(), packet.type(), packet.namespace());
            close();
        }
    }

    private void connect(String name, ObjectNode authPayload) {
        ObjectNode auth = authPayload != null ? authPayload : Handshake.NO_AUTH;
        Namespace existing = server.namespace(name);
        if (existing != null) {
            existing.add(this, auth, this::onSocketConnected);
            return;
        }
        server.checkNamespace(name, auth, created -> onLoop(() -> {
            if (created != null) {
                created.add(this, auth, this::onSocketConnected);
            } else {
                ObjectNode error = JsonNodeFactory.instance.objectNode();
                error.put("message", "Invalid namespace");
                writeNow(new Packet.ConnectError(name, error));
            }
        }));
    }

    /** The socket packets for a namespace go to: the last one that connected there. */
    private Socket socket(String namespace) {
        for (int i = sockets.length - 1; i >= 0; i--) {
            if (sockets[i].nsp().name().equals(namespace)) {
                return sockets[i];
            }
        }
        return null;
    }

    private void onSocketConnected(Socket socket) {
        // Two CONNECTs racing through an asynchronous middleware may both succeed: as in Node,
        // the later socket gets the namespace's packets and both leave with the connection.
        Socket[] grown = Arrays.copyOf(sockets, sockets.length + 1);
        grown[sockets.length] = socket;
        sockets = grown;
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
    }

    /** A socket left its namespace. */
    void remove(Socket socket) {
        for (int i = 0; i < sockets.length; i++) {
            if (sockets[i] == socket) {
                Socket[] rest = new Socket[sockets.length - 1];
                System.arraycopy(sockets, 0, rest, 0, i);
                System.arraycopy(sockets, i + 1, rest, i, rest.length - i);
                sockets = rest.length == 0 ? NO_SOCKETS : rest;
                return;
            }
        }
    }

    /** {@code socket.disconnect(true)}: every socket gets a DISCONNECT, then the connection closes. */
    void disconnectAll() {
        for (Socket socket : sockets.clone()) {
            socket.disconnect(false);
        }
        sockets = NO_SOCKETS;
        close();
    }

    /** Closes the connection for a protocol violation (or connectTimeout): {@code forced server close}. */
    void close() {
        if (conn.readyState() == ReadyState.OPEN) {
            if (conn.executor().inEventLoop()) {
                LoopBroadcasts.drainHere(); // emitted before the close: written before it
            }
            // The sockets learn of it first: the engine may report its own close synchronously,
            // and that report must find the client already closed.
            onClose(DisconnectReason.FORCED_SERVER_CLOSE, null);
            conn.close();
        }
    }

    private void onDecodeError(Exception error) {
        log.debug("connection {}: undecodable packet ({}), closing", conn.id(), error.getMessage());
        for (Socket socket : sockets.clone()) {
            socket.runHandler(() -> socket.listeners.fireError(error, socket));
        }
        // The engine reports the close as "forced close", as in the reference.
        LoopBroadcasts.drainHere(); // decoded on the loop: what was emitted before goes first
        conn.close();
    }

    /** The Engine.IO connection closed. */
    @Override
    public void accept(CloseReason reason, String description) {
        onClose(DisconnectReason.of(reason), description);
    }

    private void onClose(DisconnectReason reason, String description) {
        if (closed) {
            return;
        }
        closed = true;
        server.clientClosed(this);
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
        Socket[] open = sockets;
        sockets = NO_SOCKETS;
        for (Socket socket : open) {
            SocketProtocol.onClose(socket, reason, description);
        }
        decoder.reset();
    }

    /**
     * {@code io.close()}: every socket leaves with {@code server shutting down}, then the
     * connection closes.
     *
     * @return completes once the sockets' disconnect listeners ran
     */
    CompletableFuture<Void> closeForShutdown() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        Socket[] open = sockets.clone();
        CompletableFuture<?>[] done = new CompletableFuture<?>[open.length];
        for (int i = 0; i < open.length; i++) {
            Socket socket = open[i];
            SocketProtocol.onClose(socket, DisconnectReason.SERVER_SHUTTING_DOWN, null);
            CompletableFuture<Void> f = new CompletableFuture<>();
            // Queued behind the socket's disconnect listeners in its handler context.
            socket.runHandler(() -> f.complete(null));
            done[i] = f;
        }
        conn.close();
        return CompletableFuture.allOf(done);
    }

    // ---- writing -----------------------------------------------------------------------------

    /** Writes encoded messages from any thread; volatile ones only if the transport can take them now. */
    void write(List<Message> encoded, boolean isVolatile) {
        if (closed) {
            return;
        }
        if (isVolatile) {
            onLoop(() -> writeOnLoop(encoded, true));
        } else {
            if (conn.executor().inEventLoop()) {
                LoopBroadcasts.drainHere();
            }
            server.counters().packetsOut.increment();
            conn.send(encoded);
        }
    }

    /** Writes encoded messages; on the event loop. */
    void writeOnLoop(List<Message> encoded, boolean isVolatile) {
        LoopBroadcasts.drainHere(); // broadcasts kept on this loop were emitted before
        if (writeUncounted(encoded, isVolatile)) {
            server.counters().packetsOut.increment();
        }
    }

    /**
     * Writes encoded messages on the event loop without counting them in {@code packetsOut}: a
     * broadcast counts its recipients once per loop, since an increment of a shared counter per
     * recipient was a measurable part of a delivery's cost. The caller has written the loop's kept
     * broadcasts first, or is writing them.
     *
     * @return whether the messages were handed to the connection
     */
    boolean writeUncounted(List<Message> encoded, boolean isVolatile) {
        if (closed || conn.readyState() != ReadyState.OPEN) {
            return false;
        }
        if (isVolatile && !conn.isWritable()) {
            log.trace("connection {}: volatile packet dropped, transport not writable", conn.id());
            server.counters().volatileDropped.increment();
            return false;
        }
        conn.send(encoded);
        return true;
    }

    /**
     * Writes a broadcast's encoded messages as the last thing this client gets in the loop's turn,
     * uncounted as {@link #writeUncounted} does: out at once when nothing else waits for the
     * connection (see {@link EngineSocket#sendAndFlush}). On the event loop, by the loop's kept
     * broadcasts only.
     *
     * @return whether the messages were handed to the connection
     */
    boolean writeLastOfTurn(List<Message> encoded) {
        if (closed || conn.readyState() != ReadyState.OPEN) {
            return false;
        }
        conn.sendAndFlush(encoded);
        return true;
    }

    private void writeNow(Packet packet) {
        writeOnLoop(server.options().parser().encode(packet), false);
    }

    private void onLoop(Runnable task) {
        if (conn.executor().inEventLoop()) {
            task.run();
        } else {
            conn.executor().execute(task);
        }
    }
}
