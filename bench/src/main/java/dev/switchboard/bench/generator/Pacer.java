package dev.switchboard.bench.generator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An open-loop schedule: the i-th action is meant for {@code start + i / rate}, whatever happened to
 * the earlier ones. The pacer wakes at the next intended time (at most every {@value #MIN_TICK_NANOS}
 * ns), fires every action whose time has come with that intended time, and flushes once. Latencies
 * measured from the intended time therefore include any delay of the generator or of the server's
 * earlier answers: no coordinated omission.
 */
public final class Pacer implements Runnable {

    /** The shortest sleep between wake-ups, which bounds the generator's own timer cost. */
    static final long MIN_TICK_NANOS = 50_000;

    /** What to do at each intended time. */
    @FunctionalInterface
    public interface Action {
        /**
         * Fires one action.
         *
         * @param intendedNanos its scheduled time ({@link System#nanoTime()} clock)
         */
        void fire(long intendedNanos);
    }

    private final Generator gen;
    private final double intervalNanos;
    private final long start;
    private final long end;
    private final Action action;
    private final Histogram sendLag = new Histogram(60_000_000L, 2);
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private long count;

    /**
     * A schedule from {@code start} (inclusive) to {@code end} (exclusive).
     *
     * @param gen the generator whose loop runs it
     * @param ratePerSecond actions per second
     * @param start the first intended time
     * @param end no action is intended at or after this time
     * @param action what to do
     */
    public Pacer(Generator gen, double ratePerSecond, long start, long end, Action action) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.gen = gen;
        this.intervalNanos = 1e9 / ratePerSecond;
        this.start = start;
        this.end = end;
        this.action = action;
    }

    /**
     * Starts it on the generator's loop.
     *
     * @return completes with the number of actions fired once the schedule has run out
     */
    public CompletableFuture<Long> start() {
        gen.loop().execute(this);
        return done;
    }

    /** How late actions fired against their intended time, in microseconds (read once done). */
    public Histogram sendLag() {
        return sendLag;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        long next = intended(count);
        while (next <= now && next < end) {
            action.fire(next);
            sendLag.recordValue(Math.min((now - next) / 1_000, sendLag.getHighestTrackableValue()));
            count++;
            next = intended(count);
        }
        gen.flushDirty();
        if (next >= end) {
            done.complete(count);
            return;
        }
        long delay = Math.max(next - System.nanoTime(), MIN_TICK_NANOS);
        gen.loop().schedule(this, delay, TimeUnit.NANOSECONDS);
    }

    private long intended(long i) {
        return start + (long) (i * intervalNanos);
    }
}
