package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/** The measurement records shared by the scenarios and the arithmetic behind them. */
public final class Measure {

    private Measure() {
    }

    /**
     * CPU used by the server and by the generator over a stretch of wall time.
     *
     * @param wallSeconds the stretch
     * @param serverSeconds server CPU time (user + system, all threads)
     * @param generatorSeconds generator CPU time (the whole generator process)
     * @param compilerSeconds of the server CPU time, what its JIT compiler threads used (a Java
     *     server still warming up; 0 for Node, whose compiler is not told apart)
     */
    public record Cpu(double wallSeconds, double serverSeconds, double generatorSeconds, double compilerSeconds) {
        /** Server CPU as a percentage of one core. */
        public double serverPercent() {
            return wallSeconds == 0 ? 0 : 100 * serverSeconds / wallSeconds;
        }

        /** Generator CPU as a percentage of one core. */
        public double generatorPercent() {
            return wallSeconds == 0 ? 0 : 100 * generatorSeconds / wallSeconds;
        }

        /**
         * Server CPU microseconds per unit of work.
         *
         * @param units messages, deliveries or connects done in the stretch
         * @return µs per unit, or 0 if none was done
         */
        public double serverMicrosPer(long units) {
            return units == 0 ? 0 : serverSeconds * 1e6 / units;
        }
    }

    /** Samples CPU at the start of a stretch; {@link #stop()} at its end. */
    public static final class CpuWindow {
        private final ServerProcess server;
        private final long wall0;
        private final long server0;
        private final long gen0;
        private final long compiler0;

        private CpuWindow(ServerProcess server) {
            this.server = server;
            this.wall0 = System.nanoTime();
            this.server0 = server.cpuNanos();
            this.gen0 = Proc.cpuNanos(Proc.self());
            this.compiler0 = server.compilerCpuNanos();
        }

        /**
         * Starts a window now.
         *
         * @param server the server whose CPU to follow
         * @return the window
         */
        public static CpuWindow start(ServerProcess server) {
            return new CpuWindow(server);
        }

        /** The CPU used since the start. */
        public Cpu stop() {
            long wall = System.nanoTime() - wall0;
            return new Cpu(wall / 1e9, (server.cpuNanos() - server0) / 1e9, (Proc.cpuNanos(Proc.self()) - gen0) / 1e9,
                    (server.compilerCpuNanos() - compiler0) / 1e9);
        }
    }

    /**
     * Percentiles of a latency distribution, in microseconds.
     *
     * @param count samples
     * @param p50 median
     * @param p90 90th percentile
     * @param p99 99th percentile
     * @param p999 99.9th percentile
     * @param max maximum
     */
    public record Latency(long count, double p50, double p90, double p99, double p999, double max) {
        /**
         * The summary of a histogram recorded in microseconds.
         *
         * @param h the histogram
         * @return its percentiles
         */
        public static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                    h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
        }
    }

    /** A latency histogram in microseconds, up to a minute. */
    public static Histogram micros() {
        return new Histogram(60_000_000L, 3);
    }

    /**
     * Records a nanosecond duration into a microsecond histogram, clamped to its range.
     *
     * @param h the histogram
     * @param nanos the duration
     */
    public static void record(Histogram h, long nanos) {
        h.recordValue(Math.max(0, Math.min(nanos / 1_000, h.getHighestTrackableValue())));
    }

    /**
     * The least-squares slope of y over x: bytes per socket from memory readings at several socket
     * counts.
     *
     * @param x the socket counts
     * @param y the readings
     * @return the slope, or 0 with fewer than two distinct x
     */
    public static double slope(List<? extends Number> x, List<? extends Number> y) {
        int n = x.size();
        if (n != y.size()) {
            throw new IllegalArgumentException("x and y differ in size");
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x.get(i).doubleValue();
            my += y.get(i).doubleValue();
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = x.get(i).doubleValue() - mx;
            sxy += dx * (y.get(i).doubleValue() - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /**
     * The host's count of connections the kernel dropped at a listening socket (a full accept or SYN
     * queue), {@code TcpExt ListenDrops} of {@code /proc/net/netstat}. A dropped SYN is retried by the
     * client after its 1 s retransmission timeout, which shows as a 1 s tail in connect latency while
     * the server is mostly idle; the delta over a stretch says whether that happened.
     *
     * @return the count since boot, or -1 where the file cannot be read
     */
    public static long listenDrops() {
        try {
            return listenDrops(Files.readAllLines(Path.of("/proc/net/netstat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code ListenDrops} of the {@code TcpExt:} name and value line pair, or -1 when absent. */
    static long listenDrops(List<String> lines) {
        for (int i = 0; i + 1 < lines.size(); i += 2) {
            String[] names = lines.get(i).split(" ");
            String[] values = lines.get(i + 1).split(" ");
            for (int k = 1; k < names.length && k < values.length; k++) {
                if (names[0].equals("TcpExt:") && names[k].equals("ListenDrops")) {
                    return Long.parseLong(values[k]);
                }
            }
        }
        return -1;
    }

    /**
     * Keeps a closed-loop load running until the server's throughput is steady: {@code min} first,
     * then one second at a time until a second's progress is within {@value #STEADY_CHANGE_PERCENT}%
     * of the second before and the server's JIT compiler threads used less than
     * {@value #STEADY_COMPILER_PERCENT}% of it, or {@code max} has passed in all. A fixed warm-up
     * is sometimes too short for a Java server whose hot path is still running in its profiling
     * tier: the same build measured 2.1 µs or 4.2 µs per pipelined ack from one run to the next.
     * The rule is the same for every server; Node's compiler is not told apart, so for it only the
     * throughput has to settle.
     *
     * @param compilerNanos the server's JIT compiler CPU time so far ({@link ServerProcess#compilerCpuNanos})
     * @param progress a running count of answers or deliveries (read from this thread)
     * @param min the warm-up always given
     * @param max the longest warm-up
     * @return the warm-up's length, in seconds
     */
    public static double warmUntilSteady(LongSupplier compilerNanos, LongSupplier progress, Duration min,
                                         Duration max) {
        long start = System.nanoTime();
        pause(min.toMillis());
        long deadline = start + max.toNanos();
        long previous = -1;
        long count = progress.getAsLong();
        while (System.nanoTime() < deadline) {
            long compiler0 = compilerNanos.getAsLong();
            pause(1_000);
            long next = progress.getAsLong();
            long step = next - count;
            count = next;
            boolean compilerQuiet = (compilerNanos.getAsLong() - compiler0) * 100 < STEADY_COMPILER_PERCENT * 1_000_000_000L;
            boolean rateSteady = previous >= 0 && Math.abs(step - previous) * 100 <= STEADY_CHANGE_PERCENT * Math.max(previous, 1);
            if (compilerQuiet && rateSteady) {
                break;
            }
            previous = step;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** How much one warm-up second's throughput may differ from the one before and count as steady. */
    public static final int STEADY_CHANGE_PERCENT = 3;

    /** The share of a core the compiler threads may use in a warm-up second that counts as steady. */
    public static final int STEADY_COMPILER_PERCENT = 2;

    /**
     * Sleeps, for the pauses a scenario's schedule asks for.
     *
     * @param millis how long
     */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
