package dev.switchboard.redis;

/**
 * The Redis Streams adapter in a cluster of Java servers and a Node server running
 * {@code @socket.io/redis-streams-adapter} 0.3.1: every operation of {@link MixedClusterContract}
 * in both directions, with connection state recovery on everywhere (so broadcasts carry offsets).
 */
class RedisStreamsAdapterNodeInteropTest extends MixedClusterContract {

    @Override
    RedisAdapterOptions options() {
        return RedisAdapterOptions.DEFAULT; // not used: the nodes run the Streams adapter
    }

    @Override
    String nodeMode() {
        return "streams";
    }

    @Override
    JavaNode javaNode(String name) {
        return new JavaNode(name, redis.uri(), RedisStreamsAdapterOptions.DEFAULT, true);
    }
}
