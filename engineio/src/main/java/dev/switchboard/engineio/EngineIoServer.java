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

    /** The options. */
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

    /** The number of open sessions. */
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

    /** A snapshot of the open sessions. */
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
     * Handles a WebSocket upgrade request under the path; for bindings.
     *
     * @param exchange the request and its response
     */
    public void handleUpgrade(UpgradeExchange exchange) {
        core.handleUpgrade(exchange);
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
