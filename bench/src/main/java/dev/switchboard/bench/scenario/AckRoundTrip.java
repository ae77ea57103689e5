package dev.switchboard.bench.scenario;

import dev.switchboard.bench.Measure;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Connector;
import dev.switchboard.bench.generator.Pacer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Acknowledged round trips at fixed rates: {@code 42<id>["ping",...]} spread round-robin over many
 * WebSocket connections on an open-loop schedule, each answered with {@code 43<id>[...]} (the raw
 * baseline echoes the same bytes). Latency runs from the intended send time to the answer;
 * server CPU per message is the throughput figure.
 */
public final class AckRoundTrip implements Scenario {

    /**
     * One rate's measurement.
     *
     * @param targetRate messages per second asked for
     * @param achievedRate answers per second received for messages of the measured stretch
     * @param sent messages of the measured stretch that were sent
     * @param answered of those, answered
     * @param notSent messages the schedule could not send (too many unanswered on their connection)
     * @param latency intended send to answer, µs
     * @param sendLag how late the generator sent against the schedule, µs (its own health)
     * @param cpu CPU over the measured stretch
     * @param serverMicrosPerMessage server CPU µs per answered message
     */
    public record RateResult(int targetRate, double achievedRate, long sent, long answered, long notSent,
                             Measure.Latency latency, Measure.Latency sendLag, Measure.Cpu cpu,
                             double serverMicrosPerMessage) {
    }

    /**
     * The result.
     *
     * @param sockets connections used
     * @param failures handshakes that failed
     * @param rates one entry per rate
     */
    public record Result(int sockets, int failures, List<RateResult> rates) {
    }

    @Override
    public String id() {
        return "ack";
    }

    @Override
    public boolean measuresEmbedding() {
        return true;
    }

    @Override
    public String title() {
        return "Acknowledged round trip at fixed rates";
    }

    @Override
    public Object run(Context ctx) throws Exception {
        Recorder recorder = new Recorder();
        Connector.Batch batch = Connector.connect(ctx.gen(), ctx.target(), ctx.kind().websocketFlow(), PING, recorder,
                ctx.plan().ackSockets(), ctx.plan().connectInFlight(), ctx.connectTimeout(ctx.plan().ackSockets()));
        if (batch.ready().isEmpty()) {
            throw new IllegalStateException("no connection: " + batch.failureSamples());
        }
        List<RateResult> rates = new ArrayList<>();
        try {
            List<Integer> targets = ctx.plan().ackRates();
            runRate(ctx, recorder, batch.ready(), targets.get(targets.size() / 2), ctx.plan().ackWarmup(), Duration.ZERO);
            for (int rate : targets) {
                rates.add(runRate(ctx, recorder, batch.ready(), rate, ctx.plan().ackSettle(), ctx.plan().ackMeasure()));
            }
        } finally {
            ctx.closeAll(batch.ready());
        }
        return new Result(batch.ready().size(), batch.failures(), rates);
    }

    private RateResult runRate(Context ctx, Recorder recorder, List<Client> clients, int rate, Duration settle,
                               Duration measure) throws Exception {
        long t0 = System.nanoTime() + 20_000_000L;
        long measureStart = t0 + settle.toNanos();
        long end = measureStart + measure.toNanos();
        ctx.gen().run(() -> recorder.reset(measureStart, end));
        Client[] targets = clients.toArray(new Client[0]);
        int[] next = {0};
        Pacer pacer = new Pacer(ctx.gen(), rate, t0, end, intended -> {
            Client c = targets[next[0]];
            next[0] = next[0] + 1 == targets.length ? 0 : next[0] + 1;
            boolean sent = c.sendPing(intended);
            if (intended >= measureStart) {
                if (sent) {
                    recorder.sent++;
                } else {
                    recorder.notSent++;
                }
            }
        });
        var done = pacer.start();
        sleepUntil(measureStart);
        Measure.CpuWindow window = Measure.CpuWindow.start(ctx.server());
        long answered0 = recorder.total;
        sleepUntil(end);
        Measure.Cpu cpu = window.stop();
        long answeredInWindow = recorder.total - answered0;
        done.get(measure.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        drain(ctx, clients);
        return ctx.gen().call(() -> new RateResult(rate, recorder.answered / Math.max(1e-9, measure.toNanos() / 1e9),
                recorder.sent, recorder.answered, recorder.notSent, Measure.Latency.of(recorder.latency),
                Measure.Latency.of(pacer.sendLag()), cpu, cpu.serverMicrosPer(answeredInWindow)), Duration.ofSeconds(30));
    }

    /**
     * Waits until every sent message has been answered, or answers stop coming for two seconds (an
     * overloaded server's backlog), at most 30 seconds.
     */
    static void drain(Context ctx, List<Client> clients) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long stalledSince = System.nanoTime();
        int last = Integer.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            int outstanding = ctx.gen().call(() -> clients.stream().mapToInt(Client::outstanding).sum(),
                    Duration.ofSeconds(30));
            if (outstanding == 0) {
                return;
            }
            if (outstanding < last) {
                last = outstanding;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(2)) {
                return;
            }
            Measure.pause(50);
        }
    }

    static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Measure.pause(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    /** Records answers to messages of the measured stretch; touched on the generator loop only. */
    private static final class Recorder implements ClientListener {
        private long measureStart;
        private long end;
        private Histogram latency = Measure.micros();
        private long sent;
        private long answered;
        private long notSent;
        /** All answers ever, read from the runner thread to count those inside the CPU window. */
        private volatile long total;

        void reset(long measureStart, long end) {
            this.measureStart = measureStart;
            this.end = end;
            latency = Measure.micros();
            sent = 0;
            answered = 0;
            notSent = 0;
        }

        @Override
        public void onAck(Client client, long intendedNanos, long nowNanos) {
            total++;
            if (intendedNanos >= measureStart && intendedNanos < end) {
                answered++;
                Measure.record(latency, nowNanos - intendedNanos);
            }
        }
    }
}
