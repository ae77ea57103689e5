package dev.switchboard.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A request that gathers items from a known number of answers into one list (fetchSockets,
 * allRooms), completing a future.
 *
 * @param <T> the item type
 */
public abstract class CollectingRequest<T> extends PendingRequest {

    /** What was gathered so far (this server's own items first); guarded by this. */
    protected final List<T> items;
    private final long expected;
    private final CompletableFuture<List<T>> result;
    private long received;
    private final String timeoutWhat;

    /**
     * Creates the request.
     *
     * @param expected how many answers complete it
     * @param initial this server's own items, a mutable list
     * @param result completed with the items, or failed
     * @param timeoutWhat how a timeout describes the request ({@code null}: count answers)
     */
    protected CollectingRequest(long expected, List<T> initial, CompletableFuture<List<T>> result, String timeoutWhat) {
        this.expected = expected;
        this.items = initial;
        this.result = result;
        this.timeoutWhat = timeoutWhat;
    }

    /**
     * Adds the items of one answer to {@link #items}.
     *
     * @param response the answer
     */
    protected abstract void collect(JsonNode response);

    @Override
    protected boolean accept(JsonNode response) {
        received++;
        collect(response);
        return received >= expected;
    }

    @Override
    protected void complete() {
        result.complete(items);
    }

    @Override
    protected void fail(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public synchronized String timeoutMessage() {
        return timeoutWhat != null ? "timeout reached while waiting for " + timeoutWhat + " response"
                : "timeout reached: only " + received + " responses received out of " + expected;
    }
}
