package dev.switchboard.redis;

/**
 * The sharded protocol in a cluster of Java servers and a Node server running
 * {@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.x (dynamic room channels on
 * both sides).
 */
class ShardedRedisAdapterNodeInteropTest extends MixedClusterContract {

    @Override
    RedisAdapterOptions options() {
        return RedisAdapterOptions.builder().mode(RedisAdapterOptions.Mode.SHARDED).build();
    }

    @Override
    String nodeMode() {
        return "sharded";
    }
}
