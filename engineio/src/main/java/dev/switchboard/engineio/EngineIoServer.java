package dev.switchboard.engineio;

import dev.switchboard.engineio.internal.EngineCore;
import dev.switchboard.engineio.spi.HttpExchange;
import dev.switchboard.engineio.spi.UpgradeExchange;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An Engine.IO v4 server: accepts sessions over long-polling and WebSocket, upgrades them, keeps
 * them alive with heartbeats and delivers their messages. The counterpart of Node's
 * {@code engine.io} {@code Server}; usable on its own or under Socket.IO.
 *
 * <p>An HTTP binding feeds it requests under {@link EngineIoOptions#path()} through
 * {@link #handleRequest} and {@link #handleUpgrade}; see {@code dev.switchboard.server.NettyServer}.
 * All methods are thread-safe.
 */
public final class EngineIoServer {

    private final EngineCore core;

    private EngineIoServer(EngineIoOptions options) {
        this.core = new EngineCore(options);
    }

    /**
     * Creates a server.
     *
     * @param options the options
     * @return the server
     */
    public static EngineIoServer create(EngineIoOptions options) {
        return new EngineIoServer(options);
    }

    /** {@return the options} */
    public EngineIoOptions options() {
        return core.options();
    }

    /**
     * Listens for new sessions; called on the session's event loop once the open packet is queued,
     * so anything sent from the listener follows it.
     *
     * @param listener called with each new session
     */
    public void onConnection(Consumer<EngineSocket> listener) {
        core.onConnection(listener);
    }

    /**
     * Listens for refused requests (the reference's {@code connection_error}).
     *
     * @param listener called with each refusal
     */
    public void onConnectionError(Consumer<ConnectionError> listener) {
        core.onConnectionError(listener);
    }

    /** {@return the number of open sessions} */
    public int clientsCount() {
        return core.clientsCount();
    }

    /**
     * An open session by id.
     *
     * @param sid the session id
     * @return the session, or {@code null}
     */
    public EngineSocket client(String sid) {
        return core.client(sid);
    }

    /**
     * What this server has done since it was created: open sessions by transport, handshakes,
     * upgrades, packets and message bytes each way, sessions closed for a full outbound buffer and
     * sessions closed by reason. The counters cost no lock and no allocation per packet; the
     * snapshot is made on each call.
     *
     * @return a snapshot
     */
    public EngineIoStats stats() {
        return core.stats();
    }

    /** {@return a snapshot of the open sessions} */
    public Collection<EngineSocket> clients() {
        return core.clients();
    }

    /**
     * Whether a request target falls under this server's path (a prefix match on the raw target,
     * as the reference does).
     *
     * @param uri the raw request target
     * @return true if this server handles it
     */
    public boolean handles(String uri) {
        return core.handles(uri);
    }

    /**
     * Handles a plain HTTP request under the path; for bindings.
     *
     * @param exchange the request and its response
     */
    public void handleRequest(HttpExchange exchange) {
        core.handleRequest(exchange);
    }

    /**
     * Adds an Express-style middleware run on every Engine.IO request, as {@code io.engine.use}
     * does in socket.io; see {@link EngineMiddleware}.
     *
     * @param middleware the middleware
     * @return this server
     */
    public EngineIoServer use(EngineMiddleware middleware) {
        core.use(middleware);
        return this;
    }

    /**
     * Handles a WebSocket upgrade request under the path; for bindings.
     *
     * @param exchange the request and its response
     */
    public void handleUpgrade(UpgradeExchange exchange) {
        core.handleUpgrade(exchange);
    }

    /**
     * Refuses new sessions from now on ({@code 503}, as after {@link #close()}) while the open ones
     * go on: the first step of a graceful shutdown, so that a load balancer sends new clients to
     * other servers while this one finishes its work. Requests of open sessions are still served.
     */
    public void stopAccepting() {
        core.stopAccepting();
    }

    /**
     * Closes every session ({@link CloseReason#FORCED_CLOSE}) and refuses new ones.
     *
     * @return completes when every session is closed
     */
    public CompletableFuture<Void> close() {
        return core.close();
    }
}
