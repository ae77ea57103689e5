package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.PayloadCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * Coverage-free fuzzing (issue 14) of every Engine.IO decoder that reads bytes from the network, in
 * both protocol revisions: inputs mix valid packets and payloads, mutations of them (bit flips,
 * truncations, inserted separators and digits) and random text and bytes. The decoders' contract is
 * to never throw: a bad frame is {@code null}, a bad payload a {@link PayloadCodec.Decoded} that is
 * not valid. What decodes must re-encode to the same packets.
 *
 * <p>jqwik's default of 1000 tries per property keeps this under a second; a long run is
 * {@code ./mvnw -B -pl engineio -am verify -Dtest=EngineDecoderFuzzTest -Djqwik.tries.default=1000000
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class EngineDecoderFuzzTest {

    /** Both revisions: every input goes to each. */
    static final List<ProtocolCodec> CODECS = List.of(ProtocolV4.INSTANCE, ProtocolV3.INSTANCE);

    @Example
    void theSeedCorpusDecodesWithoutThrowingAndReencodesTheSame() throws IOException {
        for (String line : corpus("fuzz/engineio-text.txt")) {
            String input = unescape(line);
            aTextFrameDecodesToAPacketThatReencodesTheSameOrToNull(input);
            aTextPayloadDecodesWithoutThrowingAndItsPacketsReencodeTheSame(input);
        }
        for (String line : corpus("fuzz/engineio-binary.txt")) {
            byte[] input = HexFormat.of().parseHex(line);
            aBinaryFrameDecodesToAPacketThatReencodesTheSameOrToNull(input);
            aBinaryPayloadDecodesWithoutThrowingAndItsPacketsReencodeTheSame(input);
        }
    }

    /** {@return the non-comment, non-empty lines of a corpus file on the test class path} */
    static List<String> corpus(String resource) throws IOException {
        try (InputStream in = EngineDecoderFuzzTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    /** Reads backslash-u-hex4 and backslash-n escapes, so that the corpus can hold any char. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'u' && i + 6 <= s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'n') {
                out.append('\n');
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Property
    void aTextFrameDecodesToAPacketThatReencodesTheSameOrToNull(@ForAll("texts") String frame) {
        for (ProtocolCodec codec : CODECS) {
            assertFrameRoundTrips(codec, codec.decodeTextFrame(frame));
        }
    }

    @Property
    void aBinaryFrameDecodesToAPacketThatReencodesTheSameOrToNull(@ForAll("bytes") byte[] frame) {
        for (ProtocolCodec codec : CODECS) {
            assertFrameRoundTrips(codec, codec.decodeBinaryFrame(frame));
        }
    }

    @Property
    void aTextPayloadDecodesWithoutThrowingAndItsPacketsReencodeTheSame(@ForAll("texts") String payload) {
        for (ProtocolCodec codec : CODECS) {
            assertPayloadRoundTrips(codec, codec.decodeTextPayload(payload));
        }
    }

    @Property
    void aBinaryPayloadDecodesWithoutThrowingAndItsPacketsReencodeTheSame(@ForAll("bytes") byte[] payload) {
        for (ProtocolCodec codec : CODECS) {
            assertPayloadRoundTrips(codec, codec.decodeBinaryPayload(payload));
        }
    }

    /** A decoded frame (null: refused) re-encodes the same. */
    static void assertFrameRoundTrips(ProtocolCodec codec, Packet p) {
        if (p != null) {
            assertRoundTrip(codec, List.of(p));
        }
    }

    /** A payload always decodes to a result, whose packets re-encode the same. */
    static void assertPayloadRoundTrips(ProtocolCodec codec, PayloadCodec.Decoded d) {
        assertThat(d).isNotNull();
        if (!d.packets().isEmpty()) {
            assertRoundTrip(codec, d.packets());
        }
    }

    /** Encodes the packets as text and, where the revision has one, binary payload, and decodes them back. */
    static void assertRoundTrip(ProtocolCodec codec, List<Packet> packets) {
        String text = codec.encodeTextPayload(packets);
        if (codec.revision() == 4 && packets.size() == 1) {
            // A lone packet is also a WebSocket frame, whose data may hold the v4 separator (the
            // reference sends such a message over polling as two records, too).
            Packet again = codec.decodeTextFrame(text);
            assertThat(again).as("%s re-decodes %s", codec.revision(), text).isNotNull();
            assertThat(codec.encodeTextPayload(List.of(again))).isEqualTo(text);
            return;
        }
        PayloadCodec.Decoded again = codec.decodeTextPayload(text);
        assertThat(again.valid()).as("%s re-decodes %s", codec.revision(), text).isTrue();
        assertThat(codec.encodeTextPayload(again.packets())).isEqualTo(text);
        byte[] binary = codec.encodeBinaryPayload(packets);
        if (binary != null) {
            PayloadCodec.Decoded fromBinary = codec.decodeBinaryPayload(binary);
            assertThat(fromBinary.valid()).isTrue();
            assertThat(codec.encodeBinaryPayload(fromBinary.packets())).isEqualTo(binary);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, validTexts()),
                net.jqwik.api.Tuple.of(4, mutated(validTexts())),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("0123456789:b4\u001e\uffff�").ofMaxLength(20)));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> v3Payloads = validPackets().list().ofMinSize(1).ofMaxSize(3)
                .map(ps -> {
                    // The v3 binary form exists only when a packet is binary: add one rather than filter.
                    List<Packet> withBinary = new java.util.ArrayList<>(ps);
                    withBinary.add(Packet.binary(new byte[] {1, 2}));
                    return ProtocolV3.INSTANCE.encodeBinaryPayload(withBinary);
                });
        Arbitrary<byte[]> framed = Combinators.combine(Arbitraries.of((byte) 0, (byte) 1, (byte) 4, (byte) 255), random)
                .as((first, rest) -> {
                    byte[] b = new byte[rest.length + 1];
                    b[0] = first;
                    System.arraycopy(rest, 0, b, 1, rest.length);
                    return b;
                });
        Arbitrary<byte[]> mutatedPayloads = Combinators.combine(v3Payloads, Arbitraries.integers().between(0, 1000),
                Arbitraries.of((byte) 255, (byte) 0, (byte) 1, (byte) 9, (byte) 10, (byte) 0x80))
                .as(EngineDecoderFuzzTest::mutate);
        return Arbitraries.oneOf(random, v3Payloads, framed, mutatedPayloads);
    }

    private static Arbitrary<Packet> validPackets() {
        Arbitrary<String> data = Arbitraries.strings().ofMaxLength(12);
        return Arbitraries.oneOf(
                data.map(Packet::text),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(12).map(Packet::binary),
                data.map(Packet.Ping::new),
                data.map(Packet.Pong::new),
                data.map(Packet.Open::new),
                Arbitraries.of(Packet.CLOSE, Packet.UPGRADE, Packet.NOOP, Packet.PING));
    }

    /** Encoded packets and payloads of both revisions. */
    private static Arbitrary<String> validTexts() {
        Arbitrary<List<Packet>> lists = validPackets().list().ofMinSize(1).ofMaxSize(3);
        return Arbitraries.oneOf(
                lists.map(ProtocolV4.INSTANCE::encodeTextPayload),
                lists.map(ProtocolV3.INSTANCE::encodeTextPayload));
    }

    private static Arbitrary<String> mutated(Arbitrary<String> valid) {
        return Combinators.combine(valid, Arbitraries.integers().between(0, 1000),
                Arbitraries.of('\u001e', ':', '0', '9', 'b', '4', '\n', '\ud800', '\u0000'), Arbitraries.integers().between(0, 3))
                .as((s, at, c, kind) -> {
                    int i = s.isEmpty() ? 0 : at % (s.length() + 1);
                    return switch (kind) {
                        case 0 -> s.substring(0, i);
                        case 1 -> s.substring(0, i) + c + s.substring(i);
                        case 2 -> i < s.length() ? s.substring(0, i) + (char) (s.charAt(i) ^ (1 << (at % 16))) + s.substring(i + 1) : s;
                        default -> s.substring(i) + s.substring(0, i);
                    };
                });
    }

    private static byte[] mutate(byte[] b, int at, byte inserted) {
        int i = at % (b.length + 1);
        return switch (at % 3) {
            case 0 -> java.util.Arrays.copyOf(b, i);
            case 1 -> {
                byte[] out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, i);
                out[i] = inserted;
                System.arraycopy(b, i, out, i + 1, b.length - i);
                yield out;
            }
            default -> {
                byte[] out = b.clone();
                if (i < out.length) {
                    out[i] ^= (byte) (1 << (at % 8));
                }
                yield out;
            }
        };
    }

}
