package dev.switchboard.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.redis.RedisUnavailableException;
import dev.switchboard.socketio.adapter.BroadcastAckHandler;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.ResponsesCallback;
import dev.switchboard.socketio.adapter.SocketDetails;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The bookkeeping the classic and the sharded adapter of one namespace share, whatever their
 * channels and message formats: whether the namespace's subscriptions are confirmed, the requests
 * waiting for other servers' answers, and the broadcasts with acknowledgement whose remote
 * clients may still answer. Each adapter keeps its own wire format and only hands the encoded
 * messages and the decoded answers through here.
 */
public final class AdapterRequests {

    private final RedisLink link;
    private final Duration requestsTimeout;
    private final Requests requests;
    private final Runnable onRequest;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Map<String, BroadcastAckHandler> ackRequests = new ConcurrentHashMap<>();

    /**
     * Creates the bookkeeping of one adapter.
     *
     * @param link the adapter's Redis link, which also schedules the timeouts
     * @param requestsTimeout how long a request waits unless its broadcast flags say otherwise
     * @param onRequest told of each request sent, for the server's stats
     *     ({@code AdapterContext.reportRequest})
     * @param onFailure told of each request that timed out or could not be published
     *     ({@code AdapterContext.reportFailure})
     */
    public AdapterRequests(RedisLink link, Duration requestsTimeout, Runnable onRequest,
            Consumer<Throwable> onFailure) {
        this.link = link;
        this.requestsTimeout = requestsTimeout;
        this.onRequest = onRequest;
        this.requests = new Requests(link, onFailure);
    }

    /**
     * Completes when Redis confirmed the namespace's subscriptions.
     *
     * @return a copy, so a caller cannot complete the adapter's own future
     */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    /**
     * Subscribes the namespace's channels and makes {@link #ready()} report the outcome; a
     * subscription that throws instead of failing its future fails readiness the same way.
     *
     * @param subscriptions starts the subscriptions, completes when all are confirmed
     * @return {@link #ready()}
     */
    public CompletionStage<Void> subscribe(Supplier<CompletableFuture<Void>> subscriptions) {
        CompletableFuture<Void> subscribed;
        try {
            subscribed = subscriptions.get();
        } catch (RuntimeException e) {
            subscribed = CompletableFuture.failedFuture(e);
        }
        subscribed.whenComplete((v, e) -> {
            if (e != null) {
                ready.completeExceptionally(e);
            } else {
                ready.complete(null);
            }
        });
        return ready.copy();
    }

    /**
     * How long a request on behalf of a broadcast waits: its own timeout flag, else the adapter's.
     *
     * @param opts the broadcast
     * @return the wait
     */
    public Duration timeout(BroadcastOptions opts) {
        return opts.flags().timeout() != null ? opts.flags().timeout() : requestsTimeout;
    }

    /** {@return how long a request not tied to a broadcast waits ({@code requestsTimeout})} */
    public Duration timeout() {
        return requestsTimeout;
    }

    /**
     * Registers a request, arms its timeout, then publishes it; a failed publication fails it.
     * Registering first means an answer cannot come back before its request is known.
     *
     * @param requestId the request's id
     * @param request what collects the answers
     * @param timeout how long it waits
     * @param publish publishes the encoded request
     */
    public void send(String requestId, PendingRequest request, Duration timeout,
            Supplier<CompletableFuture<Long>> publish) {
        requests.register(requestId, request, timeout);
        onRequest.run();
        publish.get().whenComplete((n, error) -> {
            if (error != null) {
                requests.fail(requestId, request, error);
            }
        });
    }

    /**
     * Whether a request id is one of ours (so an echo of our own request is ignored).
     *
     * @param requestId the id
     * @return whether it is waiting
     */
    public boolean isWaiting(String requestId) {
        return requests.contains(requestId);
    }

    /**
     * Hands an answer to the request it answers, if still waiting.
     *
     * @param requestId the id
     * @param response the answer
     */
    public void onResponse(String requestId, JsonNode response) {
        requests.onResponse(requestId, response);
    }

    /**
     * Remembers where the remote clients' answers to a broadcast go. Nothing tells this node when
     * the last client answered, so the handler is forgotten once the broadcast's own timeout has
     * passed, as the reference does.
     *
     * @param requestId the broadcast's request id
     * @param handler takes the client counts and acknowledgements
     * @param opts the broadcast, for its timeout
     */
    public void expectAcks(String requestId, BroadcastAckHandler handler, BroadcastOptions opts) {
        ackRequests.put(requestId, handler);
        link.schedule(() -> ackRequests.remove(requestId), timeout(opts));
    }

    /**
     * Whether a broadcast with acknowledgement of that id is still answered through here (so an
     * echo of our own is ignored).
     *
     * @param requestId the id
     * @return whether its handler is still remembered
     */
    public boolean expectsAcks(String requestId) {
        return ackRequests.containsKey(requestId);
    }

    /**
     * The handler of a broadcast with acknowledgement that is still answered.
     *
     * @param requestId the broadcast's request id
     * @return the handler, or {@code null} when unknown or forgotten
     */
    public BroadcastAckHandler ackHandler(String requestId) {
        return ackRequests.get(requestId);
    }

    /**
     * Asks the other servers for one answer each ({@code serverSideEmitWithAck}): reports the
     * count's failure, or no answers at once when this server is alone.
     *
     * @param serverCount the number of servers, this one included
     * @param callback where the answers (or the count's failure) go
     * @param ask sends the request, given how many answers to expect
     */
    public static void askOthers(CompletableFuture<Long> serverCount, ResponsesCallback callback, IntConsumer ask) {
        serverCount.whenComplete((count, countError) -> {
            if (countError != null) {
                callback.done(Requests.unwrap(countError), List.of());
                return;
            }
            int expected = (int) (count - 1);
            if (expected <= 0) {
                callback.done(null, List.of());
                return;
            }
            ask.accept(expected);
        });
    }

    /**
     * A {@code fetchSockets} request: gathers the sockets of every answer after this server's own.
     *
     * @param expected how many answers complete it
     * @param local this server's own sockets, a mutable list
     * @param result completed with all sockets, or failed
     * @param timeoutWhat how a timeout describes the request ({@code null}: count answers)
     * @param socketsOf where an answer holds its array of socket details
     * @return the request
     */
    public static CollectingRequest<SocketDetails> fetchSockets(long expected, List<SocketDetails> local,
            CompletableFuture<List<SocketDetails>> result, String timeoutWhat,
            Function<JsonNode, JsonNode> socketsOf) {
        return new CollectingRequest<>(expected, local, result, timeoutWhat) {
            @Override
            protected void collect(JsonNode response) {
                JsonNode sockets = socketsOf.apply(response);
                if (sockets != null && sockets.isArray()) {
                    for (JsonNode s : sockets) {
                        SocketDetails details = Wire.readSocketDetails(s);
                        if (details != null) {
                            items.add(details);
                        }
                    }
                }
            }
        };
    }

    /**
     * Fails every request still waiting and forgets the broadcasts' handlers: the adapter of
     * that namespace is closing.
     *
     * @param namespace the namespace's name, for the error
     */
    public void close(String namespace) {
        requests.failAll(new RedisUnavailableException("the adapter of namespace " + namespace + " was closed"));
        ackRequests.clear();
    }
}
