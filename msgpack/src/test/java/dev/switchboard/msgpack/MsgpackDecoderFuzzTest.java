package dev.switchboard.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.engineio.Packet.Binary;
import dev.switchboard.socketio.parser.PacketParser.Decoder;
import dev.switchboard.socketio.parser.PacketParser.ParseException;
import dev.switchboard.socketio.protocol.Packet;
import dev.switchboard.testing.Mutations;
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
 * Fuzzing (issue 14) of the msgpack decoders that read bytes from the network, in pure Java so that
 * it runs where Node is missing ({@link SideBySideFuzzTest} compares with the reference but needs
 * it): random bytes, valid packets and mutations of them (truncations, inserted format bytes, bit
 * flips) go into {@link Notepack#decode} and the parser's decoder. Their contract is one documented
 * refusal each: {@link MsgPackException} from the codec, {@link ParseException} from the parser; any
 * other exception or error (an {@code OutOfMemoryError} from a claimed length, a
 * {@code StackOverflowError} from nesting, a {@code ClassCastException}) fails. What the parser
 * accepts must reach bytes that encode, decode and encode again the same.
 *
 * <p>1000 tries per property (under a second); the long run is {@code ./mvnw -B -pl msgpack -am verify
 * -Dtest=MsgpackDecoderFuzzTest -Djqwik.tries.default=1000000 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MsgpackDecoderFuzzTest {

    private static final MsgpackPacketParser PARSER = new MsgpackPacketParser();

    @Example
    void theSeedCorpusIsDecodedOrRefusedWithTheDocumentedException() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("fuzz/msgpack.txt")) {
            assertThat(in).isNotNull();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            assertThat(lines).hasSizeGreaterThan(10);
            for (String line : lines) {
                byte[] input = HexFormat.of().parseHex(line);
                theCodecDecodesOrThrowsOnlyMsgPackException(input);
                theParserDecodesOrThrowsOnlyParseExceptionAndWhatItDecodesRoundTrips(input);
            }
        }
    }

    @Property
    void theCodecDecodesOrThrowsOnlyMsgPackException(@ForAll("inputs") byte[] input) {
        assertCodecDecodesOrRefuses(input);
    }

    @Property
    void theParserDecodesOrThrowsOnlyParseExceptionAndWhatItDecodesRoundTrips(@ForAll("inputs") byte[] input) {
        assertParserDecodesOrRefusesAndRoundTrips(input);
    }

    /** The codec's half of the oracle, shared with {@link MsgpackDecoderCoverageFuzzTest}: a value or a {@link MsgPackException}. */
    static void assertCodecDecodesOrRefuses(byte[] input) {
        for (Notepack codec : Notepack.values()) {
            try {
                JsonNode value = codec.decode(input);
                assertThat(value).isNotNull();
            } catch (MsgPackException expected) {
                assertThat(expected.getMessage()).isNotBlank();
                assertThat(expected.offset()).isBetween(0, input.length);
            }
        }
    }

    /**
     * The parser's half, shared with {@link MsgpackDecoderCoverageFuzzTest}: a packet or a
     * {@link ParseException}, and what decodes reaches bytes that encode stably.
     */
    static void assertParserDecodesOrRefusesAndRoundTrips(byte[] input) {
        Decoder decoder = PARSER.newDecoder();
        Packet packet;
        try {
            packet = decoder.decode(new Binary(input));
        } catch (ParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return;
        }
        assertThat(packet).isNotNull();
        // Compared as bytes, once a round trip has normalised them: an integral number past 2^63 is
        // written with notepack's wrapping 64-bit arithmetic (the reference's bytes, checked by
        // SideBySideFuzzTest), e.g. -4e47 as int64 0, which decodes to 0 and is then written as
        // fixint 0; from there encoding must be stable.
        byte[] once = ((Binary) PARSER.encode(packet).get(0)).bytes();
        assertThatCode(() -> {
            byte[] twice = ((Binary) PARSER.encode(PARSER.newDecoder().decode(new Binary(once))).get(0)).bytes();
            Packet again = PARSER.newDecoder().decode(new Binary(twice));
            assertThat(((Binary) PARSER.encode(again).get(0)).bytes()).isEqualTo(twice);
        }).as("re-decoding %s", packet).doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(48);
        Arbitrary<byte[]> valid = validPackets().map(p -> ((Binary) PARSER.encode(p).get(0)).bytes());
        // Format bytes that claim lengths, nesting or types the decoder must refuse or bound.
        Arbitrary<Byte> formats = Arbitraries.of((byte) 0xc1, (byte) 0xc4, (byte) 0xc6, (byte) 0xc7, (byte) 0xc9,
                (byte) 0xcb, (byte) 0xcf, (byte) 0xd3, (byte) 0xd4, (byte) 0xdb, (byte) 0xdd, (byte) 0xdf,
                (byte) 0x91, (byte) 0x81, (byte) 0xff, (byte) 0x00, (byte) 0xa1);
        Arbitrary<byte[]> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 10_000), formats)
                .as(Mutations::mutate);
        Arbitrary<byte[]> headerThenRandom = Combinators.combine(formats, random).as((f, rest) -> {
            byte[] b = new byte[rest.length + 1];
            b[0] = f;
            System.arraycopy(rest, 0, b, 1, rest.length);
            return b;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, random),
                net.jqwik.api.Tuple.of(2, valid),
                net.jqwik.api.Tuple.of(5, mutated),
                net.jqwik.api.Tuple.of(2, headerThenRandom));
    }

    private static Arbitrary<Packet> validPackets() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<String> nsps = Arbitraries.of("/", "/admin", "/ü");
        Arbitrary<String> words = Arbitraries.strings().ofMaxLength(8);
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                words.map(f::textNode), Arbitraries.longs().map(f::numberNode), Arbitraries.doubles().map(f::numberNode),
                Arbitraries.of(f.booleanNode(true), f.nullNode()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(f::binaryNode));
        Arbitrary<com.fasterxml.jackson.databind.node.ArrayNode> eventData = Combinators
                .combine(words.filter(w -> !w.isEmpty()), scalars.list().ofMaxSize(3))
                .as((name, args) -> {
                    var a = f.arrayNode().add(name);
                    args.forEach(a::add);
                    return a;
                });
        Arbitrary<Long> acks = Arbitraries.longs().between(-1, 1L << 40);
        return Arbitraries.oneOf(
                Combinators.combine(nsps, eventData, acks).as(Packet.Event::new),
                Combinators.combine(nsps, scalars.list().ofMaxSize(3), Arbitraries.longs().between(0, 1000))
                        .as((n, args, id) -> {
                            var a = f.arrayNode();
                            args.forEach(a::add);
                            return new Packet.Ack(n, a, id);
                        }),
                nsps.map(n -> new Packet.Connect(n, null)),
                nsps.map(Packet.Disconnect::new));
    }
}
