package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.msgpack.Notepack;
import dev.switchboard.redis.internal.ClassicMessages;
import dev.switchboard.redis.internal.Dispatcher;
import dev.switchboard.redis.internal.RedisLink;
import dev.switchboard.redis.internal.Wire;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.testing.Mutations;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing (issue 14) of what {@link RedisAdapter} reads from other servers: random bytes and
 * mutations of every message the @socket.io/redis-adapter wire carries (msgpack broadcasts, JSON and
 * msgpack requests and responses), delivered by the link's real {@link Dispatcher} on the broadcast
 * pattern, the request channel and the response channel, as Redis would deliver them. No Redis is
 * needed: the link is never started. For every message: no exception escapes, a message the adapter
 * cannot decode is dropped with exactly one log line (none otherwise), and a valid server-side emit
 * sent right after the garbage still reaches the application.
 *
 * <p>jqwik's default of 1000 tries; a long run is {@code ./mvnw -B -pl redis-adapter -am verify
 * -Dtest=RedisAdapterFuzzTest -Djqwik.tries.default=1000000 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RedisAdapterFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String BROADCAST_PATTERN = "socket.io#/#*";
    private static final String REQUESTS = "socket.io-request#/#";
    private static final String RESPONSES = "socket.io-response#/#";
    private static final String DROPPED = "dev.switchboard.redis.internal.RedisLink - dropped a message on ";

    private final Harness harness = new Harness();

    @AfterProperty
    void close() {
        harness.close();
    }

    @Example
    void theSeedCorpusIsHandledOrDroppedWithOneLineAndTheAdapterGoesOn() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("fuzz/redis-adapter.txt")) {
            assertThat(in).isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            assertThat(lines).hasSizeGreaterThan(5);
            for (String line : lines) {
                anyMessageIsHandledOrDroppedWithOneLogLineAndTheAdapterGoesOn(HexFormat.of().parseHex(line));
            }
        }
    }

    @Example
    void garbageIsDroppedWithExactlyOneLogLine() {
        // Proves that the log capture sees the link's line, so that the property's count can fail.
        assertThat(harness.deliverCountingDrops(REQUESTS, new byte[] {(byte) 0xc1})).isEqualTo(1);
        assertThat(harness.deliverCountingDrops(REQUESTS, ClassicMessages.allRooms("other", "r1"))).isZero();
    }

    @Property
    void anyMessageIsHandledOrDroppedWithOneLogLineAndTheAdapterGoesOn(@ForAll("messages") byte[] message) {
        harness.assertHandledOrDroppedAndTheAdapterGoesOn(message,
                (channel, outcome) -> Statistics.label(channel).collect(outcome));
    }

    /**
     * The oracle, shared with {@link RedisAdapterCoverageFuzzTest}: a {@link RedisAdapter} on a link
     * that is never started, fed through the link's real {@link Dispatcher} as the subscriber
     * connection would feed it.
     */
    static final class Harness implements AutoCloseable {

        private final RedisClient client = RedisClient.create();
        private final RedisLink link = new RedisLink(client, RedisURI.create("redis://127.0.0.1:1"), false);
        private final List<String> serverSideEvents = new CopyOnWriteArrayList<>();
        private final SocketIoServer io = SocketIoServer.builder()
                .adapter(context -> new RedisAdapter(context, link, RedisAdapterOptions.DEFAULT)).build();
        private int canaries;

        Harness() {
            io.onServerSideEvent("canary", (args, ack) -> serverSideEvents.add(args.toArrayNode().toString()));
        }

        /**
         * Delivers the message on the request, response and broadcast channels: no exception escapes,
         * at most one "dropped" line each and exactly one where a request or response does not decode,
         * and a valid server-side emit right after it still reaches the application.
         *
         * @param outcome told, per channel, whether the message was "dropped" or "handled"
         */
        void assertHandledOrDroppedAndTheAdapterGoesOn(byte[] message, BiConsumer<String, String> outcome) {
            for (String channel : List.of(REQUESTS, RESPONSES, "socket.io#/#")) {
                int drops = deliverCountingDrops(channel, message);
                assertThat(drops).as("log lines for one message on %s", channel).isLessThanOrEqualTo(1);
                if (!channel.startsWith("socket.io#") && undecodable(message)) {
                    assertThat(drops).as("an undecodable message on %s is logged once", channel).isEqualTo(1);
                }
                outcome.accept(channel, drops == 1 ? "dropped" : "handled");
            }
            String canary = "canary-" + (++canaries);
            ArrayNode data = NODES.arrayNode().add("canary").add(canary);
            byte[] valid = canaries % 2 == 0 ? ClassicMessages.serverSideEmit("other", null, data)
                    : Notepack.V3.encode(Wire.decodeObject(ClassicMessages.serverSideEmit("other", null, data)));
            assertThat(deliverCountingDrops(REQUESTS, valid)).isZero();
            assertThat(serverSideEvents).as("the adapter still serves after garbage").endsWith("[\"" + canary + "\"]");
            // A list kept across tries would make every try copy all the earlier ones (a long run slowed
            // to a crawl by it); each try needs only its own canary.
            serverSideEvents.clear();
        }

        private static boolean undecodable(byte[] message) {
            try {
                Wire.decodeObject(message);
                return false;
            } catch (RuntimeException e) {
                return true;
            }
        }

        /** Delivers as the subscriber connection would and counts the link's "dropped" lines (slf4j-simple writes to System.err). */
        int deliverCountingDrops(String channel, byte[] message) {
            Dispatcher dispatcher = link.dispatcher();
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                if (channel.startsWith("socket.io#")) {
                    dispatcher.message(BROADCAST_PATTERN, channel, message);
                } else {
                    dispatcher.message(channel, message);
                }
            } finally {
                System.setErr(err);
            }
            String log = captured.toString(StandardCharsets.UTF_8);
            int count = 0;
            for (int i = log.indexOf(DROPPED); i >= 0; i = log.indexOf(DROPPED, i + 1)) {
                count++;
            }
            return count;
        }

        @Override
        public void close() {
            io.close();
            client.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    // ---- generators ----------------------------------------------------------------------------

    /** Every message the reference's classic adapter sends, JSON ones also in msgpack. */
    static List<byte[]> validMessages() {
        BroadcastOptions all = new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT);
        BroadcastOptions room = new BroadcastOptions(Set.of("room"), Set.of("sid1"), BroadcastFlags.DEFAULT);
        ArrayNode event = NODES.arrayNode().add("hello").add(1).add(NODES.objectNode().put("a", true));
        List<byte[]> json = List.of(
                ClassicMessages.broadcastWithAck("other", "req1", event, "/", room),
                ClassicMessages.joinOrLeave("other", 2, room, List.of("r2")),
                ClassicMessages.joinOrLeave("other", 3, all, List.of("r2")),
                ClassicMessages.disconnect("other", room, true),
                ClassicMessages.fetchSockets("other", "req2", room),
                ClassicMessages.allRooms("other", "req3"),
                ClassicMessages.serverSideEmit("other", "req4", event),
                ClassicMessages.serverSideEmitResponse("req4", NODES.textNode("ok")),
                ClassicMessages.clientCount("req1", 3));
        List<byte[]> out = new ArrayList<>(json);
        out.add(ClassicMessages.broadcast("other", event, "/", all));
        out.add(ClassicMessages.broadcast("other", event, "/", room));
        for (byte[] m : json) {
            if (m[0] == '{') {
                out.add(Notepack.V3.encode(Wire.decodeObject(m)));
            }
        }
        return out;
    }

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<byte[]> valid = Arbitraries.of(validMessages());
        Arbitrary<Byte> inserted = Arbitraries.of((byte) '{', (byte) '}', (byte) '"', (byte) ':', (byte) 0xc1,
                (byte) 0xdf, (byte) 0xdd, (byte) 0x81, (byte) 0x91, (byte) 0xa1, (byte) 0xc0, (byte) 0xcb, (byte) 0x00,
                (byte) '1', (byte) 0xff);
        Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 100_000), inserted,
                Arbitraries.integers().between(0, 3)).as(Mutations::mutate);
        Arbitrary<byte[]> twiceMutated = Combinators.combine(mutated, Arbitraries.integers().between(0, 100_000),
                inserted, Arbitraries.integers().between(0, 3)).as(Mutations::mutate);
        return Arbitraries.frequencyOf(
                Tuple.of(1, valid),
                Tuple.of(5, mutated),
                Tuple.of(2, twiceMutated),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30).map(s -> ("{" + s).getBytes(StandardCharsets.UTF_8))));
    }
}
