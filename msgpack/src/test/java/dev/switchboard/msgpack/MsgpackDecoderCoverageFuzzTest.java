package dev.switchboard.msgpack;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the msgpack decoders that read bytes from the network, with
 * the oracle of {@link MsgpackDecoderFuzzTest}: {@link Notepack#decode} returns a value or throws
 * {@link MsgPackException}, the parser's decoder returns a packet or throws
 * {@code ParseException}, nothing else escapes, and what the parser accepts encodes stably.
 *
 * <p>In every build the target runs its committed inputs (under
 * {@code src/test/resources/dev/switchboard/msgpack/MsgpackDecoderCoverageFuzzTestInputs/}), where a
 * crashing input Jazzer found stays as a regression test. With {@code JAZZER_FUZZ=1} it runs guided
 * by coverage for its {@code maxDuration}:
 * {@code JAZZER_FUZZ=1 ./mvnw -B -pl msgpack -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='MsgpackDecoderCoverageFuzzTest#binaryMessages'}.
 */
class MsgpackDecoderCoverageFuzzTest {

    /** The bytes as a binary WebSocket message or polling packet brings them to the codec and the parser. */
    @FuzzTest(maxDuration = "30m")
    void binaryMessages(byte[] bytes) {
        MsgpackDecoderFuzzTest.assertCodecDecodesOrRefuses(bytes);
        MsgpackDecoderFuzzTest.assertParserDecodesOrRefusesAndRoundTrips(bytes);
    }
}
