package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a streams factory owns ends with it; its cluster behaviour is in the streams suites. */
class RedisStreamsAdapterFactoryTest {

    @Test
    void closingAFactoryThatMadeItsOwnClientEndsEveryThreadThatClientStarted() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Set<Thread> before = LettuceThreads.now();
            RedisStreamsAdapterFactory factory = RedisStreamsAdapterFactory.create(redis.uri());
            List<Thread> started = LettuceThreads.startedSince(before);
            factory.closeAsync().get(20, TimeUnit.SECONDS);
            LettuceThreads.assertAllEnd(started);
        }
    }

    @Test
    void closingAFactoryWhileItsConnectionsAreBeingMadeClosesThemBeforeItsThreadsStop() throws Exception {
        try (RedisServer redis = RedisServer.start(); SlowConnectProxy proxy = SlowConnectProxy.start(redis, 500)) {
            long idle = redis.info("clients", "connected_clients");
            Set<Thread> before = LettuceThreads.now();
            RedisStreamsAdapterFactory factory = RedisStreamsAdapterFactory.create(proxy.uri());
            List<Thread> started = LettuceThreads.startedSince(before);
            // Every connection is still held by the proxy: close waits for them and closes them.
            factory.closeAsync().get(20, TimeUnit.SECONDS);
            LettuceThreads.assertAllEnd(started);
            assertThat(redis.awaitConnectedClients(idle)).as("clients left on Redis").isEqualTo(idle);
        }
    }
}
