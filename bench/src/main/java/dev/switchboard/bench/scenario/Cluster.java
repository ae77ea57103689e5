package dev.switchboard.bench.scenario;

import dev.switchboard.bench.Measure;
import dev.switchboard.bench.Proc;
import dev.switchboard.bench.RedisProcess;
import dev.switchboard.bench.ServerKind;
import dev.switchboard.bench.ServerProcess;
import dev.switchboard.bench.SwitchboardBenchServer;
import dev.switchboard.bench.generator.Ascii;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Connector;
import dev.switchboard.bench.generator.Flow;
import dev.switchboard.bench.generator.Pacer;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Two nodes on one Redis: two servers of a kind joined through their Redis adapter (Switchboard's,
 * or {@code @socket.io/redis-adapter} for Node), on a redis-server of the bench's own, all pinned to
 * the servers' core. Each node has {@link dev.switchboard.bench.Plan#clusterSockets()} WebSocket
 * clients; one client of the first node bursts {@code bcast} messages (20 per millisecond), each
 * sent to every client of both nodes ({@code io.emit} through the adapter). Redis's CPU per
 * message is what every node of a cluster shares; the nodes' CPU per delivery is each one's cost.
 */
public final class Cluster implements Scenario {

    private static final String PREFIX = "42[\"bcast\",";

    /**
     * The result.
     *
     * @param socketsPerNode clients on each node
     * @param failures handshakes that failed
     * @param messages broadcasts in the measured burst
     * @param expected deliveries expected: messages × all clients
     * @param delivered deliveries received
     * @param deliverySeconds first send to last delivery
     * @param latency send to delivery, µs
     * @param wallSeconds the measured stretch
     * @param serverCpuSeconds both nodes' CPU over it
     * @param redisCpuSeconds Redis's CPU over it
     * @param serverMicrosPerDelivery both nodes' CPU µs per delivery
     * @param redisMicrosPerMessage Redis's CPU µs per broadcast
     * @param deliveriesPerServerCpuSecond deliveries per second of both nodes' CPU
     */
    public record Result(int socketsPerNode, int failures, int messages, long expected, long delivered,
                         double deliverySeconds, Measure.Latency latency, double wallSeconds, double serverCpuSeconds,
                         double redisCpuSeconds, double serverMicrosPerDelivery, double redisMicrosPerMessage,
                         double deliveriesPerServerCpuSecond) {
    }

    @Override
    public String id() {
        return "cluster";
    }

    @Override
    public String title() {
        return "Two nodes on one Redis";
    }

    @Override
    public boolean appliesTo(ServerKind kind) {
        return kind == ServerKind.SWITCHBOARD || kind == ServerKind.NODE;
    }

    @Override
    public boolean startsOwnServers() {
        return true;
    }

    @Override
    public Object run(Context ctx) throws Exception {
        try (RedisProcess redis = RedisProcess.start(ctx.env());
             ServerProcess a = node(ctx, redis, "a");
             ServerProcess b = node(ctx, redis, "b")) {
            return run(ctx, redis, a, b);
        }
    }

    private static ServerProcess node(Context ctx, RedisProcess redis, String name) throws java.io.IOException {
        String log = "cluster-" + ctx.kind().id() + "-" + name + "-" + ctx.plan().mode();
        if (ctx.kind() == ServerKind.NODE) {
            return ServerProcess.start(ctx.kind(), ctx.env(), log, ctx.env().command(ctx.kind()),
                    Map.of("REDIS_URL", redis.uri()));
        }
        return ServerProcess.start(ctx.kind(), ctx.env(), log, ctx.env().command(ctx.kind(),
                SwitchboardBenchServer.class, List.of("-Dbench.redis=" + redis.uri())), Map.of());
    }

