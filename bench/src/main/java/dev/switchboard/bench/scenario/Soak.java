package dev.switchboard.bench.scenario;

import dev.switchboard.bench.Measure;
import dev.switchboard.bench.Proc;
import dev.switchboard.bench.ServerKind;
import dev.switchboard.bench.ServerProcess;
import dev.switchboard.bench.ServerProcess.Memory;
import dev.switchboard.bench.SwitchboardBenchServer;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Connector;
import dev.switchboard.bench.generator.Flow;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Soak and churn: a population of clients kept connected for minutes while it is churned the way
 * a public server's clients come and go (polling, WebSocket and upgrading arrivals; Socket.IO
 * disconnects, plain closes, TCP resets and half-open sockets that stop reading; acked messages,
 * room joins and room broadcasts). Every sample the server collects garbage and reports heap,
 * direct memory and the buffers Netty's leak detector found unreleased; descriptors and threads
 * come from {@code /proc}. What must hold: after the first minutes every curve is flat (its slope
 * near zero), no buffer leaks, and once every client is gone the descriptors are back where they
 * started. Switchboard only: it tests our resource discipline, not a comparison.
 */
public final class Soak implements Scenario {

    /**
     * Descriptors the server may open after the baseline for reasons other than clients: a jar
     * file the class loader opens the first time a rarer path (a reset, a half-open socket) loads
     * a class from it.
     */
    public static final int FD_MARGIN = 16;

    /**
     * One reading of the server.
     *
     * @param minute minutes since the population was connected
     * @param connected clients ready at that moment
     * @param memory heap and direct after collection, RSS, leaks so far
     * @param fds open file descriptors
     * @param threads threads
     */
    public record Sample(double minute, int connected, Memory memory, long fds, long threads) {
    }

    /**
     * The result.
     *
     * @param clients the population
     * @param leakDetection the server's {@code io.netty.leakDetection.level}
     * @param before the server before any client
     * @param samples readings during the churn
     * @param afterClose the server once every client was closed
     * @param churn what the churn did
     * @param fromMinute where the flatness window starts
     * @param heapPerMinute slope of heap after collection over the window, bytes per minute
     * @param directPerMinute slope of direct memory, bytes per minute
     * @param rssPerMinute slope of RSS, bytes per minute
     * @param fdsPerMinute slope of open descriptors, per minute
     * @param threadsPerMinute slope of threads, per minute
     * @param leaks buffers found leaked by the end
     */
    public record Result(int clients, String leakDetection, Sample before, List<Sample> samples, Sample afterClose,
                         Churn.Counts churn, double fromMinute, double heapPerMinute, double directPerMinute,
                         double rssPerMinute, double fdsPerMinute, double threadsPerMinute, long leaks) {
    }

    @Override
    public boolean measuresMemory() {
        return true;
    }

    @Override
    public String id() {
        return "soak";
    }

    @Override
    public String title() {
        return "Soak and churn";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind == ServerKind.SWITCHBOARD;
    }

    @Override
    public boolean repeats() {
        return false;
    }

    @Override
    public boolean startsOwnServers() {
        return true;
    }

    @Override
    public Object run(Context ctx) throws Exception {
        // Paranoid tracks every buffer, which the short CI run can afford; the long run samples.
        String level = ctx.plan().smokeMode() ? "paranoid" : "simple";
        List<String> properties = List.of("-Dbench.countLeaks=true", "-Dio.netty.leakDetection.level=" + level);
        try (ServerProcess server = ServerProcess.start(ctx.kind(), ctx.env(), "soak-" + ctx.plan().mode(),
                ctx.env().command(ctx.kind(), SwitchboardBenchServer.class, properties), Map.of())) {
            return run(ctx, server, level);
        }
    }

