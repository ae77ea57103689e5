package dev.switchboard.socketio.internal;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: the per-socket ordering
 * of user handlers when they run off the event loop ({@code handlerExecutor}). No thread is held
 * while the queue is empty, so a socket costs nothing here between events.
 */
public final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>(4);
    private boolean scheduled;
    private volatile Thread runner;

    /**
     * A serial view of an executor.
     *
     * @param delegate where the tasks actually run
     */
    public SerialExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        synchronized (queue) {
            queue.add(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (queue) {
                scheduled = false;
                queue.clear();
            }
            log.warn("handler executor rejected a task; the socket's pending handlers are dropped", e);
        }
    }

    /** {@return whether the calling thread is running one of this executor's tasks right now} */
    public boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    private void drain() {
        runner = Thread.currentThread();
        while (true) {
            Runnable task;
            synchronized (queue) {
                task = queue.poll();
                if (task == null) {
                    // Cleared under the lock, before another drain can start and set its own runner.
                    runner = null;
                    scheduled = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("uncaught exception in a handler task", e);
            }
        }
    }
}
