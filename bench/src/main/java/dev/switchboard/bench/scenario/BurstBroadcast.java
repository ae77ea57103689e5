package dev.switchboard.bench.scenario;

import dev.switchboard.bench.Measure;
import dev.switchboard.bench.generator.Ascii;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Connector;
import dev.switchboard.bench.generator.Pacer;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Burst broadcast: the seed's chat under a burst. One of N WebSocket clients sends
 * {@code 42["bcast",<t>]} in bursts of {@link dev.switchboard.bench.Plan#burstPerMillisecond()} per
 * millisecond until it has sent its messages; the server sends each to all N ({@code io.emit}).
 * Many broadcasts reach every socket within one event-loop turn, which is where a server that
 * flushes once per packet pays a system call per delivery. Warm-up bursts go first, until the
 * server's JIT compiler is quiet during one; then measured bursts, with server CPU taken from each
 * one's first message until its last delivery arrived, until they add up to
 * {@link #MIN_MEASURED_CPU} of server CPU.
 */
public final class BurstBroadcast implements Scenario {

    private static final String PREFIX = "42[\"bcast\",";
    /**
     * A warm-up burst during which the JIT compiler threads used under this share of the server's
     * CPU ends the warm-up. Why: one burst of a fifth left the compiler working through the measured
     * burst, at times for as much CPU as the event loop (a perf profile of one run: C2 968 samples
     * against the loop's 847), so the figure measured compilation, and its runs spread by ±30%. Ten
     * bursts of a fifth were not enough either: the full burst falls further behind, reads larger
     * batches per turn and compiled again; the warm-up bursts are the measured one's size. Ten full
     * bursts were not always enough for the Java servers at 1,000 sockets (the compiler still at 46%
     * of the measured burst's CPU); runs with room for forty ended quiet after 11 to 16.
     */
    public static final int WARM_COMPILER_PERCENT = 5;
    /** Warm-up bursts sent at most. */
    public static final int MAX_WARMUP_BURSTS = 40;
    /** No further warm-up burst starts once the warm-up has taken this long (a slow server's bursts take seconds). */
    public static final Duration MAX_WARMUP = Duration.ofSeconds(60);
    /**
     * Measured bursts follow each other until the server used this much CPU in them. Why: the
     * kernel counts a process's CPU in 10 ms ticks, and a burst of a million deliveries costs a fast
     * server 70 to 90 ms: one burst alone read as 70, 80 or 90 ms, a ±12% step between runs of the
     * same build. Over a second the step is 1%.
     */
    public static final Duration MIN_MEASURED_CPU = Duration.ofSeconds(1);
    /** Measured bursts sent at most. */
    public static final int MAX_MEASURED_BURSTS = 30;

    /**
     * One fan-out size's measurement.
     *
     * @param sockets recipients (the sender included)
     * @param failures handshakes that failed
     * @param messages broadcasts sent in each burst
     * @param expected deliveries expected in the measured bursts
     * @param delivered deliveries received in them
     * @param closed clients whose connection ended during the measured bursts (the server closed it)
     * @param warmupClosed clients whose connection ended during the warm-up bursts: a server that falls
     *     behind its own heartbeat for longer than {@code pingTimeout} closes them there, and the
     *     measured bursts then reach nobody
     * @param warmupBursts warm-up bursts sent before the measured ones
     * @param measuredBursts bursts measured
     * @param deliverySeconds from the first send to the last delivery, the mean of the measured bursts
     * @param latency intended send to delivery, µs, over all measured bursts
     * @param cpu CPU from each measured burst's first send until its deliveries stopped, summed
     * @param serverMicrosPerDelivery server CPU µs per delivery
     * @param deliveriesPerServerCpuSecond deliveries per second of server CPU
     */
    public record SizeResult(int sockets, int failures, int messages, long expected, long delivered, int closed,
                             int warmupClosed, int warmupBursts, int measuredBursts, double deliverySeconds,
                             Measure.Latency latency, Measure.Cpu cpu, double serverMicrosPerDelivery,
                             double deliveriesPerServerCpuSecond) {
    }

    /** One burst's readings. */
    private record Run(long expected, long delivered, int closed, double seconds, Histogram latency,
                       Measure.Cpu cpu) {
    }

    /**
     * The result.
     *
     * @param sizes one entry per fan-out size
     */
    public record Result(List<SizeResult> sizes) {
    }

    @Override
    public String id() {
        return "burst";
    }

    @Override
    public boolean measuresEmbedding() {
        return true;
    }

    @Override
    public String title() {
        return "Burst broadcast";
    }

    @Override
    public Object run(Context ctx) throws Exception {
        List<SizeResult> sizes = new ArrayList<>();
        for (int i = 0; i < ctx.plan().burstSockets().size(); i++) {
            sizes.add(runSize(ctx, ctx.plan().burstSockets().get(i), ctx.plan().burstMessages().get(i)));
        }
        return new Result(sizes);
    }

    private SizeResult runSize(Context ctx, int sockets, int messages) throws Exception {
        Recorder recorder = new Recorder(ctx);
        Connector.Batch batch = Connector.connect(ctx.gen(), ctx.target(), ctx.kind().websocketFlow(), PING, recorder,
                sockets, ctx.plan().connectInFlight(), ctx.connectTimeout(sockets));
        if (batch.ready().isEmpty()) {
            throw new IllegalStateException("no connection: " + batch.failureSamples());
        }
        try {
            Client sender = batch.ready().get(0);
            long receivers = batch.ready().size();
            // The warm-up: the same burst, not measured (JIT, buffers, pools), again until the
            // compiler is quiet during one.
            long warmStart = System.nanoTime();
            int warmups = 0;
            int warmupClosed = 0;
            Run warm;
            do {
                warm = burst(ctx, sender, recorder, messages, receivers);
                warmupClosed += warm.closed();
                warmups++;
            } while (warmups < MAX_WARMUP_BURSTS && !ctx.plan().smokeMode() && warmupClosed < receivers
                    && System.nanoTime() - warmStart < MAX_WARMUP.toNanos()
                    && warm.cpu().compilerSeconds() * 100 >= WARM_COMPILER_PERCENT * warm.cpu().serverSeconds());
            List<Run> runs = new ArrayList<>();
            double serverSeconds = 0;
            int closed = warmupClosed;
            do {
                Run r = burst(ctx, sender, recorder, messages, receivers);
                runs.add(r);
                serverSeconds += r.cpu().serverSeconds();
                closed += r.closed();
                // A server that closed every connection can deliver nothing more: one measured
                // burst shows it, thirty would only wait for deliveries that cannot come.
            } while (runs.size() < MAX_MEASURED_BURSTS && !ctx.plan().smokeMode() && closed < receivers
                    && serverSeconds < MIN_MEASURED_CPU.toNanos() / 1e9);
            return combine((int) receivers, messages, warmupClosed, warmups, runs);
        } finally {
            ctx.closeAll(batch.ready());
        }
    }

    /** The measured bursts as one result: counts and CPU summed, latencies merged. */
    private static SizeResult combine(int receivers, int messages, int warmupClosed, int warmups, List<Run> runs) {
        long expected = 0;
        long delivered = 0;
        int closed = 0;
        double seconds = 0;
        Histogram latency = Measure.micros();
        double wall = 0;
        double server = 0;
        double generator = 0;
        double compiler = 0;
        for (Run r : runs) {
            expected += r.expected();
            delivered += r.delivered();
            closed += r.closed();
            seconds += r.seconds();
            latency.add(r.latency());
            wall += r.cpu().wallSeconds();
            server += r.cpu().serverSeconds();
            generator += r.cpu().generatorSeconds();
            compiler += r.cpu().compilerSeconds();
        }
        Measure.Cpu cpu = new Measure.Cpu(wall, server, generator, compiler);
        return new SizeResult(receivers, 0, messages, expected, delivered, closed, warmupClosed, warmups, runs.size(),
                seconds / runs.size(), Measure.Latency.of(latency), cpu, cpu.serverMicrosPer(delivered),
                server == 0 ? 0 : delivered / server);
    }

    private Run burst(Context ctx, Client sender, Recorder recorder, int messages, long receivers) throws Exception {
        int perMs = ctx.plan().burstPerMillisecond();
        int ticks = (messages + perMs - 1) / perMs;
        long t0 = System.nanoTime() + 20_000_000L;
        long end = t0 + ticks * 1_000_000L;
        ctx.gen().call(() -> {
            recorder.reset(ctx.gen().micros(t0));
            return null;
        }, Duration.ofSeconds(30));
        int[] left = {messages};
        Pacer pacer = new Pacer(ctx.gen(), 1_000, t0, end, intended -> {
            byte[] payload = Ascii.bytes(PREFIX + ctx.gen().micros(intended) + "]");
            for (int i = 0; i < perMs && left[0] > 0; i++, left[0]--) {
                sender.sendText(payload);
                recorder.sent++;
            }
        });
        AckRoundTrip.sleepUntil(t0 - 5_000_000L);
        Measure.CpuWindow window = Measure.CpuWindow.start(ctx.server());
        var done = pacer.start();
        done.get(60, TimeUnit.SECONDS);
        long expected = (long) messages * receivers;
        // until every delivery is in, or deliveries stop coming for a while
        long lastTotal = -1;
        long lastChange = System.nanoTime();
        long quiet = TimeUnit.MILLISECONDS.toNanos(ctx.plan().smokeMode() ? 500 : 2_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ctx.plan().smokeMode() ? 20 : 120);
        while (System.nanoTime() < deadline) {
            long got = recorder.total;
            if (got >= expected) {
                break;
            }
            if (got != lastTotal) {
                lastTotal = got;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > quiet) {
                break;
            }
            Measure.pause(5);
        }
        Measure.Cpu cpu = window.stop();
        // The recorder's histogram is replaced, not cleared, by the next reset: this one stays as read.
        return ctx.gen().call(() -> new Run(expected, recorder.delivered, recorder.closed,
                Math.max(0, (recorder.lastNanos - t0) / 1e9), recorder.latency, cpu), Duration.ofSeconds(30));
    }

    /** Reads the timestamp of every delivery; touched on the generator loop only. */
    private static final class Recorder implements ClientListener {
        private final Context ctx;
        private long startMicros = Long.MAX_VALUE;
        private Histogram latency = Measure.micros();
        private long sent;
        private long delivered;
        private long lastNanos;
        /** Clients whose connection ended since the last reset. */
        private int closed;
        /** Deliveries of the current burst, read from the runner thread to wait for the end. */
        private volatile long total;

        Recorder(Context ctx) {
            this.ctx = ctx;
        }

        void reset(long startMicros) {
            this.startMicros = startMicros;
            latency = Measure.micros();
            sent = 0;
            delivered = 0;
            total = 0;
            closed = 0;
        }

        @Override
        public void onClosed(Client client) {
            closed++;
        }

        @Override
        public void onEvent(Client client, ByteBuf buf, int index, int length, long nowNanos) {
            if (!Ascii.startsWith(buf, index, length, PREFIX)) {
                return;
            }
            long micros = Ascii.parseDecimal(buf, index + PREFIX.length(), index + length);
            if (micros < startMicros) {
                return;
            }
            total++;
            delivered++;
            lastNanos = nowNanos;
            Measure.record(latency, nowNanos - ctx.gen().nanosOfMicros(micros));
        }
    }
}
