package dev.switchboard.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request sent to the other servers, waiting for their answers. Answers arrive on the
 * subscriber connection's thread and the timeout on another, so every step synchronises on the
 * request; it finishes exactly once.
 */
public abstract class PendingRequest {

    private boolean finished;

    /**
     * Takes one answer.
     *
     * @param response the answer
     * @return true when the request is now complete
     */
    protected abstract boolean accept(JsonNode response);

    /** Completes the request with what it collected. */
    protected abstract void complete();

    /**
     * Fails the request.
     *
     * @param error why
     */
    protected abstract void fail(Throwable error);

    /** {@return what a timeout error says about this request} */
    public abstract String timeoutMessage();

    /**
     * Hands an answer to the request.
     *
     * @param response the answer
     * @return true when this answer completed it
     */
    public final boolean onResponse(JsonNode response) {
        synchronized (this) {
            if (finished || !accept(response)) {
                return false;
            }
            finished = true;
        }
        complete();
        return true;
    }

    /**
     * Fails the request unless it already finished.
     *
     * @param error why
     * @return true when it failed now
     */
    public final boolean failIfPending(Throwable error) {
        synchronized (this) {
            if (finished) {
                return false;
            }
            finished = true;
        }
        fail(error);
        return true;
    }
}
