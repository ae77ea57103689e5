package dev.switchboard.redis;

import static dev.switchboard.redis.NodePeer.args;
import static dev.switchboard.redis.NodePeer.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the Streams adapter keeps that Pub/Sub loses, in a cluster of two Java servers and a Node
 * server ({@code @socket.io/redis-streams-adapter} 0.3.1), connection state recovery on
 * everywhere, official JS clients: a client that loses its connection and comes back through
 * another server, Java or Node, gets exactly what it missed; Redis restarted mid-traffic loses
 * nothing published while it was down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStreamsRecoveryTest {

    private RedisServer redis;
    private NodePeer peer;
    private JavaNode j1;
    private JavaNode j2;
    private String nodeUrl;
    private final List<String> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        redis = RedisServer.start();
        peer = NodePeer.start();
        j1 = new JavaNode("j1", redis.uri(), RedisStreamsAdapterOptions.DEFAULT, true).awaitReady();
        j2 = new JavaNode("j2", redis.uri(), RedisStreamsAdapterOptions.DEFAULT, true).awaitReady();
        nodeUrl = peer.startServer(redis.uri(), "streams");
    }

    @AfterEach
    void closeClients() {
        for (String name : clients) {
            peer.call("closeClient", fields("name", name));
        }
        clients.clear();
    }

    @AfterAll
    void stopCluster() {
        Teardown.closeInOrder(peer, j1, j2, redis);
    }

    private String client(String name, String url, String... events) {
        clients.add(name);
        return peer.connectClient(name, url, events);
    }

    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private long streamLength() {
        String reply = redis.command("XLEN socket.io");
        return reply != null && reply.startsWith(":") ? Long.parseLong(reply.substring(1)) : -1;
    }

    private List<String> sessionKeys() {
        return redis.arrayCommand("KEYS sio:session:*");
    }

    /** The client's arrivals of {@code news}: first argument, and whether an offset followed. */
    private List<String> next(String name, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode args = peer.nextEvent(name, "news");
            assertThat(args.get(args.size() - 1).asText()).as("an offset").matches("[0-9]+-[0-9]+");
            out.add(args.get(0).asText());
        }
        return out;
    }

    /**
     * Connects a client, lets it see one broadcast (its offset), drops its transport and waits
     * until its server kept the session in Redis.
     */
    private void connectThenDrop(String name, String url) {
        client(name, url, "news");
        int sessionsBefore = sessionKeys().size();
        j2.io.emit("news", "seen");
        assertThat(next(name, 1)).containsExactly("seen");
        // The client closed its transport itself ("forced close" on its side); its server sees the
        // transport close, a reason to keep the session.
        assertThat(peer.call("dropClient", fields("name", name)).asText()).isEqualTo("forced close");
        eventually("the session was kept in Redis", () -> sessionKeys().size() > sessionsBefore);
    }

    /** Broadcasts three packets for everyone and one for a room the client is not in, from all sides. */
    private void missWhileAway() {
        long before = streamLength();
        j1.io.emit("news", "missed-from-j1");
        eventually("j1's broadcast is in the stream", () -> streamLength() == before + 1);
        peer.call("serverEmit", fields("event", "news", "args", args("missed-from-node")));
        eventually("the Node broadcast is in the stream", () -> streamLength() == before + 2);
        j2.io.to("a-room-nobody-is-in").emit("news", "not-for-the-client");
        j2.io.emit("news", "missed-from-j2");
        eventually("j2's broadcasts are in the stream", () -> streamLength() == before + 4);
    }

    private void comeBackAndCheck(String name, String url) {
        JsonNode back = peer.call("reconnectClient", fields("name", name, "url", url));

        assertThat(back.get("recovered").asBoolean()).as("socket.recovered").isTrue();
        assertThat(next(name, 3)).containsExactly("missed-from-j1", "missed-from-node", "missed-from-j2");
        j1.io.emit("news", "after");
        assertThat(next(name, 1)).as("no gap, no duplicate, nothing for other rooms").containsExactly("after");
    }

    @Test
    void aClientOfTheNodeServerRecoversOnAJavaServerWhatItMissed() {
        connectThenDrop("from-node", nodeUrl);
        missWhileAway();
        comeBackAndCheck("from-node", j2.url());
    }

    @Test
    void aClientOfAJavaServerRecoversOnTheNodeServerWhatItMissed() {
        connectThenDrop("from-java", j1.url());
        missWhileAway();
        comeBackAndCheck("from-java", nodeUrl);
    }

    @Test
    void aClientRecoversFromOneJavaServerOnAnother() {
        connectThenDrop("java-to-java", j1.url());
        missWhileAway();
        comeBackAndCheck("java-to-java", j2.url());
    }

    @Test
    void aJavaServerKeepsTheSessionUnderTheReferencesKeyForTheRecoveryWindow() {
        List<String> before = sessionKeys();
        connectThenDrop("kept", j1.url());
        List<String> keys = new ArrayList<>(sessionKeys());
        keys.removeAll(before);

        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).matches("sio:session:[A-Za-z0-9_-]{20}");
        String ttl = redis.command("PTTL " + keys.get(0));
        long ms = Long.parseLong(ttl.substring(1));
        assertThat(ms).isBetween(100_000L, 120_000L); // maxDisconnectionDuration is 2 minutes
    }

    @Test
    void theStreamIsTrimmedNearMaxLen() {
        RedisStreamsAdapterOptions capped = RedisStreamsAdapterOptions.builder().streamName("capped").maxLen(10).build();
        try (JavaNode small = new JavaNode("small", redis.uri(), capped, false).awaitReady()) {
            for (int i = 0; i < 500; i++) {
                small.io.emit("tick", i);
            }
            eventually("500 entries were added", () -> entriesAdded("capped") == 500);
        }
        long length = Long.parseLong(redis.command("XLEN capped").substring(1));
        // MAXLEN ~ trims whole macro nodes (100 entries by default), so the length stays near the cap.
        assertThat(length).isBetween(10L, 110L);
    }

    private long entriesAdded(String stream) {
        if (!":1".equals(redis.command("EXISTS " + stream))) {
            return 0;
        }
        List<String> info = redis.arrayCommand("XINFO STREAM " + stream);
        int i = info.indexOf("entries-added");
        return i < 0 ? -1 : Long.parseLong(info.get(i + 1));
    }

    @Test
    void nothingPublishedWhileRedisIsDownIsLost() {
        client("on-j2", j2.url(), "count");
        client("on-node", nodeUrl, "count");

        publishRange(0, 50);
        awaitCounts(100);

        redis.kill();
        // Lettuce retries a command caught by the drop; node-redis fails it, and the Node adapter
        // drops that publication: the Node server publishes once its client knows Redis is away.
        peer.call("awaitRedisDown", null);
        publishRange(50, 100); // waits in each Redis client's queue while Redis is away
        redis.restart();
        publishRange(100, 150);

        for (String name : List.of("on-j2", "on-node")) {
            Map<String, List<Integer>> received = receive(name, 300);
            assertThat(received.get("j1")).as(name + " from j1").isEqualTo(range(150));
            assertThat(received.get("node")).as(name + " from node").isEqualTo(range(150));
        }
        j1.io.emit("count", "end", 0);
        for (String name : List.of("on-j2", "on-node")) {
            assertThat(peer.nextEvent(name, "count").get(0).asText()).as(name + ": no duplicate came late").isEqualTo("end");
        }
    }

    private void publishRange(int from, int to) {
        for (int i = from; i < to; i++) {
            j1.io.emit("count", "j1", i);
        }
        peer.call("serverEmitMany", fields("event", "count", "tag", "node", "from", from, "to", to));
    }

    private final Map<String, Map<String, List<Integer>>> arrivals = new HashMap<>();

    private void awaitCounts(int count) {
        for (String name : List.of("on-j2", "on-node")) {
            receive(name, count);
        }
    }

    /** Takes arrivals of {@code count} at a client until it has {@code total}, by publisher. */
    private Map<String, List<Integer>> receive(String name, int total) {
        Map<String, List<Integer>> byPublisher = arrivals.computeIfAbsent(name, n -> new HashMap<>());
        int have = byPublisher.values().stream().mapToInt(List::size).sum();
        for (; have < total; have++) {
            JsonNode args;
            try {
                args = peer.nextEvent(name, "count");
            } catch (AssertionError e) {
                throw new AssertionError(name + " has " + byPublisher, e);
            }
            byPublisher.computeIfAbsent(args.get(0).asText(), p -> new ArrayList<>()).add(args.get(1).asInt());
        }
        return byPublisher;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
