package dev.switchboard.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the buffers Netty's leak detector finds garbage-collected unreleased in a Java server
 * under test, so that the soak can report them over {@link ControlLine}: the servers run with
 * logging off, and a detector whose logger is off drops what it finds without a word.
 */
final class LeakCounter {

    private static final AtomicLong LEAKS = new AtomicLong();
    private static volatile boolean installed;

    private LeakCounter() {
    }

    /**
     * Makes every leak detector created from now on count what it finds. Call it first thing in
     * {@code main}: buffer classes create their detector once, when they are first loaded.
     */
    static void install() {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
                return new Counting<>(resource, samplingInterval);
            }

            // still the one abstract method of the factory, though deprecated in favour of the above
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                     long maxActive) {
                return new Counting<>(resource, samplingInterval);
            }
        });
        installed = true;
    }

    /**
     * Leaks found so far. Called after a collection: the detector looks at what the collector
     * queued only when it tracks a new buffer, so a few are allocated first (the default level
     * tracks one allocation in 128).
     *
     * @return the count, or -1 when {@link #install()} was not called
     */
    static long count() {
        if (!installed) {
            return -1;
        }
        for (int i = 0; i < 1_024; i++) {
            ByteBufAllocator.DEFAULT.buffer(1).release();
        }
        return LEAKS.get();
    }

    private static final class Counting<T> extends ResourceLeakDetector<T> {
        Counting(Class<?> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.incrementAndGet();
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.incrementAndGet();
            super.reportUntracedLeak(resourceType);
        }
    }
}
