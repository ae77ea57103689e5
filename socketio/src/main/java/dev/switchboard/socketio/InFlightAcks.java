package dev.switchboard.socketio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The acknowledgements under way on one server, both ways: answers the server's handlers owe
 * clients (an event that asked for one, not answered yet) and answers the server waits for (its
 * emits with an ack). A graceful {@link SocketIoServer#close(java.time.Duration)} waits for the
 * count to reach zero. From any thread.
 *
 * <p>One atomic integer, not a {@link java.util.concurrent.atomic.LongAdder}: an adder's sum is no
 * snapshot, and a thread that began in one cell and ended in another (cells move under contention)
 * can make it read zero while an acknowledgement is still owed, which would end a close's wait early.
 */
final class InFlightAcks {

    private final AtomicInteger count = new AtomicInteger();
    private volatile CompletableFuture<Void> idle;

    /** An acknowledgement is under way. */
    void begin() {
        count.incrementAndGet();
    }

    /** One has been answered, failed or given up. */
    void end() {
        if (count.decrementAndGet() <= 0) {
            CompletableFuture<Void> f = idle;
            if (f != null) {
                f.complete(null);
            }
        }
    }

    /** {@return how many are under way} */
    int count() {
        return count.get();
    }

    /**
     * Completes once none is under way (at once if none is now).
     *
     * @return the completion
     */
    CompletableFuture<Void> whenIdle() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        idle = f;
        if (count.get() <= 0) {
            f.complete(null);
        }
        return f;
    }
}
