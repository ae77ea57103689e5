package dev.switchboard.bench.scenario;

import dev.switchboard.bench.Measure;
import dev.switchboard.bench.ServerProcess.Memory;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Connector;
import dev.switchboard.bench.generator.Pacer;
import dev.switchboard.bench.generator.WsCodec;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A slow consumer: some clients stop reading while large broadcasts keep coming. Once their kernel
 * buffers are full, whatever the server keeps for them is its own memory; a server with a bounded
 * outbound queue stays flat (dropping or disconnecting, by its rule), one without grows with every
 * message. Clients that keep reading show whether the others are still served meanwhile.
 */
public final class SlowConsumer implements Scenario {

    /**
     * The result.
     *
     * @param slowSockets clients that stopped reading
     * @param fastSockets clients that kept reading (the sender included)
     * @param payloadBytes size of each broadcast packet
     * @param broadcasts broadcasts sent while the slow clients were not reading
     * @param offeredBytesPerSlowSocket bytes those broadcasts meant for each slow client
     * @param before memory (after GC) before the run
     * @param stuck memory (after GC) at the end, the slow clients still not reading
     * @param peakRss highest RSS sampled during the run
     * @param heapAndDirectGrowth heap + direct growth from before to stuck, bytes
     * @param rssGrowth peak RSS minus RSS before, bytes
     * @param slowDisconnected slow clients the server had disconnected by the end
     * @param slowDeliveredRatio share of the broadcasts the slow clients got once they read again
     * @param fastDeliveredRatio share of the broadcasts the reading clients got
     * @param outcome "ok", or what went wrong with the server (e.g. it ran out of memory and exited):
     *     a server without a bound may not survive this scenario, which is itself the finding
     */
    public record Result(int slowSockets, int fastSockets, int payloadBytes, long broadcasts,
                         long offeredBytesPerSlowSocket, Memory before, Memory stuck, long peakRss,
                         Long heapAndDirectGrowth, long rssGrowth, int slowDisconnected, double slowDeliveredRatio,
                         double fastDeliveredRatio, String outcome) {
    }

    @Override
    public boolean measuresMemory() {
        return true;
    }

    @Override
    public String id() {
        return "slow";
    }

    @Override
    public String title() {
        return "Slow consumer";
    }

    @Override
    public boolean toleratesServerExit() {
        return true;
    }

    @Override
    public Object run(Context ctx) throws Exception {
        int slow = ctx.plan().slowSockets();
        int fast = ctx.plan().slowFastSockets() + 1;
        Connector.Batch batch = Connector.connect(ctx.gen(), ctx.target(), ctx.kind().websocketFlow(), PING,
                new ClientListener() { }, slow + fast, ctx.plan().connectInFlight(), ctx.connectTimeout(slow + fast));
        if (batch.ready().size() < slow + 1) {
            throw new IllegalStateException("too few connections: " + batch.failureSamples());
        }
        List<Client> clients = batch.ready();
        List<Client> slowClients = clients.subList(0, slow);
        List<Client> fastClients = clients.subList(slow, clients.size());
        Client publisher = fastClients.get(0);
        String packet = packet(ctx.plan().slowPayloadBytes());
        ByteBuf frame = WsCodec.constantTextFrame(packet);
        try {
            Memory before = ctx.server().memory();
            ctx.gen().run(() -> slowClients.forEach(c -> c.reading(false)));
            long t0 = System.nanoTime() + 20_000_000L;
            long end = t0 + ctx.plan().slowDuration().toNanos();
            Pacer pacer = new Pacer(ctx.gen(), ctx.plan().slowRate(), t0, end, intended -> publisher.sendFrame(frame));
            AtomicLong peakRss = new AtomicLong(before.rss());
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    peakRss.accumulateAndGet(ctx.server().rss(), Math::max);
                    Measure.pause(100);
                }
            }, "bench-rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
            long broadcasts = pacer.start().get(ctx.plan().slowDuration().toMillis() + 30_000, TimeUnit.MILLISECONDS);
            Measure.pause(ctx.plan().smokeMode() ? 200 : 1_000);
            sampling.set(false);
            sampler.join();
            Memory stuck = null;
            String outcome = "ok";
            try {
                stuck = ctx.server().memory();
                peakRss.accumulateAndGet(stuck.rss(), Math::max);
            } catch (IOException e) {
                outcome = ctx.server().alive() ? "no memory report: " + e.getMessage()
                        : "the server exited while the slow clients were stuck (see its log)";
            }
            ctx.gen().run(() -> slowClients.forEach(c -> c.reading(true)));
            // drain what the server kept: until nothing more arrives for a while
            long last = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                long got = ctx.gen().call(() -> slowClients.stream().mapToLong(Client::events).sum(),
                        Duration.ofSeconds(30));
                if (got == last || got >= broadcasts * slow) {
                    break;
                }
                last = got;
                Measure.pause(ctx.plan().smokeMode() ? 300 : 1_000);
            }
            int disconnected = ctx.gen().call(() -> (int) slowClients.stream().filter(Client::isClosed).count(),
                    Duration.ofSeconds(30));
            long slowGot = ctx.gen().call(() -> slowClients.stream().mapToLong(Client::events).sum(),
                    Duration.ofSeconds(30));
            long fastGot = ctx.gen().call(() -> fastClients.stream().mapToLong(Client::events).sum(),
                    Duration.ofSeconds(30));
            return new Result(slow, fastClients.size(), packet.length(), broadcasts, broadcasts * packet.length(),
                    before, stuck, peakRss.get(), stuck == null ? null : stuck.heapAndDirect() - before.heapAndDirect(),
                    peakRss.get() - before.rss(), disconnected,
                    broadcasts == 0 ? 0 : (double) slowGot / (broadcasts * slow),
                    broadcasts == 0 ? 0 : (double) fastGot / (broadcasts * fastClients.size()), outcome);
        } finally {
            ctx.closeAll(clients);
        }
    }

    /** {@code 42["bcast","xxx…"]} of exactly {@code size} bytes. */
    static String packet(int size) {
        String head = "42[\"bcast\",\"";
        String tail = "\"]";
        return head + "x".repeat(Math.max(0, size - head.length() - tail.length())) + tail;
    }
}
