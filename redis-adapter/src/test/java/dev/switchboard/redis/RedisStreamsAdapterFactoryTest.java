package dev.switchboard.redis;

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
}
