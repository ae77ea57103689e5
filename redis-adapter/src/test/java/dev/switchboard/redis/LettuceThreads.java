package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The threads a Lettuce client runs (I/O loops, timer, event executor): all named {@code lettuce-…}. */
final class LettuceThreads {

    private LettuceThreads() {
    }

    /** {@return every live thread now} */
    static Set<Thread> now() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /**
     * Waits up to 10 s for Lettuce threads that were not alive at {@code before}.
     *
     * @param before the threads before the client started
     * @return those started since, at least one
     */
    static List<Thread> startedSince(Set<Thread> before) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.getName().startsWith("lettuce-"))
                    .toList();
            if (!started.isEmpty() || System.nanoTime() > deadline) {
                assertThat(started).as("Lettuce threads started by the factory").isNotEmpty();
                return started;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Asserts that each of the threads ends within 10 s. */
    static void assertAllEnd(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(threads).as("Lettuce threads still running after close").noneMatch(Thread::isAlive);
    }
}
