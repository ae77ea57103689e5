package dev.switchboard.server.internal;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of an HTTP connection, as Node's HTTP server keeps it: a request head has
 * {@code headersTimeout} from its first byte (the first request's, from the connection's opening),
 * a request with a body {@code requestTimeout} from the same point, and a connection with nothing
 * to read or answer {@code keepAliveTimeout} after its last response. It is armed on a change of
 * state, never pushed back by bytes that arrive, so a client that trickles bytes cannot hold a
 * connection longer. Used on the channel's loop only.
 */
abstract class HttpClock implements Runnable {

    /** What the timer bounds. */
    private enum Deadline {
        HEAD,
        REQUEST,
        KEEP_ALIVE
    }

    private final HttpTimeouts timeouts;
    private EventExecutor loop;
    private ScheduledFuture<?> timer;
    private Deadline deadline;
    /** When the request being read began ({@code Ticker} nanoseconds of the loop). */
    private long requestStartNanos;
    /** True once a read produced a request head: bytes read with it are not a new request's. */
    private boolean headInThisRead;

    /**
     * A clock for one connection.
     *
     * <p>What a deadline does is the subclass's: the connection's handler, which every connection
     * has, rather than two callbacks, which would be two more objects per connection for its whole
     * life (a WebSocket's too, which no longer needs them).
     *
     * @param timeouts the three timeouts
     */
    HttpClock(HttpTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** A head or a request took too long. */
    abstract void requestTimedOut();

    /** The connection sat idle too long after a response. */
    abstract void idleTimedOut();

    /** The connection opened: its first request's head is timed from now. */
    void opened(EventExecutor channelLoop) {
        this.loop = channelLoop;
        requestStarted();
    }

    /** A request head was read: its clock stops; a head read in one go begins its request now. */
    void headRead() {
        if (deadline != Deadline.HEAD) {
            requestStartNanos = now();
        }
        cancel();
        headInThisRead = true;
    }

    /** The last of a request was read: the request's own clock stops. */
    void requestRead() {
        if (deadline == Deadline.REQUEST) {
            cancel();
        }
    }

    /** Nothing is left to read or answer: the keep-alive wait starts, unless a clock already runs. */
    void idle() {
        if (timer == null) {
            arm(Deadline.KEEP_ALIVE, timeouts.keepAliveTimeoutMs());
        }
    }

    /** The keep-alive wait starts over (a response is still going out). */
    void idleAgain() {
        arm(Deadline.KEEP_ALIVE, timeouts.keepAliveTimeoutMs());
    }

    /**
     * The end of a read of HTTP bytes. While a body is still coming, the request's clock runs
     * from its first byte; bytes that completed no head start a new request's clock, once.
     *
     * @param readingRequest whether a request head was read and its body is not complete
     */
    void readComplete(boolean readingRequest) {
        if (readingRequest) {
            if (deadline == null) {
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(now() - requestStartNanos);
                arm(Deadline.REQUEST, timeouts.requestTimeoutMs() - elapsedMs);
            }
        } else if (!headInThisRead && deadline != Deadline.HEAD) {
            // After a response, or behind one still being answered: a new request has begun.
            requestStarted();
        }
        headInThisRead = false;
    }

    /** Stops the clock: the connection is a WebSocket now, or closed. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        deadline = null;
    }

    private void requestStarted() {
        requestStartNanos = now();
        arm(Deadline.HEAD, timeouts.headersTimeoutMs());
    }

    private void arm(Deadline what, long delayMs) {
        cancel();
        deadline = what;
        timer = loop.schedule(this, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    /** The armed deadline passed. */
    @Override
    public final void run() {
        Deadline what = deadline;
        timer = null;
        deadline = null;
        if (what == Deadline.KEEP_ALIVE) {
            idleTimedOut();
        } else if (what != null) {
            requestTimedOut();
        }
    }

    private long now() {
        return loop.ticker().nanoTime();
    }
}
