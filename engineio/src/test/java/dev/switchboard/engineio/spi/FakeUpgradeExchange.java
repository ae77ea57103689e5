package dev.switchboard.engineio.spi;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory {@link UpgradeExchange}: records whether the engine accepted (with which headers)
 * or rejected (with which message); an accepted upgrade yields a {@link FakeWebSocketConnection}.
 */
public final class FakeUpgradeExchange implements UpgradeExchange {

    private final RequestInfo request;
    private final EventExecutor executor;
    private final FakeWebSocketConnection connection;
    private final CompletableFuture<Headers> accepted = new CompletableFuture<>();
    private final CompletableFuture<String> rejected = new CompletableFuture<>();
    private final CompletableFuture<Boolean> answered = new CompletableFuture<>();

    /** An upgrade request to {@code url} on {@code executor}. */
    public FakeUpgradeExchange(EventExecutor executor, String url, String... headerPairs) {
        this.request = FakeHttpExchange.request("GET", url, headerPairs);
        this.executor = executor;
        this.connection = new FakeWebSocketConnection(executor);
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
    public WebSocketConnection accept(Headers headers) {
        if (answered.isDone()) {
            throw new AssertionError("upgrade answered twice");
        }
        accepted.complete(headers);
        answered.complete(true);
        return connection;
    }

    @Override
    public void reject(String message) {
        if (answered.isDone()) {
            throw new AssertionError("upgrade answered twice");
        }
        rejected.complete(message);
        answered.complete(false);
    }

    /** The connection handed out on acceptance. */
    public FakeWebSocketConnection connection() {
        return connection;
    }

    /** Waits for the answer: true when accepted (101), false when rejected. */
    public boolean awaitAccepted() {
        return FakeHttpExchange.await(answered);
    }

    /** The headers of the 101, waiting for acceptance. */
    public Headers acceptedHeaders() {
        if (!awaitAccepted()) {
            throw new AssertionError("rejected: " + rejected.join());
        }
        return accepted.join();
    }

    /** The rejection message, waiting for the rejection. */
    public String rejection() {
        if (awaitAccepted()) {
            throw new AssertionError("accepted, not rejected");
        }
        return rejected.join();
    }
}
