package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The sharded protocol ({@code createShardedAdapter}, SSUBSCRIBE/SPUBLISH, dynamic room channels)
 * across three Java servers: {@link ClusterContract} plus its channel layout.
 */
class ShardedRedisAdapterTest extends ClusterContract {

    @Override
    RedisAdapterOptions options() {
        return RedisAdapterOptions.builder().mode(RedisAdapterOptions.Mode.SHARDED).build();
    }

    @Test
    void countsServersBySubscribersOfTheShardedMainChannel() {
        assertThat(redis.arrayCommand("PUBSUB SHARDNUMSUB socket.io#/#")).containsExactly("socket.io#/#", "3");
        assertThat(redis.arrayCommand("PUBSUB NUMSUB socket.io-request#/#")).containsExactly("socket.io-request#/#", "0");
    }

    @Test
    void subscribesAPublicRoomsChannelWhileTheRoomHasMembersHere() {
        try (TestClient b = n2.client("b", "dyn")) {
            b.emitWithAck("join", "dyn-room");
            awaitShardChannel("socket.io#/#dyn-room#", true);
            // The socket's own id room has no channel in dynamic mode.
            assertThat(redis.arrayCommand("PUBSUB SHARDCHANNELS *")).doesNotContain("socket.io#/#" + b.id() + "#");

            n1.io.to("dyn-room").emit("dyn", "via the room channel");
            assertThat(b.next("dyn")[0]).isEqualTo("via the room channel");

            b.emitWithAck("leave", "dyn-room");
            awaitShardChannel("socket.io#/#dyn-room#", false);
        }
    }

    private void awaitShardChannel(String channel, boolean present) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<String> channels = redis.arrayCommand("PUBSUB SHARDCHANNELS *");
            if (channels.contains(channel) == present) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError(channel + (present ? " was never subscribed" : " is still subscribed"));
    }
}
