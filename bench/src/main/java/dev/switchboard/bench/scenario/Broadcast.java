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
 * Broadcast fan-out: one of N connected clients emits {@code 42["bcast",<t>]} at a fixed rate, where
 * {@code t} is the intended send time; the server sends it to all N ({@code io.emit}; the raw
 * baseline writes one pre-framed buffer to every channel). Each delivery's latency is read from the
 * timestamp by a prefix scan. Deliveries per server CPU second is the throughput figure.
 */
public final class Broadcast implements Scenario {

    private static final String PREFIX = "42[\"bcast\",";

    /**
     * One fan-out size's measurement.
     *
     * @param sockets recipients (the sender included)
     * @param failures handshakes that failed
     * @param broadcastRate broadcasts per second sent
     * @param broadcasts broadcasts sent in the measured stretch
     * @param expected deliveries expected for them
     * @param delivered deliveries received for them
     * @param deliveriesPerSecond deliveries received per second of the stretch
     * @param latency intended send to delivery, µs
     * @param cpu CPU over the measured stretch
     * @param serverMicrosPerDelivery server CPU µs per delivery
     * @param deliveriesPerServerCpuSecond deliveries per second of server CPU
     */
    public record SizeResult(int sockets, int failures, int broadcastRate, long broadcasts, long expected,
                             long delivered, double deliveriesPerSecond, Measure.Latency latency, Measure.Cpu cpu,
                             double serverMicrosPerDelivery, double deliveriesPerServerCpuSecond) {
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
        return "broadcast";
    }

    @Override
    public boolean measuresEmbedding() {
        return true;
    }

    @Override
    public String title() {
        return "Broadcast fan-out";
    }

    @Override
    public Object run(Context ctx) throws Exception {
        List<SizeResult> sizes = new ArrayList<>();
        for (int i = 0; i < ctx.plan().broadcastSockets().size(); i++) {
            sizes.add(runSize(ctx, ctx.plan().broadcastSockets().get(i), ctx.plan().broadcastRates().get(i)));
        }
        return new Result(sizes);
    }

    private SizeResult runSize(Context ctx, int sockets, int rate) throws Exception {
        Recorder recorder = new Recorder(ctx);
        Connector.Batch batch = Connector.connect(ctx.gen(), ctx.target(), ctx.kind().websocketFlow(), PING, recorder,
                sockets, ctx.plan().connectInFlight(), ctx.connectTimeout(sockets));
        if (batch.ready().isEmpty()) {
            throw new IllegalStateException("no connection: " + batch.failureSamples());
        }
        try {
            Client publisher = batch.ready().get(0);
            long t0 = System.nanoTime() + 20_000_000L;
            long measureStart = t0 + ctx.plan().broadcastWarmup().toNanos();
            long end = measureStart + ctx.plan().broadcastMeasure().toNanos();
            ctx.gen().run(() -> recorder.window(measureStart, end));
            Pacer pacer = new Pacer(ctx.gen(), rate, t0, end, intended -> {
                publisher.sendText(Ascii.bytes(PREFIX + ctx.gen().micros(intended) + "]"));
                if (intended >= measureStart) {
                    recorder.broadcasts++;
                }
            });
            var done = pacer.start();
            AckRoundTrip.sleepUntil(measureStart);
            Measure.CpuWindow window = Measure.CpuWindow.start(ctx.server());
            long delivered0 = recorder.total;
            AckRoundTrip.sleepUntil(end);
            Measure.Cpu cpu = window.stop();
            long deliveredInWindow = recorder.total - delivered0;
            done.get(30, TimeUnit.SECONDS);
            long expected = ctx.gen().call(() -> recorder.broadcasts, Duration.ofSeconds(30)) * batch.ready().size();
            // let the last broadcasts arrive: until every delivery is in, or deliveries of any broadcast
            // (an overloaded server may still be working through the warm-up's) stop coming
            long last = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ctx.plan().smokeMode() ? 10 : 60);
            while (System.nanoTime() < deadline) {
                long got = ctx.gen().call(() -> recorder.delivered, Duration.ofSeconds(30));
                long all = recorder.total;
                if (got >= expected || all == last) {
                    break;
                }
                last = all;
                Measure.pause(ctx.plan().smokeMode() ? 200 : 1_000);
            }
            double seconds = ctx.plan().broadcastMeasure().toNanos() / 1e9;
            return ctx.gen().call(() -> new SizeResult(batch.ready().size(), batch.failures(), rate, recorder.broadcasts,
                    expected, recorder.delivered, recorder.delivered / seconds, Measure.Latency.of(recorder.latency),
                    cpu, cpu.serverMicrosPer(deliveredInWindow),
                    cpu.serverSeconds() == 0 ? 0 : deliveredInWindow / cpu.serverSeconds()), Duration.ofSeconds(30));
        } finally {
            ctx.closeAll(batch.ready());
        }
    }

    /** Reads the timestamp of every delivery; touched on the generator loop only. */
    private static final class Recorder implements ClientListener {
        private final Context ctx;
        private long measureStart = Long.MAX_VALUE;
        private long end;
        private final Histogram latency = Measure.micros();
        private long broadcasts;
        private long delivered;
        /** All deliveries ever, read from the runner thread to count those inside the CPU window. */
        private volatile long total;

        Recorder(Context ctx) {
            this.ctx = ctx;
        }

        void window(long measureStart, long end) {
            // compared in the microseconds the timestamps travel in, as the pacer's nanoseconds were cut
            this.measureStart = ctx.gen().micros(measureStart);
            this.end = ctx.gen().micros(end);
        }

        @Override
        public void onEvent(Client client, ByteBuf buf, int index, int length, long nowNanos) {
            if (!Ascii.startsWith(buf, index, length, PREFIX)) {
                return;
            }
            total++;
            long micros = Ascii.parseDecimal(buf, index + PREFIX.length(), index + length);
            if (micros < 0) {
                return;
            }
            if (micros >= measureStart && micros < end) {
                delivered++;
                Measure.record(latency, nowNanos - ctx.gen().nanosOfMicros(micros));
            }
        }
    }
}
