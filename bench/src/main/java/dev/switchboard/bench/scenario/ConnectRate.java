package dev.switchboard.bench.scenario;

import dev.switchboard.bench.Measure;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Connector;
import dev.switchboard.bench.generator.Flow;
import java.util.ArrayList;
import java.util.List;

/**
 * Connect rate: many handshakes with a bound on those in flight, timed one by one, for the official
 * client's default flow (polling handshake, then the WebSocket upgrade) and for WebSocket only. The
 * server's CPU per connect is the figure that stays valid when the generator is the bottleneck.
 * The raw baseline has only the WebSocket flow (its "handshake" is the HTTP upgrade). Each flow is
 * run unmeasured first, several times over, so that what is measured is a warmed-up server.
 */
public final class ConnectRate implements Scenario {

    /**
     * One flow's measurement.
     *
     * @param flow "default" or "websocket"
     * @param connects handshakes completed
     * @param failures handshakes that failed
     * @param failureSamples a few of their reasons
     * @param inFlight the bound on handshakes at once
     * @param perSecond completed handshakes per second of wall time
     * @param latency handshake time, µs
     * @param cpu CPU over the stretch
     * @param serverMicrosPerConnect server CPU µs per handshake
     * @param listenDrops connections the host's kernel dropped at a listening socket meanwhile (-1:
     *     not readable)
     */
    public record FlowResult(String flow, int connects, int failures, List<String> failureSamples, int inFlight,
                             double perSecond, Measure.Latency latency, Measure.Cpu cpu,
                             double serverMicrosPerConnect, long listenDrops) {
    }

    /**
     * The result.
     *
     * @param flows one entry per flow measured
     */
    public record Result(List<FlowResult> flows) {
    }

    @Override
    public String id() {
        return "connect";
    }

    @Override
    public String title() {
        return "Connect rate";
    }

    @Override
    public Object run(Context ctx) {
        List<Flow> flows = ctx.kind().socketIo() ? List.of(Flow.DEFAULT, Flow.WEBSOCKET) : List.of(Flow.RAW_WEBSOCKET);
        List<FlowResult> results = new ArrayList<>();
        for (Flow flow : flows) {
            int n = ctx.plan().connects();
            warmUp(ctx, flow, n);
            long dropsBefore = Measure.listenDrops();
            Measure.CpuWindow window = Measure.CpuWindow.start(ctx.server());
            Connector.Batch batch = Connector.connect(ctx.gen(), ctx.target(), flow, PING, new ClientListener() { },
                    n, ctx.plan().connectInFlight(), ctx.connectTimeout(n));
            Measure.Cpu cpu = window.stop();
            long dropsAfter = Measure.listenDrops();
            ctx.closeAll(batch.ready());
            results.add(new FlowResult(flow == Flow.DEFAULT ? "default" : "websocket", batch.ready().size(),
                    batch.failures(), batch.failureSamples(), ctx.plan().connectInFlight(), batch.ratePerSecond(),
                    Measure.Latency.of(batch.micros()), cpu, cpu.serverMicrosPer(batch.ready().size()),
                    dropsBefore < 0 || dropsAfter < 0 ? -1 : dropsAfter - dropsBefore));
        }
        return new Result(results);
    }

    /**
     * Runs the same flow, unmeasured, {@link dev.switchboard.bench.Plan#connectWarmupRounds()}
     * times as many times as the measurement will, closing those clients after each round. Without
     * it the figures of a freshly started JVM are its JIT warming up (interpreted code, then the
     * compiler threads sharing the server's core), not the steady cost of a connect that the other
     * scenarios report; every server gets the same warm-up, Node's included.
     */
    private static void warmUp(Context ctx, Flow flow, int n) {
        for (int round = 0; round < ctx.plan().connectWarmupRounds(); round++) {
            Connector.Batch warm = Connector.connect(ctx.gen(), ctx.target(), flow, PING, new ClientListener() { },
                    n, ctx.plan().connectInFlight(), ctx.connectTimeout(n));
            ctx.closeAll(warm.ready());
        }
    }
}