    private Result run(Context ctx, RedisProcess redis, ServerProcess a, ServerProcess b) throws Exception {
        int perNode = ctx.plan().clusterSockets();
        Recorder recorder = new Recorder(ctx);
        Connector.Batch onA = Connector.connect(ctx.gen(), a.address(), Flow.WEBSOCKET, PING, recorder, perNode,
                ctx.plan().connectInFlight(), ctx.connectTimeout(perNode));
        Connector.Batch onB = Connector.connect(ctx.gen(), b.address(), Flow.WEBSOCKET, PING, recorder, perNode,
                ctx.plan().connectInFlight(), ctx.connectTimeout(perNode));
        try {
            if (onA.ready().isEmpty() || onB.ready().isEmpty()) {
                throw new IllegalStateException("no connection: " + onA.failureSamples() + onB.failureSamples());
            }
            long receivers = onA.ready().size() + onB.ready().size();
            Client sender = onA.ready().get(0);
            int messages = ctx.plan().clusterMessages();
            burst(ctx, sender, recorder, Math.max(20, messages / 5), receivers);
            long wall0 = System.nanoTime();
            long server0 = a.cpuNanos() + b.cpuNanos();
            long redis0 = redis.cpuNanos();
            long t0 = burst(ctx, sender, recorder, messages, receivers);
            double wall = (System.nanoTime() - wall0) / 1e9;
            double server = (a.cpuNanos() + b.cpuNanos() - server0) / 1e9;
            double redisCpu = (redis.cpuNanos() - redis0) / 1e9;
            long expected = messages * receivers;
            return ctx.gen().call(() -> new Result(perNode, onA.failures() + onB.failures(), messages, expected,
                    recorder.delivered, Math.max(0, (recorder.lastNanos - t0) / 1e9),
                    Measure.Latency.of(recorder.latency), wall, server, redisCpu,
                    recorder.delivered == 0 ? 0 : server * 1e6 / recorder.delivered, redisCpu * 1e6 / messages,
                    server == 0 ? 0 : recorder.delivered / server), Duration.ofSeconds(30));
        } finally {
            ctx.closeAll(onA.ready());
            ctx.closeAll(onB.ready());
        }
    }

    /** Sends a burst and waits for its deliveries; answers its first intended send time. */
    private static long burst(Context ctx, Client sender, Recorder recorder, int messages, long receivers)
            throws Exception {
        int perMs = ctx.plan().burstPerMillisecond();
        long t0 = System.nanoTime() + 20_000_000L;
        long end = t0 + ((messages + perMs - 1) / perMs) * 1_000_000L;
        ctx.gen().run(() -> recorder.reset(ctx.gen().micros(t0)));
        int[] left = {messages};
        Pacer pacer = new Pacer(ctx.gen(), 1_000, t0, end, intended -> {
            byte[] payload = Ascii.bytes(PREFIX + ctx.gen().micros(intended) + "]");
            for (int i = 0; i < perMs && left[0] > 0; i++, left[0]--) {
                sender.sendText(payload);
            }
        });
        pacer.start().get(60, TimeUnit.SECONDS);
        long expected = (long) messages * receivers;
        long quiet = TimeUnit.MILLISECONDS.toNanos(ctx.plan().smokeMode() ? 500 : 2_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ctx.plan().smokeMode() ? 20 : 120);
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline && recorder.delivered < expected) {
            long got = recorder.delivered;
            if (got != last) {
                last = got;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > quiet) {
                break;
            }
            Measure.pause(5);
        }
        return t0;
    }

    /** Reads the timestamp of every delivery; touched on the generator loop only. */
    private static final class Recorder implements ClientListener {
        private final Context ctx;
        private long startMicros = Long.MAX_VALUE;
        private Histogram latency = Measure.micros();
        private long lastNanos;
        private volatile long delivered;

        Recorder(Context ctx) {
            this.ctx = ctx;
        }

        void reset(long micros) {
            startMicros = micros;
            latency = Measure.micros();
            delivered = 0;
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
            delivered++;
            lastNanos = nowNanos;
            Measure.record(latency, nowNanos - ctx.gen().nanosOfMicros(micros));
        }
    }
}
