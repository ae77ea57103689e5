package dev.switchboard.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Packet.Binary;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.Packet.Text;
import dev.switchboard.socketio.parser.PacketParser.Decoder;
import dev.switchboard.socketio.parser.PacketParser.ParseException;
import dev.switchboard.socketio.protocol.Packet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the default Socket.IO v5 packet decoder (issue 14) with sequences of messages, the way a
 * connection feeds it: valid headers (with binary placeholders and their attachments), mutations of
 * them (truncations, inserted separators and digits, bit flips) and random text and bytes. The
 * decoder's contract: a complete packet, {@code null} while attachments are due, or
 * {@link ParseException}; nothing else escapes. A decoded packet re-encodes to messages that decode to
 * a packet encoding the same.
 *
 * <p>jqwik's default of 1000 tries keeps this around a second; {@code -Djqwik.tries.default=1000000}
 * runs long.
 */
class JsonPacketParserFuzzTest {

    private static final List<String> VALID = List.of(
            "0", "0{\"token\":\"a\"}", "0/admin,", "0/admin,{\"x\":[1,2]}", "1", "1/admin,",
            "2[\"hey\",\"Jude\"]", "2/admin,[\"ev\",{\"a\":null}]", "212[\"ev\",1.5e3]", "2/n,7[\"ev\"]",
            "3/admin,13[\"bar\"]", "31[]", "4{\"message\":\"no\"}", "4/admin,{\"message\":\"x\",\"data\":{}}",
            "51-[\"m\",{\"_placeholder\":true,\"num\":0}]",
            "52-/admin,9[\"m\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]",
            "61-/admin,1[{\"_placeholder\":true,\"num\":0}]", "2[\"\\u001e\",\"\\ud83d\\ude00\"]");

    private static final JsonPacketParser PARSER = new JsonPacketParser();

    @Example
    void theSeedCorpusDecodesToPacketsNullOrAParseErrorAndReencodesTheSame() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("fuzz/socketio.txt")) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
                List<Message> messages = new ArrayList<>();
                for (String m : line.split(" \\| ")) {
                    messages.add(m.startsWith("b:") ? new Binary(HexFormat.of().parseHex(m.substring(2)))
                            : new Text(m.substring(2)));
                }
                aMessageSequenceDecodesToPacketsNullOrAParseErrorAndPacketsReencodeTheSame(messages);
            }
        }
    }

    @Property
    void aMessageSequenceDecodesToPacketsNullOrAParseErrorAndPacketsReencodeTheSame(
            @ForAll("sequences") List<Message> messages) {
        assertSequenceDecodesAndReencodes(messages);
    }

    /**
     * The oracle, shared with {@link JsonPacketParserCoverageFuzzTest}: the messages of one connection
     * decode to packets, {@code null} or a {@link ParseException}, and each packet re-encodes the same.
     */
    static void assertSequenceDecodesAndReencodes(List<Message> messages) {
        Decoder decoder = PARSER.newDecoder();
        for (Message m : messages) {
            Packet p;
            try {
                p = decoder.decode(m);
            } catch (ParseException e) {
                // The documented outcome: the connection closes; a fresh decoder starts over.
                decoder = PARSER.newDecoder();
                continue;
            }
            // An EVENT without payload ("2") decodes with empty data, as the reference server takes it,
            // but "2[]" is no valid EVENT for the reference either: no round trip to check there.
            if (p != null && !(p instanceof Packet.Event e && (e.data().isEmpty() || nameIsNotFinite(e)))) {
                assertReencodesTheSame(p);
            }
        }
        decoder.reset();
    }

    /**
     * An event named by a number JSON.parse reads as infinite ({@code 2[1e400]}, found by Jazzer):
     * valid, a number being a valid name, but written back as {@code 2[null]}, which is not. The
     * reference does the same (socket.io-parser 4.2.7 decodes {@code 2[5e1313]}, encodes
     * {@code 2[null]} and refuses that as {@code invalid payload}), so there is no round trip to check.
     */
    private static boolean nameIsNotFinite(Packet.Event e) {
        return e.data().get(0).isNumber() && !Double.isFinite(e.data().get(0).doubleValue());
    }

    private static void assertReencodesTheSame(Packet p) {
        List<Message> encoded = PARSER.encode(p);
        Decoder decoder = PARSER.newDecoder();
        Packet again = null;
        for (int i = 0; i < encoded.size(); i++) {
            try {
                again = decoder.decode(encoded.get(i));
            } catch (ParseException e) {
                throw new AssertionError("own encoding " + describe(encoded) + " of " + p + " fails: " + e.getMessage(), e);
            }
            if (i < encoded.size() - 1) {
                assertThat(again).as("packet before its last attachment").isNull();
            }
        }
        assertThat(again).as("decodes %s", describe(encoded)).isNotNull();
        assertThat(describe(PARSER.encode(again))).isEqualTo(describe(encoded));
    }

    private static List<String> describe(List<Message> messages) {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            out.add(m instanceof Text t ? "t:" + t.text() : "b:" + java.util.HexFormat.of().formatHex(((Binary) m).bytes()));
        }
        return out;
    }

    @Provide
    Arbitrary<List<Message>> sequences() {
        Arbitrary<Message> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(Binary::new);
        Arbitrary<Message> text = texts().map(Text::new);
        Arbitrary<Message> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, text), net.jqwik.api.Tuple.of(2, binary));
        return Combinators.combine(text, any.list().ofMaxSize(3)).as((first, rest) -> {
            List<Message> all = new ArrayList<>();
            all.add(first);
            all.addAll(rest);
            return all;
        });
    }

    private static Arbitrary<String> texts() {
        Arbitrary<String> valid = Arbitraries.of(VALID);
        Arbitrary<String> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 1000),
                Arbitraries.of(',', '-', '/', '[', ']', '{', '}', '"', '0', '9', '\u001e', ':', '\\', '\ud800'),
                Arbitraries.integers().between(0, 3))
                .as((s, at, c, kind) -> {
                    int i = at % (s.length() + 1);
                    return switch (kind) {
                        case 0 -> s.substring(0, i);
                        case 1 -> s.substring(0, i) + c + s.substring(i);
                        case 2 -> i < s.length() ? s.substring(0, i) + (char) (s.charAt(i) ^ (1 << (at % 7))) + s.substring(i + 1) : s;
                        default -> s.substring(0, i) + "99999999999" + s.substring(i);
                    };
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, valid),
                net.jqwik.api.Tuple.of(5, mutated),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(30)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("0123456-/,[]{}\"").ofMaxLength(20)));
    }
}
