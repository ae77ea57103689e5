package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.testing.LeakDetectionExtension;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the per-connection pipeline as {@link NettyServer} installs
 * it, with the oracle of {@link PipelineFuzzTest} and its fixture: a fresh server per input, no
 * exception escapes, every answer is a well-formed response (an Engine.IO error its JSON body) or,
 * after an upgrade, well-formed server frames with a close frame before the server ends the
 * connection, no session is left behind, the server serves another connection afterwards, and Netty
 * at paranoid level reports no leaked buffer.
 *
 * <p>Each input arrives in one read; {@link PipelineFuzzTest} covers heads and frames split across
 * reads. The leak check collects garbage five times, which costs more than an input: it runs every
 * {@value #LEAK_CHECK_EVERY}th input and, through {@link LeakDetectionExtension}, at the class's end
 * (so once for the committed inputs). A leak is then reported with a later input than its cause, or
 * with none; Netty's report names where the buffer was allocated and last touched.
 *
 * <p>In every build each target runs its committed inputs (under
 * {@code src/test/resources/dev/switchboard/server/PipelineCoverageFuzzTestInputs/}), where a
 * crashing input Jazzer found stays as a regression test. With {@code JAZZER_FUZZ=1} the one target
 * named by {@code -Dtest} runs guided by coverage for its {@code maxDuration}:
 * {@code JAZZER_FUZZ=1 ./mvnw -B -pl server -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='PipelineCoverageFuzzTest#requestBytes'} (or {@code #bytesAfterAnUpgrade}).
 */
class PipelineCoverageFuzzTest {

    static {
        // As in PipelineFuzzTest: the recording leak detector before any buffer class is initialised.
        new LeakDetectionExtension();
    }

    private static final int LEAK_CHECK_EVERY = 500;
    private static int inputs;

    /** The bytes as the first read of a new connection: a request head, maybe a body and more requests. */
    @FuzzTest(maxDuration = "30m")
    void requestBytes(byte[] bytes) throws InterruptedException {
        PipelineFuzzTest.assertRequestBytesAreAnswered(List.of(bytes), false);
        checkLeaks();
    }

    /** The bytes as a client's WebSocket frames, read at once after a valid upgrade. */
    @FuzzTest(maxDuration = "30m")
    void bytesAfterAnUpgrade(byte[] bytes) throws InterruptedException {
        PipelineFuzzTest.assertBytesAfterAnUpgradeAreAnswered(List.of(bytes));
        checkLeaks();
    }

    private static void checkLeaks() throws InterruptedException {
        if (++inputs % LEAK_CHECK_EVERY == 0) {
            assertThat(LeakDetectionExtension.collectLeaks()).isEmpty();
        }
    }
}
