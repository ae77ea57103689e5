package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The classic protocol ({@code createAdapter}) across three Java servers: {@link ClusterContract} plus its own requests. */
class RedisAdapterTest extends ClusterContract {

    @Override
    RedisAdapterOptions options() {
        return RedisAdapterOptions.DEFAULT;
    }

    @Test
    void countsEveryServerThatSubscribedTheRequestChannelOnce() {
        assertThat(redis.arrayCommand("PUBSUB NUMSUB socket.io-request#/#")).containsExactly("socket.io-request#/#", "3");
    }

    @Test
    void allRoomsListsTheRoomsOfEveryServer() {
        try (TestClient a = n1.client("a"); TestClient c = n3.client("c")) {
            a.emitWithAck("join", "alpha");
            c.emitWithAck("join", "gamma");

            Set<String> rooms = await(((RedisAdapter) n2.main().adapter()).allRooms());

            assertThat(rooms).contains("alpha", "gamma", a.id(), c.id());
        }
    }
}
