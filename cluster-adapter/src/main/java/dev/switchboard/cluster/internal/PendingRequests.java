package dev.switchboard.cluster.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * The requests of one adapter waiting for other nodes' answers ({@code fetchSockets},
 * {@code serverSideEmitWithAck}), by request id. A request completes when it has as many answers
 * as it expects ({@code ClusterAdapter}) or when every node it waits for has answered or gone
 * ({@code ClusterAdapterWithHeartbeat}), and fails with what it has when its timeout passes.
 * Answers arrive on driver threads and timeouts on the timer thread: each request synchronises on
 * itself and finishes exactly once.
 */
public final class PendingRequests {

    /** Told once how a request ended. */
    public interface Outcome {

        /**
         * Every expected answer came.
         *
         * @param items what the answers held, in arrival order after the initial items
         */
        void done(List<JsonNode> items);

        /**
         * The request timed out or the adapter closed.
         *
         * @param error why
         * @param items what the answers received so far held
         */
        void failed(Throwable error, List<JsonNode> items);
    }

    private final Map<String, Request> pending = new ConcurrentHashMap<>();

    /**
     * Registers a request that completes after {@code expected} answers.
     *
     * @param requestId its id
     * @param expected how many answers complete it
     * @param timeout how long it may wait
     * @param outcome told how it ended
     */
    public void expectCount(String requestId, int expected, Duration timeout, Outcome outcome) {
        register(requestId, new Request(expected, null, outcome), timeout);
    }

    /**
     * Registers a request that completes when each of {@code uids} has answered or gone.
     *
     * @param requestId its id
     * @param uids the nodes it waits for
     * @param timeout how long it may wait
     * @param outcome told how it ended
     */
    public void expectNodes(String requestId, Set<String> uids, Duration timeout, Outcome outcome) {
        Request request = new Request(-1, new HashSet<>(uids), outcome);
        if (uids.isEmpty()) {
            request.complete(); // every node it knew of has gone already
            return;
        }
        register(requestId, request, timeout);
    }

    private void register(String requestId, Request request, Duration timeout) {
        pending.put(requestId, request);
        request.timer = Timers.schedule(() -> {
            if (pending.remove(requestId, request)) {
                request.fail(new java.util.concurrent.TimeoutException(request.timeoutMessage()));
            }
        }, timeout);
    }

    /**
     * Hands an answer to the request it answers, if still waiting.
     *
     * @param requestId the request's id
     * @param uid the answering node
     * @param items what the answer holds
     */
    public void onResponse(String requestId, String uid, List<JsonNode> items) {
        Request request = pending.get(requestId);
        if (request != null && request.accept(uid, items)) {
            pending.remove(requestId, request);
            request.complete();
        }
    }

    /**
     * A node left: requests that waited only for it complete.
     *
     * @param uid the node
     */
    public void removeNode(String uid) {
        for (Map.Entry<String, Request> e : pending.entrySet()) {
            Request request = e.getValue();
            if (request.forget(uid) && pending.remove(e.getKey(), request)) {
                request.complete();
            }
        }
    }

    /**
     * Fails every waiting request.
     *
     * @param error why
     */
    public void failAll(Throwable error) {
        for (String id : List.copyOf(pending.keySet())) {
            Request request = pending.remove(id);
            if (request != null) {
                request.fail(error);
            }
        }
    }

    /** {@return the number of requests waiting, for tests} */
    public int size() {
        return pending.size();
    }

    private static final class Request {
        private final int expected;
        private final Set<String> missing;
        private final Outcome outcome;
        private final List<JsonNode> items = new ArrayList<>();
        private int received;
        private boolean finished;
        private ScheduledFuture<?> timer;

        Request(int expected, Set<String> missing, Outcome outcome) {
            this.expected = expected;
            this.missing = missing;
            this.outcome = outcome;
        }

        synchronized boolean accept(String uid, List<JsonNode> answer) {
            if (finished || (missing != null && !missing.remove(uid))) {
                return false;
            }
            received++;
            items.addAll(answer);
            return missing != null ? missing.isEmpty() : received >= expected;
        }

        synchronized boolean forget(String uid) {
            return !finished && missing != null && missing.remove(uid) && missing.isEmpty();
        }

        synchronized String timeoutMessage() {
            return missing != null ? "timeout reached: missing " + missing.size() + " responses"
                    : "timeout reached: only " + received + " responses received out of " + expected;
        }

        void complete() {
            List<JsonNode> all;
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                all = List.copyOf(items);
            }
            if (timer != null) {
                timer.cancel(false);
            }
            outcome.done(all);
        }

        void fail(Throwable error) {
            List<JsonNode> partial;
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                partial = List.copyOf(items);
            }
            if (timer != null) {
                timer.cancel(false);
            }
            outcome.failed(error, partial);
        }
    }
}
