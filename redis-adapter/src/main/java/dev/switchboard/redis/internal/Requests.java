package dev.switchboard.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** The requests of one adapter still waiting for answers, by request id, each with its timeout. */
public final class Requests {

    private final Map<String, PendingRequest> pending = new ConcurrentHashMap<>();
    private final RedisLink link;
    private final Consumer<Throwable> onFailure;

    /**
     * Creates the registry.
     *
     * @param link schedules the timeouts
     * @param onFailure told of each request that times out or fails to publish (not of those
     *     failed by {@link #failAll}, the adapter closing)
     */
    public Requests(RedisLink link, Consumer<Throwable> onFailure) {
        this.link = link;
        this.onFailure = onFailure;
    }

    /**
     * Whether a request id is one of ours (so an echo of our own request is ignored).
     *
     * @param requestId the id
     * @return whether it is waiting
     */
    public boolean contains(String requestId) {
        return pending.containsKey(requestId);
    }

    /**
     * Registers a request; it fails with a {@link TimeoutException} unless answered in time.
     *
     * @param requestId its id
     * @param request the request
     * @param timeout how long it may wait
     */
    public void register(String requestId, PendingRequest request, Duration timeout) {
        pending.put(requestId, request);
        link.schedule(() -> {
            if (pending.remove(requestId, request)) {
                TimeoutException expired = new TimeoutException(request.timeoutMessage());
                onFailure.accept(expired);
                request.failIfPending(expired);
            }
        }, timeout);
    }

    /**
     * Fails a request whose publication failed.
     *
     * @param requestId its id
     * @param request the request
     * @param error why
     */
    public void fail(String requestId, PendingRequest request, Throwable error) {
        if (pending.remove(requestId, request)) {
            Throwable cause = unwrap(error);
            onFailure.accept(cause);
            request.failIfPending(cause);
        }
    }

    /**
     * Hands an answer to the request it answers, if still waiting.
     *
     * @param requestId the id
     * @param response the answer
     */
    public void onResponse(String requestId, JsonNode response) {
        PendingRequest request = pending.get(requestId);
        if (request != null && request.onResponse(response)) {
            pending.remove(requestId, request);
        }
    }

    /**
     * Fails every waiting request.
     *
     * @param error why
     */
    public void failAll(Throwable error) {
        pending.values().forEach(r -> r.failIfPending(error));
        pending.clear();
    }

    /**
     * The cause of a future's failure.
     *
     * @param error the failure
     * @return its cause when wrapped
     */
    public static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
