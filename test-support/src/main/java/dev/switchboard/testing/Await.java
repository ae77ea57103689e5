package dev.switchboard.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Waiting in tests, always with a deadline: a test waits for what it expects and fails, naming
 * what did not come, after {@link #TIMEOUT}; it never sleeps in the hope that something happened.
 */
public final class Await {

    /** How long any wait may take before the test fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Await() {
    }

    /**
     * The next element of a queue.
     *
     * @param queue the queue
     * @param <T> the element type
     * @return the element
     * @throws AssertionError when nothing arrives within {@link #TIMEOUT}
     */
    public static <T> T take(BlockingQueue<T> queue) {
        try {
            T value = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (value == null) {
                throw new AssertionError("expected a value within " + TIMEOUT);
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A future's value; its failure is rethrown as it is when unchecked.
     *
     * @param future the future
     * @param <T> the value type
     * @return the value
     * @throws AssertionError when it does not complete within {@link #TIMEOUT}
     */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("nothing within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The failure of a future that must fail.
     *
     * @param future the future
     * @return its failure, unwrapped
     * @throws AssertionError when it succeeds, or has no outcome within {@link #TIMEOUT}
     */
    public static Throwable awaitFailure(CompletableFuture<?> future) {
        try {
            Object value = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("completed with " + value + " instead of failing");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits for a latch to open.
     *
     * @param latch the latch
     * @throws AssertionError when it is still closed after {@link #TIMEOUT}
     */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("latch still closed after " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A queue that a listener fills from now on, e.g. {@code queue(io.of("/")::onConnection)}.
     *
     * @param register registers a listener
     * @param <T> what the listener receives
     * @return the queue receiving every value the listener is given
     */
    public static <T> BlockingQueue<T> queue(Consumer<Consumer<T>> register) {
        BlockingQueue<T> queue = new LinkedBlockingQueue<>();
        register.accept(queue::add);
        return queue;
    }
}