    private Result run(Context ctx, ServerProcess server, String level) throws IOException {
        int n = ctx.plan().soakClients();
        warmUp(ctx, server);
        Sample before = sample(server, 0, 0);
        Churn churn = new Churn(ctx.gen(), server.address(), n);
        // the first population in the churn's mix of flows, so that its turnover changes nothing
        List<Client> ready = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        try {
            int[] shares = {n * 2 / 5, n * 2 / 5, n - 2 * (n * 2 / 5)};
            Flow[] flows = {Flow.DEFAULT, Flow.WEBSOCKET, Flow.POLLING};
            for (int i = 0; i < flows.length; i++) {
                Connector.Batch batch = Connector.connect(ctx.gen(), server.address(), flows[i], PING, churn, shares[i],
                        ctx.plan().connectInFlight(), ctx.connectTimeout(shares[i]));
                ready.addAll(batch.ready());
            }
            if (ready.isEmpty()) {
                throw new IllegalStateException("no connection");
            }
            ctx.gen().run(() -> churn.start(ready));
            long t0 = System.nanoTime();
            long interval = ctx.plan().soakSample().toNanos();
            int count = (int) (ctx.plan().soakDuration().toNanos() / interval);
            for (int k = 1; k <= count; k++) {
                long wait = t0 + k * interval - System.nanoTime();
                if (wait > 0) {
                    Measure.pause(TimeUnit.NANOSECONDS.toMillis(wait));
                }
                double minute = (System.nanoTime() - t0) / 60e9;
                int connected = ctx.gen().call(churn::connected, Duration.ofSeconds(30));
                samples.add(sample(server, minute, connected));
            }
        } finally {
            // Whatever happened, the generator is left with none of these clients open: the churn's
            // (which hold the first population once it started) and the first population (when it
            // did not), each closed once.
            Set<Client> open = Collections.newSetFromMap(new IdentityHashMap<>());
            open.addAll(ctx.gen().call(churn::stop, Duration.ofSeconds(30)));
            open.addAll(ready);
            ctx.closeAll(new ArrayList<>(open));
        }
        Sample afterClose = afterClose(ctx, server, before);
        double from = ctx.plan().smokeMode() ? samples.get(samples.size() / 4).minute() : 2.0;
        List<Sample> window = samples.stream().filter(s -> s.minute() >= from).toList();
        Churn.Counts counts = ctx.gen().call(churn::counts, Duration.ofSeconds(30));
        return new Result(ready.size(), level, before, samples, afterClose, counts, from,
                slope(window, s -> s.memory().heap()), slope(window, s -> s.memory().direct()),
                slope(window, s -> s.memory().rss()), slope(window, Sample::fds), slope(window, Sample::threads),
                afterClose.memory().leaks());
    }

    /**
     * Connects and closes a few clients of every flow before the first reading, so that what the
     * server opens once (the class loader's jar files, its first buffers) is in the baseline.
     */
    private static void warmUp(Context ctx, ServerProcess server) {
        for (Flow flow : List.of(Flow.DEFAULT, Flow.WEBSOCKET, Flow.POLLING)) {
            Connector.Batch batch = Connector.connect(ctx.gen(), server.address(), flow, PING, new ClientListener() { },
                    20, 20, ctx.connectTimeout(20));
            ctx.gen().run(() -> batch.ready().forEach(c -> c.sendPing(System.nanoTime())));
            ctx.closeAll(batch.ready());
        }
    }

    /**
     * The reading once every client is closed: closing is asynchronous on both sides, so it waits
     * (bounded) for the descriptors to come back to where they started, give or take
     * {@link #FD_MARGIN}.
     */
    private static Sample afterClose(Context ctx, ServerProcess server, Sample before) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ctx.plan().smokeMode() ? 15 : 60);
        while (Proc.openFiles(server.pid()) > before.fds() + FD_MARGIN && System.nanoTime() < deadline) {
            Measure.pause(100);
        }
        return sample(server, -1, 0);
    }

    private static Sample sample(ServerProcess server, double minute, int connected) throws IOException {
        Memory memory = server.memory();
        return new Sample(minute, connected, memory, Proc.openFiles(server.pid()), Proc.threads(server.pid()));
    }

    private static double slope(List<Sample> window, ToDoubleFunction<Sample> value) {
        return Measure.slope(window.stream().map(Sample::minute).toList(),
                window.stream().map(value::applyAsDouble).toList());
    }
}
