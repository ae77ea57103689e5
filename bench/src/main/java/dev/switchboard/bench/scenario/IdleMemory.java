package dev.switchboard.bench.scenario;

import dev.switchboard.bench.Measure;
import dev.switchboard.bench.ServerKind;
import dev.switchboard.bench.ServerProcess.Memory;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Connector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle memory per socket: WebSocket clients that only answer heartbeats, added in steps; at each
 * step the server collects garbage and reports heap, direct memory and RSS. Bytes per socket are
 * the least-squares slope over the steps, so the fixed cost of the process drops out.
 */
public final class IdleMemory implements Scenario {

    /**
     * One reading.
     *
     * @param sockets connected sockets
     * @param memory the server's memory then
     */
    public record Point(int sockets, Memory memory) {
    }

    /**
     * The result.
     *
     * @param baseline memory with no socket
     * @param points the readings at each step
     * @param heapPerSocket heap bytes per socket (slope)
     * @param directPerSocket direct bytes per socket (slope)
     * @param heapAndDirectPerSocket heap + direct bytes per socket (slope)
     * @param rssPerSocket RSS bytes per socket (slope)
     * @param failures handshakes that failed
     * @param failureSamples a few of their reasons
     */
    public record Result(Memory baseline, List<Point> points, double heapPerSocket, double directPerSocket,
                         double heapAndDirectPerSocket, double rssPerSocket, int failures,
                         List<String> failureSamples) {
    }

    @Override
    public boolean measuresMemory() {
        return true;
    }

    @Override
    public String id() {
        return "idle";
    }

    @Override
    public boolean measuresEmbedding() {
        return true;
    }

    @Override
    public String title() {
        return "Idle memory per socket";
    }

    @Override
    public Object run(Context ctx) throws Exception {
        Memory baseline = ctx.server().memory();
        List<Client> clients = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        List<String> samples = new ArrayList<>();
        int failures = 0;
        try {
            for (int target : points(ctx)) {
                Connector.Batch batch = Connector.connect(ctx.gen(), ctx.target(), ctx.kind().websocketFlow(), PING,
                        new ClientListener() { }, target - clients.size(), ctx.plan().connectInFlight(),
                        ctx.connectTimeout(target));
                clients.addAll(batch.ready());
                failures += batch.failures();
                if (samples.size() < 5) {
                    samples.addAll(batch.failureSamples());
                }
                Measure.pause(ctx.plan().idleSettle().toMillis());
                int open = ctx.gen().call(() -> (int) clients.stream().filter(Client::isReady).count(),
                        Duration.ofSeconds(30));
                points.add(new Point(open, ctx.server().memory()));
            }
        } finally {
            ctx.closeAll(clients);
        }
        List<Integer> x = points.stream().map(Point::sockets).toList();
        return new Result(baseline, points,
                Measure.slope(x, points.stream().map(p -> p.memory().heap()).toList()),
                Measure.slope(x, points.stream().map(p -> p.memory().direct()).toList()),
                Measure.slope(x, points.stream().map(p -> p.memory().heapAndDirect()).toList()),
                Measure.slope(x, points.stream().map(p -> p.memory().rss()).toList()),
                failures, List.copyOf(samples.subList(0, Math.min(5, samples.size()))));
    }

    /**
     * The socket counts to read memory at. Tomcat's WebSocket keeps about 70 KiB of buffers per
     * connection (its read and write buffers, the frame reader's byte and char buffers), so the
     * 18,000 sockets of the full run do not fit the 1 GiB heap every server gets: it is read at a
     * quarter of each count, which the slope per socket does not depend on.
     *
     * @param ctx the run
     * @return the counts, in order
     */
    static List<Integer> points(Context ctx) {
        List<Integer> planned = ctx.plan().idlePoints();
        return ctx.kind() == ServerKind.TOMCAT ? planned.stream().map(n -> Math.max(1, n / 4)).toList() : planned;
    }
}
