package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.internal.shared.ListenerList;
import dev.switchboard.socketio.adapter.RestoredSession;
import dev.switchboard.socketio.internal.Values;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a namespace admits a client that sent CONNECT: connection state recovery, the middlewares,
 * then the CONNECT reply and the {@code connect}/{@code connection} listeners, or CONNECT_ERROR.
 * Runs on the client's event loop; middlewares and listeners run in the socket's handler context.
 */
final class NamespaceAdmission {

    private static final Logger log = LoggerFactory.getLogger(Namespace.class);

    private final Namespace nsp;

    NamespaceAdmission(Namespace nsp) {
        this.nsp = nsp;
    }

    void add(Client client, ObjectNode auth, Consumer<Socket> onConnected) {
        ConnectionStateRecovery csr = nsp.server().options().connectionStateRecovery();
        JsonNode pid = auth.get("pid");
        JsonNode offset = auth.get("offset");
        if (csr == null || pid == null || !pid.isTextual() || offset == null || !offset.isTextual()) {
            create(client, auth, null, onConnected);
            return;
        }
        CompletionStage<RestoredSession> restore;
        try {
            restore = nsp.adapter().restoreSession(pid.asText(), offset.asText());
        } catch (RuntimeException e) {
            restore = CompletableFuture.failedFuture(e);
        }
        restore.whenComplete((session, error) -> {
            if (error != null) {
                log.debug("namespace {}: session {} not restored", nsp.name(), pid.asText(), error);
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
        Socket socket = new Socket(nsp, client, auth, session);
        nsp.connecting.put(socket.id(), socket);
        ConnectionStateRecovery csr = nsp.server().options().connectionStateRecovery();
        if (csr != null && csr.skipMiddlewares() && socket.recovered()
                && client.conn().readyState() == ReadyState.OPEN) {
            connect(socket, onConnected);
            return;
        }
        List<Middleware> chain = nsp.middlewares.snapshot();
        if (chain.isEmpty()) {
            afterMiddlewares(socket, null, onConnected);
            return;
        }
        socket.runHandler(() -> runMiddleware(chain, 0, socket,
                error -> socket.onLoop(() -> afterMiddlewares(socket, error, onConnected))));
    }

    private void runMiddleware(List<Middleware> chain, int i, Socket socket, Consumer<Throwable> done) {
        Next next = new SocketProtocol.OnceNext() {
            @Override
            void onNext() {
                if (i + 1 < chain.size()) {
                    runMiddleware(chain, i + 1, socket, done);
                } else {
                    done.accept(null);
                }
            }

            @Override
            void onError(Throwable error) {
                done.accept(error == null ? new ConnectException("") : error);
            }
        };
        try {
            chain.get(i).handle(socket, next);
        } catch (RuntimeException e) {
            log.debug("middleware of namespace {} threw; refusing socket {}", nsp.name(), socket.id(), e);
            next.error(e);
        }
    }

    private void afterMiddlewares(Socket socket, Throwable error, Consumer<Socket> onConnected) {
        if (socket.client.conn().readyState() != ReadyState.OPEN) {
            log.debug("namespace {}: connection closed during middlewares, socket {} dropped", nsp.name(), socket.id());
            socket.cleanup();
            return;
        }
        if (error != null) {
            socket.cleanup();
            socket.writePacket(new Packet.ConnectError(nsp.name(), connectErrorPayload(socket, error)), false);
            return;
        }
        connect(socket, onConnected);
    }

    /** The CONNECT_ERROR data, in the form of the client's protocol revision. */
    private JsonNode connectErrorPayload(Socket socket, Throwable error) {
        JsonNode data = null;
        if (error instanceof ConnectException ce && ce.data() != null) {
            try {
                data = Values.toNode(nsp.server().options().objectMapper(), ce.data());
            } catch (IllegalArgumentException e) {
                log.warn("namespace {}: the data of a ConnectException cannot be written, left out: {}",
                        nsp.name(), e.getMessage());
            }
        }
        String message = error.getMessage() == null ? "" : error.getMessage();
        return socket.client.revision().connectErrorData(message, data);
    }

    private void connect(Socket socket, Consumer<Socket> onConnected) {
        nsp.admitted(socket);
        // The socket joins and answers before any user listener runs, so nothing the listeners
        // do can precede the CONNECT reply.
        SocketProtocol.onConnect(socket);
        onConnected.accept(socket);
        socket.runHandler(() -> {
            fireConnection(nsp.connectListeners, socket);
            fireConnection(nsp.connectionListeners, socket);
        });
    }

    private void fireConnection(ListenerList<Consumer<Socket>> listeners, Socket socket) {
        for (Consumer<Socket> l : listeners) {
            try {
                l.accept(socket);
            } catch (RuntimeException | Error e) {
                log.error("connection handler of namespace {} threw (socket {})", nsp.name(), socket.id(), e);
            }
        }
    }
}
