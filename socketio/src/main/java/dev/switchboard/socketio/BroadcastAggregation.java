package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.adapter.BroadcastAckHandler;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the answers of a broadcast: complete when every server reported its client count and
 * as many answers came as clients were reached, or at the timeout. Called from any thread.
 */
final class BroadcastAggregation implements BroadcastAckHandler {

    private static final Logger log = LoggerFactory.getLogger(BroadcastAggregation.class);

    private final Namespace nsp;
    private final AckCallback callback;
    private final ObjectMapper mapper;
    /** A remote socket's emit answers like a socket's: one response, not a list. */
    private final boolean expectSingleResponse;
    private final ArrayNode responses = JsonNodeFactory.instance.arrayNode();
    ScheduledFuture<?> timer;
    private int expectedServers = -1;
    private int reportedServers;
    private int expectedClients;
    private boolean done;

    BroadcastAggregation(Namespace nsp, AckCallback callback, boolean expectSingleResponse) {
        this.nsp = nsp;
        this.callback = callback;
        this.mapper = nsp.server().options().objectMapper();
        this.expectSingleResponse = expectSingleResponse;
    }

    @Override
    public void clientCount(int count) {
        synchronized (this) {
            expectedClients += count;
            reportedServers++;
        }
        check();
    }

    @Override
    public void ack(JsonNode response) {
        synchronized (this) {
            if (done) {
                return;
            }
            responses.add(response);
        }
        check();
    }

    void onServerCount(int count) {
        synchronized (this) {
            expectedServers = count;
        }
        check();
    }

    private void check() {
        EventArgs result;
        synchronized (this) {
            if (done || expectedServers != reportedServers || responses.size() != expectedClients) {
                return;
            }
            done = true;
            result = results();
        }
        if (timer != null) {
            timer.cancel(false);
        }
        finish(null, result);
    }

    void onTimeout() {
        EventArgs result;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            result = results();
        }
        nsp.server().counters().ackTimeouts.increment();
        finish(new AckTimeoutException(expectSingleResponse ? EventArgs.empty(mapper) : result),
                expectSingleResponse ? EventArgs.empty(mapper) : result);
    }

    private EventArgs results() {
        ArrayNode copy = JsonNodeFactory.instance.arrayNode(responses.size()).addAll(responses);
        if (expectSingleResponse) {
            ArrayNode first = JsonNodeFactory.instance.arrayNode(1);
            if (!copy.isEmpty()) {
                first.add(copy.get(0));
            }
            return EventArgs.of(first, mapper);
        }
        return EventArgs.of(copy, mapper);
    }

    private void finish(Throwable error, EventArgs result) {
        if (callback instanceof FutureAck) {
            callback.onAck(error, result);
            return;
        }
        nsp.server().runCallback(() -> {
            try {
                callback.onAck(error, result);
            } catch (RuntimeException | Error e) {
                log.error("broadcast acknowledgement callback of namespace {} threw", nsp.name(), e);
            }
        });
    }
}
