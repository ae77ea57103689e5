package dev.switchboard.redis;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing (Jazzer) of what {@link RedisAdapter} reads from other servers, with the
 * oracle and the harness of {@link RedisAdapterFuzzTest}: the bytes, as a message Redis delivers,
 * go through the link's real dispatcher on the request, response and broadcast channels (no Redis
 * needed, the link is never started); no exception escapes, a request or response that does not
 * decode is dropped with exactly one log line (none otherwise), and a valid server-side emit right
 * after it still reaches the application.
 *
 * <p>In every build the target runs its committed inputs (under
 * {@code src/test/resources/dev/switchboard/redis/RedisAdapterCoverageFuzzTestInputs/}), where a
 * crashing input Jazzer found stays as a regression test. With {@code JAZZER_FUZZ=1} it runs guided
 * by coverage for its {@code maxDuration}:
 * {@code JAZZER_FUZZ=1 ./mvnw -B -pl redis-adapter -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='RedisAdapterCoverageFuzzTest#messagesFromRedis'}.
 */
class RedisAdapterCoverageFuzzTest {

    /** One adapter for every input, as in a fuzzing run: a server and a client per input would cost more than the input. */
    private static final RedisAdapterFuzzTest.Harness HARNESS = new RedisAdapterFuzzTest.Harness();

    @AfterAll
    static void close() {
        HARNESS.close();
    }

    @FuzzTest(maxDuration = "30m")
    void messagesFromRedis(byte[] bytes) {
        HARNESS.assertHandledOrDroppedAndTheAdapterGoesOn(bytes, (channel, outcome) -> { });
    }
}
