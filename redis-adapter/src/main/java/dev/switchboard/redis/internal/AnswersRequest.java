package dev.switchboard.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.socketio.adapter.ResponsesCallback;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A server-side emit waiting for one answer from each other server; a timeout hands over the
 * answers received so far with the error.
 */
public final class AnswersRequest extends PendingRequest {

    private final int expected;
    private final ResponsesCallback callback;
    private final Function<JsonNode, JsonNode> answer;
    private final List<JsonNode> responses = new ArrayList<>();

    /**
     * Creates the request.
     *
     * @param expected how many answers complete it
     * @param callback told once
     * @param answer extracts the answer from a response message
     */
    public AnswersRequest(int expected, ResponsesCallback callback, Function<JsonNode, JsonNode> answer) {
        this.expected = expected;
        this.callback = callback;
        this.answer = answer;
    }

    @Override
    public synchronized String timeoutMessage() {
        return "timeout reached: only " + responses.size() + " responses received out of " + expected;
    }

    @Override
    protected boolean accept(JsonNode response) {
        responses.add(answer.apply(response));
        return responses.size() >= expected;
    }

    @Override
    protected void complete() {
        List<JsonNode> all;
        synchronized (this) {
            all = List.copyOf(responses);
        }
        callback.done(null, all);
    }

    @Override
    protected void fail(Throwable error) {
        List<JsonNode> partial;
        synchronized (this) {
            partial = List.copyOf(responses);
        }
        callback.done(error, partial);
    }
}
