package dev.switchboard.cluster.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of every cluster adapter in the JVM: request timeouts, heartbeats and the
 * sweep of silent nodes are tiny tasks, so they share a daemon thread (as Node's timers share its
 * loop) instead of holding one per namespace.
 */
public final class Timers {

    private static final ScheduledThreadPoolExecutor TIMER = create();

    private Timers() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "switchboard-cluster-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * Runs a task once after a delay.
     *
     * @param task the task; must not block
     * @param delay the delay
     * @return the handle, to cancel it
     */
    public static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return TIMER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs a task every {@code period}, first after one period.
     *
     * @param task the task; must not block
     * @param period the period
     * @return the handle, to cancel it
     */
    public static ScheduledFuture<?> every(Runnable task, Duration period) {
        return TIMER.scheduleWithFixedDelay(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }
}
