package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.redis.internal.StreamsLink;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's broadcasts enter the stream in the order it published them, through Redis outages too:
 * the Streams adapter promises what it published while Redis was away, and a client reading the
 * stream must see one publisher's packets in that publisher's order, as a client of one Node server
 * does. Lettuce alone does not keep that order across a reconnection (a command written while the
 * new connection is being activated overtakes the commands queued during the outage, and a command
 * whose write failed is queued again behind later ones), so the link keeps it.
 */
class RedisStreamsOutageOrderTest {

    private static final int OUTAGES = 3;
    private static final int PER_PHASE = 300;

    private RedisServer redis;
    private ClientResources resources;
    private RedisClient client;
    private StreamsLink link;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        // The reconnection backoff of the adapter's own client (RedisStreamsAdapterFactory.create).
        resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, RedisURI.create(redis.uri()));
        client.setOptions(ClientOptions.builder().autoReconnect(true).build());
        link = new StreamsLink(client, RedisURI.create(redis.uri()), false, false, 100, Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() {
        link.close().orTimeout(10, TimeUnit.SECONDS).join();
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        redis.close();
    }

    @Test
    void appendsPublishedDuringAndRightAfterAnOutageEnterTheStreamInPublicationOrder() {
        int n = 0;
        for (int outage = 0; outage < OUTAGES; outage++) {
            append("warm-up", -1).orTimeout(20, TimeUnit.SECONDS).join(); // connected before the kill
            redis.kill();
            int first = n;
            List<CompletableFuture<String>> sent = new ArrayList<>();
            for (int i = 0; i < PER_PHASE; i++) {
                sent.add(append("s", n++)); // queued while Redis is away
            }
            redis.restart();
            // Published while the client reconnects: the moment Lettuce reorders.
            for (int i = 0; i < PER_PHASE; i++) {
                sent.add(append("s", n++));
            }
            CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).orTimeout(30, TimeUnit.SECONDS).join();

            // The restarted Redis starts empty (no persistence): the stream holds this outage's appends.
            assertThat(numbers("s")).as("outage %d", outage).isEqualTo(range(first, n));
        }
    }

    private CompletableFuture<String> append(String stream, int number) {
        return link.xadd(stream, Map.of("n", Integer.toString(number)), 100_000);
    }

    private List<Integer> numbers(String stream) {
        List<Integer> out = new ArrayList<>();
        for (StreamMessage<String, byte[]> entry : link.xrange(stream, "-", null).orTimeout(10, TimeUnit.SECONDS).join()) {
            out.add(Integer.parseInt(new String(entry.getBody().get("n"), StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }
}
