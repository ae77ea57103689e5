package dev.switchboard.socketio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * The acknowledgements under way on one server, both ways: answers the server's handlers owe
 * clients (an event that asked for one, not answered yet) and answers the server waits for (its
 * emits with an ack). A graceful {@link SocketIoServer#close(java.time.Duration)} waits for the
 * count to reach zero. From any thread.
 *
 * <p>A {@link LongAdder} rather than one atomic integer: every acknowledged message passes here
 * twice, from every event loop, and one shared counter would bounce its cache line between the
 * cores on each of them.
 */
final class InFlightAcks {

    private final LongAdder count = new LongAdder();
    private volatile CompletableFuture<Void> idle;

    /** An acknowledgement is under way. */
    void begin() {
        count.increment();
    }

    /** One has been answered, failed or given up. */
    void end() {
        count.decrement();
        // Read after the decrement, as whenIdle reads the count after setting idle: one of the two
        // sees the other, so the last end cannot slip past a close that just began to wait.
        CompletableFuture<Void> f = idle;
        if (f != null && count.sum() <= 0) {
            f.complete(null);
        }
    }

    /** {@return how many are under way} */
    int count() {
        return (int) count.sum();
    }

    /**
     * Completes once none is under way (at once if none is now).
     *
     * @return the completion
     */
    CompletableFuture<Void> whenIdle() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        idle = f;
        if (count.sum() <= 0) {
            f.complete(null);
        }
        return f;
    }
}
