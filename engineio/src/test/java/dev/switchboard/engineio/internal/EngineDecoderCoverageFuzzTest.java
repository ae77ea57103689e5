package dev.switchboard.engineio.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing (Jazzer) of the Engine.IO decoders, with the oracle of
 * {@link EngineDecoderFuzzTest}: whatever arrives, v4 and v3 decode it to packets or refuse it,
 * never throw, and what decodes re-encodes the same.
 *
 * <p>In every build each target runs its committed inputs (under
 * {@code src/test/resources/dev/switchboard/engineio/internal/EngineDecoderCoverageFuzzTestInputs/}),
 * where a crashing input Jazzer found stays as a regression test. With {@code JAZZER_FUZZ=1} the
 * one target named by {@code -Dtest} runs guided by coverage for its {@code maxDuration}:
 * {@code JAZZER_FUZZ=1 ./mvnw -B -pl engineio -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='EngineDecoderCoverageFuzzTest#textFramesAndPayloads'}.
 */
class EngineDecoderCoverageFuzzTest {

    /** The bytes as a WebSocket text frame or a text polling body brings them: UTF-8, decoded leniently. */
    @FuzzTest(maxDuration = "30m")
    void textFramesAndPayloads(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (ProtocolCodec codec : EngineDecoderFuzzTest.CODECS) {
            EngineDecoderFuzzTest.assertFrameRoundTrips(codec, codec.decodeTextFrame(text));
            EngineDecoderFuzzTest.assertPayloadRoundTrips(codec, codec.decodeTextPayload(text));
        }
    }

    @FuzzTest(maxDuration = "30m")
    void binaryFramesAndPayloads(byte[] bytes) {
        for (ProtocolCodec codec : EngineDecoderFuzzTest.CODECS) {
            EngineDecoderFuzzTest.assertFrameRoundTrips(codec, codec.decodeBinaryFrame(bytes));
            EngineDecoderFuzzTest.assertPayloadRoundTrips(codec, codec.decodeBinaryPayload(bytes));
        }
    }
}
