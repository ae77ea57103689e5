package dev.switchboard.engineio;

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

    private EngineIoServer(EngineIoOptions options) {
        throw new UnsupportedOperationException("being written");
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
        return null;
    }

    /**
     * Listens for new sessions; called on the session's event loop once the open packet is queued.
     *
     * @param listener called with each new session
     */
    public void onConnection(Consumer<EngineSocket> listener) {
    }

    /**
     * Listens for refused requests.
     *
     * @param listener called with each refusal
     */
    public void onConnectionError(Consumer<ConnectionError> listener) {
    }

    /** The number of open sessions. */
    public int clientsCount() {
        return 0;
    }

    /**
     * An open session by id.
     *
     * @param sid the session id
     * @return the session, or {@code null}
     */
    public EngineSocket client(String sid) {
        return null;
    }

    /** A snapshot of the open sessions. */
    public Collection<EngineSocket> clients() {
        return null;
    }

    /**
     * Whether a request target falls under this server's path.
     *
     * @param uri the raw request target
     * @return true if this server handles it
     */
    public boolean handles(String uri) {
        return false;
    }

    /**
     * Handles a plain HTTP request under the path.
     *
     * @param exchange the request and its response
     */
    public void handleRequest(HttpExchange exchange) {
    }

    /**
     * Handles a WebSocket upgrade request under the path.
     *
     * @param exchange the request and its response
     */
    public void handleUpgrade(UpgradeExchange exchange) {
    }

    /**
     * Closes every session ({@link CloseReason#FORCED_CLOSE}) and refuses new ones.
     *
     * @return completes when every session is closed
     */
    public CompletableFuture<Void> close() {
        return null;
    }
}
