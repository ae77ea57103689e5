package dev.switchboard.bench.scenario;

import dev.switchboard.bench.DemoBenchServer;
import dev.switchboard.bench.Measure;
import dev.switchboard.bench.ServerKind;
import dev.switchboard.bench.ServerProcess;
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
 * The chat demo at scale: {@code examples/chat} itself (its handlers, unchanged) with thousands of
 * users. They connect (each newcomer gets the online list, everyone else the arrivals in
 * {@code presence} batches), then a few of them send chat messages in bursts, which the demo sends
 * to everyone. Every message must reach every user, every user must learn of every user (itself
 * included) once, and no session may be dropped. Switchboard only: the demo is its app.
 */
public final class ChatDemo implements Scenario {

    private static final String CHAT = "42[\"chat message\",";
    private static final String TEXT = "\"text\":\"";
    private static final String PRESENCE = "42[\"presence\",{\"joined\":[";
    private static final String RENAMED = "],\"renamed\":";
    private static final String LIST = "42[\"online\",";
    private static final String USER = "{\"id\":";

    /**
     * The result.
     *
     * @param users users asked for
     * @param connected users connected
     * @param failures handshakes that failed
     * @param connectSeconds wall time to connect them all and for the online traffic to settle
     * @param connectServerCpuSeconds server CPU over that time
     * @param lists online lists received (one per user expected)
     * @param presenceEvents {@code presence} batches received
     * @param usersKnown users named in the lists and the batches' {@code joined}, summed over users
     * @param usersKnownExpected each user learns of every user once: n²
     * @param serverMicrosPerPresenceFrame server CPU of the connect phase per list or batch received, µs
     * @param serverMicrosPerUserKnown server CPU of the connect phase per user named, µs
     * @param messages chat messages sent
     * @param expected deliveries expected: messages × users
     * @param delivered chat messages received
     * @param dropped users whose connection closed during the run
     * @param latency send to delivery of the chat messages, µs
     * @param cpu CPU from the first message until the last delivery
     * @param serverMicrosPerDelivery server CPU µs per chat delivery
     * @param deliveriesPerServerCpuSecond chat deliveries per second of server CPU
     */
    public record Result(int users, int connected, int failures, double connectSeconds,
                         double connectServerCpuSeconds, long lists, long presenceEvents, long usersKnown,
                         long usersKnownExpected, double serverMicrosPerPresenceFrame, double serverMicrosPerUserKnown,
                         int messages, long expected, long delivered, long dropped, Measure.Latency latency,
                         Measure.Cpu cpu, double serverMicrosPerDelivery, double deliveriesPerServerCpuSecond) {
    }

    @Override
    public String id() {
        return "demo";
    }

    @Override
    public String title() {
        return "The chat demo at scale";
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
        try (ServerProcess demo = ServerProcess.start(ctx.kind(), ctx.env(), "demo-" + ctx.plan().mode(),
                ctx.env().command(ctx.kind(), DemoBenchServer.class, List.of()), Map.of())) {
            return run(ctx, demo);
        }
    }

