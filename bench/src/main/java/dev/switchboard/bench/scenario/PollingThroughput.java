package dev.switchboard.bench.scenario;

import dev.switchboard.bench.Measure;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Connector;
import dev.switchboard.bench.generator.Flow;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Polling throughput: long-polling-only clients, each keeping a window of acknowledged messages
 * outstanding (closed loop: an answer sends the next). Messages go up in POSTs, batched by the
 * client while a POST is in flight as engine.io-client does, and the answers come down in the
 * {@code \x1e}-joined payloads of the pending GET. The raw baseline answers each POST with its own
 * body. Reports messages and HTTP requests per second and server CPU per message.
 */
public final class PollingThroughput implements Scenario {

    /**
     * The result.
     *
     * @param clients polling clients
     * @param failures handshakes that failed
     * @param window messages each keeps outstanding
     * @param messages messages answered in the measured stretch
     * @param messagesPerSecond answered per second
     * @param requestsPerSecond HTTP responses per second
     * @param latency send to answer, µs (closed loop)
     * @param cpu CPU over the measured stretch
     * @param serverMicrosPerMessage server CPU µs per answered message
     * @param warmupSeconds how long the load ran before the measurement, until steady
     *     ({@link Measure#warmUntilSteady})
     */
    public record Result(int clients, int failures, int window, long messages, double messagesPerSecond,
                         double requestsPerSecond, Measure.Latency latency, Measure.Cpu cpu,
                         double serverMicrosPerMessage, double warmupSeconds) {
    }

    @Override
    public String id() {
        return "polling";
    }

    @Override
    public String title() {
        return "Polling throughput";
    }

    @Override
    public Object run(Context ctx) {
        return closedLoop(ctx, ctx.kind().pollingFlow(), ctx.plan().pollingClients(), ctx.plan().pollingWindow(),
                ctx.plan().pollingWarmup(), ctx.plan().pollingMeasure());
    }

    /**
     * Connects clients that each keep {@code window} acknowledged messages outstanding, answering
     * every answer with a new message, and measures a stretch of it after a warm-up.
     *
     * @param ctx the run
     * @param flow how the clients connect
     * @param clients how many
     * @param window messages each keeps outstanding
     * @param warmup load before measuring
     * @param measure the measured stretch
     * @return the measurement
     */
    static Result closedLoop(Context ctx, Flow flow, int clients, int window, Duration warmup, Duration measure) {
        Recorder recorder = new Recorder(window);
        Connector.Batch batch = Connector.connect(ctx.gen(), ctx.target(), flow, PING, recorder,
                clients, ctx.plan().connectInFlight(), ctx.connectTimeout(clients));
        if (batch.ready().isEmpty()) {
            throw new IllegalStateException("no connection: " + batch.failureSamples());
        }
        try {
            ctx.gen().run(() -> {
                long now = System.nanoTime();
                for (Client c : batch.ready()) {
                    for (int i = 0; i < window; i++) {
                        c.sendPing(now);
                    }
                }
                ctx.gen().flushDirty();
            });
            double warmed = Measure.warmUntilSteady(ctx.server()::compilerCpuNanos, () -> recorder.total,
                    warmup, warmup.multipliedBy(6));
            ctx.gen().run(recorder::startRecording);
            long requests0 = ctx.gen().httpResponses();
            Measure.CpuWindow cpuWindow = Measure.CpuWindow.start(ctx.server());
            long answered0 = recorder.total;
            Measure.pause(measure.toMillis());
            Measure.Cpu cpu = cpuWindow.stop();
            long answered = recorder.total - answered0;
            long requests = ctx.gen().httpResponses() - requests0;
            ctx.gen().run(recorder::stop);
            Histogram latency = ctx.gen().call(() -> recorder.latency.copy(), Duration.ofSeconds(30));
            return new Result(batch.ready().size(), batch.failures(), window, answered, answered / cpu.wallSeconds(),
                    requests / cpu.wallSeconds(), Measure.Latency.of(latency), cpu, cpu.serverMicrosPer(answered),
                    warmed);
        } finally {
            ctx.closeAll(batch.ready());
        }
    }

    /** Closes the loop: each answer sends the next message; touched on the generator loop only. */
    private static final class Recorder implements ClientListener {
        private final int window;
        private final Histogram latency = Measure.micros();
        private boolean recording;
        private boolean stopped;
        /** All answers ever, read from the runner thread. */
        private volatile long total;

        Recorder(int window) {
            this.window = window;
        }

        void startRecording() {
            recording = true;
        }

        void stop() {
            stopped = true;
            recording = false;
        }

        @Override
        public void onAck(Client client, long intendedNanos, long nowNanos) {
            total++;
            if (recording) {
                Measure.record(latency, nowNanos - intendedNanos);
            }
            if (!stopped && client.outstanding() < window) {
                client.sendPing(nowNanos);
            }
        }
    }
}
