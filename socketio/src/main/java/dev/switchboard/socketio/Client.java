package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.socketio.parser.PacketParser;
import dev.switchboard.socketio.protocol.Packet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO connection seen by Socket.IO: decodes its messages, routes packets to the socket
 * of each namespace, enforces the protocol (violations close the whole connection) and
 * {@code connectTimeout}. Everything here runs on the connection's event loop, except
 * {@link #write}, which may be called from any thread.
 */
final class Client {

    private static final Logger log = LoggerFactory.getLogger(Client.class);

    private final SocketIoServer server;
    private final EngineSocket conn;
    private final PacketParser.Decoder decoder;
    /** The connected socket of each namespace; most clients use one, hence the small table. */
    private final HashMap<String, Socket> sockets = new HashMap<>(2);
    private ScheduledFuture<?> connectTimer;
    /** Written on the loop; read by writers on any thread, which drop packets once it is set. */
    private volatile boolean closed;

    /** Binds to a new connection; on its event loop. */
    Client(SocketIoServer server, EngineSocket conn) {
        this.server = server;
        this.conn = conn;
        this.decoder = server.options().parser().newDecoder();
        conn.onMessage(this::onMessage);
        conn.onClose(this::onEngineClose);
        server.clientOpened(this);
        long timeout = server.options().connectTimeout().toNanos();
        this.connectTimer = conn.executor().schedule(this::onConnectTimeout, timeout, TimeUnit.NANOSECONDS);
    }

    EngineSocket conn() {
        return conn;
    }

    private void onConnectTimeout() {
        connectTimer = null;
        if (sockets.isEmpty() && !closed) {
            log.debug("connection {} joined no namespace within connectTimeout, closing", conn.id());
            close();
        }
    }

    private void onMessage(Message message) {
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
        Socket socket = sockets.get(packet.namespace());
        if (socket == null && packet instanceof Packet.Connect connect) {
            connect(connect.namespace(), connect.data());
        } else if (socket != null && !(packet instanceof Packet.Connect)
                && !(packet instanceof Packet.ConnectError)) {
            socket.onPacket(packet);
        } else {
            log.debug("connection {}: {} packet for namespace {} in this state breaks the protocol,"
                    + " closing", conn.id(), packet.type(), packet.namespace());
            close();
        }
    }

    private void connect(String name, ObjectNode authPayload) {
        ObjectNode auth = authPayload != null ? authPayload : JsonNodeFactory.instance.objectNode();
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

    private void onSocketConnected(Socket socket) {
        sockets.put(socket.nsp().name(), socket);
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
    }

    /** A socket left its namespace. */
    void remove(Socket socket) {
        sockets.remove(socket.nsp().name(), socket);
    }

    /** {@code socket.disconnect(true)}: every socket gets a DISCONNECT, then the connection closes. */
    void disconnectAll() {
        for (Socket socket : new ArrayList<>(sockets.values())) {
            socket.disconnect(false);
        }
        sockets.clear();
        close();
    }

    /** Closes the connection for a protocol violation (or connectTimeout): {@code forced server close}. */
    void close() {
        if (conn.readyState() == ReadyState.OPEN) {
            // The sockets learn of it first: the engine may report its own close synchronously,
            // and that report must find the client already closed.
            onClose(DisconnectReason.FORCED_SERVER_CLOSE, null);
            conn.close();
        }
    }

    private void onDecodeError(Exception error) {
        log.debug("connection {}: undecodable packet ({}), closing", conn.id(), error.getMessage());
        for (Socket socket : new ArrayList<>(sockets.values())) {
            socket.runHandler(() -> socket.fireError(error));
        }
        // The engine reports the close as "forced close", as in the reference.
        conn.close();
    }

    private void onEngineClose(CloseReason reason, String description) {
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
        List<Socket> open = new ArrayList<>(sockets.values());
        sockets.clear();
        for (Socket socket : open) {
            socket.onClose(reason, description);
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
        List<Socket> open = new ArrayList<>(sockets.values());
        CompletableFuture<?>[] done = new CompletableFuture<?>[open.size()];
        for (int i = 0; i < open.size(); i++) {
            Socket socket = open.get(i);
            socket.onClose(DisconnectReason.SERVER_SHUTTING_DOWN, null);
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
            conn.send(encoded);
        }
    }

    /** Writes encoded messages; on the event loop. */
    void writeOnLoop(List<Message> encoded, boolean isVolatile) {
        if (closed || conn.readyState() != ReadyState.OPEN) {
            return;
        }
        if (isVolatile && !conn.isWritable()) {
            log.trace("connection {}: volatile packet dropped, transport not writable", conn.id());
            server.recordVolatileDrop();
            return;
        }
        conn.send(encoded);
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