    private Result run(Context ctx, ServerProcess demo) throws Exception {
        int users = ctx.plan().demoUsers();
        Recorder recorder = new Recorder(ctx);
        long t0 = System.nanoTime();
        long cpu0 = demo.cpuNanos();
        Connector.Batch batch = Connector.connect(ctx.gen(), demo.address(), Flow.WEBSOCKET, PING, recorder,
                users, ctx.plan().connectInFlight(), ctx.connectTimeout(users));
        if (batch.ready().isEmpty()) {
            throw new IllegalStateException("no connection: " + batch.failureSamples());
        }
        try {
            int n = batch.ready().size();
            long knownExpected = (long) n * n;
            waitFor(ctx, () -> recorder.known >= knownExpected && recorder.lists >= n, recorder::presence);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            double connectCpu = (demo.cpuNanos() - cpu0) / 1e9;

            int messages = ctx.plan().demoMessages();
            List<Client> senders = batch.ready().subList(0, Math.min(ctx.plan().demoSenders(), n));
            int perMs = ctx.plan().burstPerMillisecond();
            long start = System.nanoTime() + 20_000_000L;
            long end = start + ((messages + perMs - 1) / perMs) * 1_000_000L;
            ctx.gen().run(() -> recorder.startMessages(ctx.gen().micros(start)));
            int[] sent = {0};
            Pacer pacer = new Pacer(ctx.gen(), 1_000, start, end, intended -> {
                String text = "42[\"chat message\",\"" + ctx.gen().micros(intended) + "\"]";
                for (int i = 0; i < perMs && sent[0] < messages; i++, sent[0]++) {
                    senders.get(sent[0] % senders.size()).sendText(Ascii.bytes(text));
                }
            });
            Measure.CpuWindow window = Measure.CpuWindow.start(demo);
            pacer.start().get(60, TimeUnit.SECONDS);
            long expected = (long) messages * n;
            waitFor(ctx, () -> recorder.chat >= expected, () -> recorder.chat);
            Measure.Cpu cpu = window.stop();
            long frames = recorder.lists + recorder.batches;
            double perFrame = frames == 0 ? 0 : connectCpu * 1e6 / frames;
            double perUser = recorder.known == 0 ? 0 : connectCpu * 1e6 / recorder.known;
            return ctx.gen().call(() -> new Result(users, n, batch.failures(), connectSeconds, connectCpu,
                    recorder.lists, recorder.batches, recorder.known, knownExpected, perFrame, perUser,
                    messages, expected, recorder.chat,
                    recorder.dropped, Measure.Latency.of(recorder.latency), cpu, cpu.serverMicrosPer(recorder.chat),
                    cpu.serverSeconds() == 0 ? 0 : recorder.chat / cpu.serverSeconds()), Duration.ofSeconds(30));
        } finally {
            ctx.closeAll(batch.ready());
        }
    }

    /** Waits until {@code done}, or until {@code progress} stops moving for a while. */
    private static void waitFor(Context ctx, java.util.function.BooleanSupplier done,
                                java.util.function.LongSupplier progress) {
        long quiet = TimeUnit.MILLISECONDS.toNanos(ctx.plan().smokeMode() ? 1_000 : 3_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ctx.plan().smokeMode() ? 30 : 300);
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline && !done.getAsBoolean()) {
            long now = progress.getAsLong();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > quiet) {
                return;
            }
            Measure.pause(10);
        }
    }

    /** Counts what the users receive; touched on the generator loop only (counters read racily). */
    private static final class Recorder implements ClientListener {
        private final Context ctx;
        private Histogram latency = Measure.micros();
        private long startMicros = Long.MAX_VALUE;
        private volatile long lists;
        private volatile long batches;
        private volatile long known;
        private volatile long chat;
        private volatile long dropped;

        Recorder(Context ctx) {
            this.ctx = ctx;
        }

        long presence() {
            return known;
        }

        void startMessages(long micros) {
            startMicros = micros;
            latency = Measure.micros();
        }

        @Override
        public void onEvent(Client client, ByteBuf buf, int index, int length, long nowNanos) {
            int end = index + length;
            if (Ascii.startsWith(buf, index, length, CHAT)) {
                chat++;
                int at = Ascii.indexOf(buf, index + CHAT.length(), end, TEXT);
                long micros = at < 0 ? -1 : Ascii.parseDecimal(buf, at + TEXT.length(), end);
                if (micros >= startMicros) {
                    Measure.record(latency, nowNanos - ctx.gen().nanosOfMicros(micros));
                }
            } else if (Ascii.startsWith(buf, index, length, PRESENCE)) {
                batches++;
                int joinedEnd = Ascii.indexOf(buf, index + PRESENCE.length(), end, RENAMED);
                known += users(buf, index + PRESENCE.length(), joinedEnd < 0 ? end : joinedEnd);
            } else if (Ascii.startsWith(buf, index, length, LIST)) {
                lists++;
                known += users(buf, index + LIST.length(), end);
            }
        }

        /** The users between two offsets: a name is a JSON string, so it cannot hold {"id": unescaped. */
        private static long users(ByteBuf buf, int from, int end) {
            long count = 0;
            for (int at = Ascii.indexOf(buf, from, end, USER); at >= 0; at = Ascii.indexOf(buf, at + 1, end, USER)) {
                count++;
            }
            return count;
        }

        @Override
        public void onClosed(Client client) {
            dropped++;
        }
    }
}
