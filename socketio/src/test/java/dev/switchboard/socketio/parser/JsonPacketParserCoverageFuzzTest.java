package dev.switchboard.socketio.parser;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.engineio.Packet.Binary;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.Packet.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the Socket.IO v5 JSON packet decoder, with the oracle of
 * {@link JsonPacketParserFuzzTest}: the messages of one connection decode to packets, {@code null}
 * while attachments are due, or a {@link PacketParser.ParseException}; nothing else escapes, and a
 * decoded packet re-encodes the same.
 *
 * <p>In every build the target runs its committed inputs (under
 * {@code src/test/resources/dev/switchboard/socketio/parser/JsonPacketParserCoverageFuzzTestInputs/}),
 * where a crashing input Jazzer found stays as a regression test. With {@code JAZZER_FUZZ=1} it runs
 * guided by coverage for its {@code maxDuration}:
 * {@code JAZZER_FUZZ=1 ./mvnw -B -pl socketio -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest='JsonPacketParserCoverageFuzzTest#messageSequences'}.
 */
class JsonPacketParserCoverageFuzzTest {

    /** Separates the messages of one input: never part of UTF-8 text, so text inputs stay readable. */
    private static final byte SEPARATOR = (byte) 0xff;

    /**
     * The bytes as the messages of one connection: split at each 0xff byte, a part that starts with
     * 0x00 is a binary message (an attachment) of the bytes after it, any other part a text message,
     * decoded leniently from UTF-8.
     */
    @FuzzTest(maxDuration = "30m")
    void messageSequences(byte[] bytes) {
        JsonPacketParserFuzzTest.assertSequenceDecodesAndReencodes(messages(bytes));
    }

    private static List<Message> messages(byte[] bytes) {
        List<Message> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == SEPARATOR) {
                byte[] part = Arrays.copyOfRange(bytes, from, i);
                out.add(part.length > 0 && part[0] == 0 ? new Binary(Arrays.copyOfRange(part, 1, part.length))
                        : new Text(new String(part, StandardCharsets.UTF_8)));
                from = i + 1;
            }
        }
        return out;
    }
}
