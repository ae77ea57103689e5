package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broadcasts a node publishes in one event-loop turn reach Redis in one write, which Redis
 * takes in one read: Redis's CPU per message, the resource every node of a cluster shares, is what
 * a flush per PUBLISH would multiply. They still arrive complete and in order.
 */
class PublishBatchingTest {

    private static final int BURST = 50;

    private RedisServer redis;
    private JavaNode a;
    private JavaNode b;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        a = new JavaNode("a", redis.uri(), RedisAdapterOptions.DEFAULT);
        a.io.on("connection", socket -> socket.on("burst", (args, ack) -> {
            // One handler call, so one turn of this socket's event loop.
            for (int i = 0; i < BURST; i++) {
                a.io.emit("n", i);
            }
        }));
        b = new JavaNode("b", redis.uri(), RedisAdapterOptions.DEFAULT);
        a.awaitReady();
        b.awaitReady();
    }

    @AfterEach
    void stop() {
        Teardown.closeInOrder(a, b, redis);
    }

    @Test
    void aTurnsPublishesReachRedisInOneReadAndArriveInOrder() {
        TestClient sender = a.client("sender");
        TestClient receiver = b.client("receiver", "n");
        long readsBefore = redis.info("stats", "total_reads_processed");

        sender.socket().emit("burst");
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            got.add(receiver.next("n")[0]);
        }
        long reads = redis.info("stats", "total_reads_processed") - readsBefore;

        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            expected.add(i);
        }
        assertThat(got).isEqualTo(expected);
        // The burst's PUBLISH commands and this INFO; a flush per command would be up to 50 reads.
        assertThat(reads).as("Redis reads for %d publishes", BURST).isLessThanOrEqualTo(3);
        sender.socket().close();
        receiver.socket().close();
    }
}
