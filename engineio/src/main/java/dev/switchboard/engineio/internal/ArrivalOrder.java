package dev.switchboard.engineio.internal;

import io.netty.util.concurrent.EventExecutor;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what bindings hand to one session on the session's loop in the order it was handed over,
 * whichever thread handed it over.
 *
 * <h2>The rule</h2>
 * The requests of a polling session may come on several connections, each read by its own event
 * loop. TCP orders bytes within a connection, never across connections, so "arrival order" across
 * them can only mean the order in which the server finished reading them: here, the order of
 * {@link #submit} calls, which a binding makes as soon as it has decoded a request head (and, for
 * a POST, again once its body is complete and the engine asked for it). The queue is the one point
 * every loop passes through, so that order is total, and the session's loop runs the tasks in it.
 *
 * <p>What this prevents: a request read on another loop is passed to the session's loop as a
 * task; a request read on the session's own loop would otherwise run at once, and an event loop
 * reads its sockets before it runs its tasks, so a request that arrived later on the session's
 * connection could overtake one that was handed over earlier on another (a poll answered
 * {@code 400} because the client's close, sent just after it, was handled first). Here a task
 * submitted on the session's loop first runs whatever was submitted before it.
 *
 * <p>What it cannot give is the order in which the kernel received two requests on two
 * connections: the loop that reads the earlier one may be busy, or not scheduled, while another
 * loop reads the later one (a single-threaded server such as the reference reads both from one
 * poll of the sockets, in the order they arrived). Where that decides an outcome, the rule is
 * relaxed where it happens: a client's close that finds no poll waiting waits briefly for one
 * ({@link PollingTransport#CLIENT_CLOSE_GRACE_MS}).
 *
 * <p>A task that submits another while it runs does not run it nested: the new one waits for the
 * current one and any before it. A task that throws is logged; the ones after it still run.
 */
final class ArrivalOrder {

    private static final Logger log = LoggerFactory.getLogger(ArrivalOrder.class);
    private static final AtomicIntegerFieldUpdater<ArrivalOrder> SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(ArrivalOrder.class, "scheduled");

    private final EventExecutor loop;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    /** 1 while a task that runs the queue is on its way to the loop. */
    private volatile int scheduled;
    /** True while the loop runs the queue; touched on the loop only. */
    private boolean running;

    ArrivalOrder(EventExecutor loop) {
        this.loop = loop;
    }

    /** Runs {@code task} after everything submitted before it: now when called on the loop, else soon on it. */
    void submit(Runnable task) {
        if (!loop.inEventLoop()) {
            queue.add(task);
            if (SCHEDULED.compareAndSet(this, 0, 1)) {
                loop.execute(this::runScheduled);
            }
        } else if (!running && queue.isEmpty()) {
            // Nothing is waiting: run it without queueing (the common case, e.g. every frame of a
            // WebSocket read on the session's loop).
            running = true;
            try {
                run(task);
            } finally {
                running = false;
            }
            if (!queue.isEmpty()) {
                runQueued();
            }
        } else {
            queue.add(task);
            runQueued();
        }
    }

    private void runScheduled() {
        scheduled = 0;
        runQueued();
    }

    private void runQueued() {
        if (running) {
            // Called from a task of this queue: the loop below reaches the new task in its turn.
            return;
        }
        running = true;
        try {
            Runnable task;
            while ((task = queue.poll()) != null) {
                run(task);
            }
        } finally {
            running = false;
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("Handling what a client sent to an Engine.IO session failed", e);
        }
    }
}
