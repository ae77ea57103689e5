package dev.switchboard.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer while it ran.
 *
 * <p>Registered through {@code META-INF/services} and JUnit's extension auto-detection, so every test
 * class of every module is covered without annotations. The surefire configuration runs tests with
 * {@code -Dio.netty.leakDetection.level=paranoid}, so every buffer is tracked. Netty only notices a
 * leak when the leaked buffer has been garbage collected and a later allocation polls the reference
 * queue; {@link #afterAll} therefore collects garbage and allocates a few probe buffers before it
 * checks.
 */
public final class LeakDetectionExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    /** Creates the extension; JUnit instantiates it through the service loader. */
    public LeakDetectionExtension() {
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        List<String> found = collectLeaks();
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " leaked buffer(s) during "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", found));
        }
    }

    /**
     * Makes Netty notice the buffers leaked so far and returns (and forgets) its reports: for test
     * engines that JUnit Jupiter extensions do not reach (jqwik properties), which check after
     * each property instead.
     *
     * @return the leak reports, empty when nothing leaked
     * @throws InterruptedException when interrupted while the collector runs
     */
    public static List<String> collectLeaks() throws InterruptedException {
        // Reference processing is asynchronous: give the collector a few rounds to enqueue
        // leaked buffers, each followed by an allocation that makes the detector poll.
        for (int round = 0; round < 5 && LEAKS.isEmpty(); round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 4; i++) {
                ByteBuf probe = Unpooled.directBuffer(1);
                probe.release();
                ByteBuf heap = Unpooled.buffer(1);
                heap.release();
            }
        }
        List<String> found = new ArrayList<>(LEAKS);
        LEAKS.removeAll(found);
        return found;
    }

    /** The leak reports collected so far and not yet failed on; for tests of this extension. */
    static List<String> leaks() {
        return LEAKS;
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + " (untraced)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
