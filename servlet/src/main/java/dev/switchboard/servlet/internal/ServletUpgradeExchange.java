package dev.switchboard.servlet.internal;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.UpgradeExchange;
import dev.switchboard.engineio.spi.WebSocketConnection;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * A WebSocket upgrade request under the Engine.IO path. The engine decides on its executor (after
 * an {@code allowRequest} that may take its time); the servlet thread that received the request
 * waits for the decision and carries it out, since the container upgrades a request only from
 * within its servlet call. This is the one place a container thread waits: for a handshake, never
 * for a poll.
 */
final class ServletUpgradeExchange implements UpgradeExchange {

    /** What the engine decided. */
    sealed interface Decision {
    }

    /** Complete the handshake with these extra headers, for this connection. */
    record Accept(Headers headers, ServletWebSocketConnection connection) implements Decision {
    }

    /** Answer with an error status and the message as an HTML body, then close. */
    record Refuse(int status, String message) implements Decision {
    }

    private final RequestInfo request;
    private final EventExecutor executor;
    private final long maxMessage;
    /** Why the WebSocket layer would refuse the handshake, in the ws package's words; null when it would not. */
    private final String handshakeProblem;
    private final OpenWebSockets openWebSockets;
    private final CompletableFuture<Decision> decision = new CompletableFuture<>();

    ServletUpgradeExchange(RequestInfo request, EventExecutor executor, long maxMessage, String handshakeProblem,
            OpenWebSockets openWebSockets) {
        this.request = request;
        this.openWebSockets = openWebSockets;
        this.executor = executor;
        this.maxMessage = maxMessage;
        this.handshakeProblem = handshakeProblem;
    }

    CompletableFuture<Decision> decision() {
        return decision;
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public boolean checkHandshake() {
        if (handshakeProblem == null) {
            return true;
        }
        decision.complete(new Refuse("Invalid HTTP method".equals(handshakeProblem) ? 405 : 400, handshakeProblem));
        return false;
    }

    @Override
    public WebSocketConnection accept(Headers headers) {
        ServletWebSocketConnection connection = new ServletWebSocketConnection(executor, maxMessage, openWebSockets);
        if (!decision.complete(new Accept(headers, connection))) {
            // The request is gone (the servlet stopped waiting): the WebSocket never opens.
            executor.execute(connection::onClosed);
        }
        return connection;
    }

    @Override
    public void reject(String message) {
        decision.complete(new Refuse(400, message));
    }
}
