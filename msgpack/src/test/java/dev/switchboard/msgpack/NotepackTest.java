package dev.switchboard.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.switchboard.socketio.parser.JsonPacketParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bytes captured from notepack.io 2.2.0 ({@link Notepack#V2}, as socket.io-msgpack-parser 3.0.2
 * uses it) and 3.0.1 ({@link Notepack#V3}, as @socket.io/redis-adapter 8.3.0 uses it), and the
 * readers' rules. {@code SideBySideFuzzTest} compares with them on random input.
 */
class NotepackTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    /** {@code B.to("room1").emit("hello","world",Buffer.from([1,2,3]))} from node 7W7nzX, as captured. */
    private static final String CAPTURED_BROADCAST = "93a63757376e7a5883a47479706502a46461746193a568656c6c6fa5776f726c64"
            + "c403010203a36e7370a12f83a5726f6f6d7391a5726f6f6d31a665786365707490a5666c61677380";

    private static String v2(JsonNode node) {
        return HEX.formatHex(Notepack.V2.encode(node));
    }

    private static String v3(JsonNode node) {
        return HEX.formatHex(Notepack.V3.encode(node));
    }

    private static JsonNode decode2(String hex) {
        return Notepack.V2.decode(HEX.parseHex(hex));
    }

    private static JsonNode decode3(String hex) {
        return Notepack.V3.decode(HEX.parseHex(hex));
    }

    // ---- what the Redis adapter exchanges (notepack 3) ----

    @Test
    void encodesARoomBroadcastExactlyAsTheNodeAdapter() {
        ArrayNode message = N.arrayNode();
        message.add("7W7nzX");
        ObjectNode packet = message.addObject();
        packet.put("type", 2);
        packet.putArray("data").add("hello").add("world").add(new byte[] {1, 2, 3});
        packet.put("nsp", "/");
        ObjectNode opts = message.addObject();
        opts.putArray("rooms").add("room1");
        opts.putArray("except");
        opts.putObject("flags");

        assertThat(v3(message)).isEqualTo(CAPTURED_BROADCAST);
    }

    @Test
    void decodesTheCapturedBroadcastWithItsBinaryArgument() throws Exception {
        JsonNode message = decode3(CAPTURED_BROADCAST);

        assertThat(message.get(0).asText()).isEqualTo("7W7nzX");
        assertThat(message.get(1).get("data").get(2).isBinary()).isTrue();
        assertThat(message.get(1).get("data").get(2).binaryValue()).containsExactly(1, 2, 3);
        assertThat(message.get(2).toString()).isEqualTo("{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}");
    }

    @Test
    void encodesABroadcastWithAckRequestExactlyAsCaptured() {
        ObjectNode request = N.objectNode();
        request.put("uid", "7W7nzX");
        request.put("requestId", "Ztzf8m");
        request.put("type", 7);
        ObjectNode packet = request.putObject("packet");
        packet.put("type", 2);
        packet.putArray("data").add("ackme").add(1);
        packet.put("nsp", "/");
        ObjectNode opts = request.putObject("opts");
        opts.putArray("rooms");
        opts.putArray("except");
        opts.putObject("flags").put("timeout", 1000);

        assertThat(v3(request)).isEqualTo("85a3756964a63757376e7a58a9726571756573744964a65a747a66386da47479706507"
                + "a67061636b657483a47479706502a46461746192a561636b6d6501a36e7370a12fa46f70747383a5726f6f6d7390"
                + "a665786365707490a5666c61677381a774696d656f7574cd03e8");
    }

    @Test
    void decodesTheEmittersMessage() {
        JsonNode message = decode3("93a7656d697474657283a47479706502a46461746192ab66726f6d456d6974746572a178"
                + "a36e7370a12f83a5726f6f6d7391a5726f6f6d31a5666c61677380a665786365707490");

        assertThat(message.toString()).isEqualTo("[\"emitter\",{\"type\":2,\"data\":[\"fromEmitter\",\"x\"],\"nsp\":\"/\"},"
                + "{\"rooms\":[\"room1\"],\"flags\":{},\"except\":[]}]");
    }

    // ---- numbers: JavaScript numbers, as notepack writes them ----

    @Test
    void encodesIntegersInTheSmallestFormatAtEveryBoundary() {
        ArrayNode ints = N.arrayNode();
        for (long v : new long[] {127, 128, 255, 256, 65535, 65536, 4294967295L, 4294967296L, -1, -32, -33, -128,
                -129, -32768, -32769, -2147483648L, -2147483649L}) {
            ints.add(v);
        }

        String expected = "dc00117fcc80ccffcd0100cdffffce00010000ceffffffffcf0000000100000000ffe0d0df"
                + "d080d1ff7fd18000d2ffff7fffd280000000d3ffffffff7fffffff";
        assertThat(v2(ints)).isEqualTo(expected);
        assertThat(v3(ints)).isEqualTo(expected);
    }

    @Test
    void writesIntegralDoublesAsIntegersAndOthersAsFloat64LikeJavaScriptNumbers() {
        assertThat(v2(N.arrayNode().add(1.5).add(2.0).add(-0.5))).isEqualTo("93cb3ff800000000000002cbbfe0000000000000");
        assertThat(v2(N.numberNode(-0.0))).isEqualTo("00");
        assertThat(v2(N.arrayNode().add(Double.NaN).add(Double.POSITIVE_INFINITY).add(Double.NEGATIVE_INFINITY)))
                .isEqualTo("93cb7ff8000000000000cb7ff0000000000000cbfff0000000000000");
    }

    @Test
    void writesIntegersPast2To64AsNotepackDoesWithTheirBitsWrapped() {
        assertThat(v2(N.numberNode(1e21))).isEqualTo("cf35c9adc5dea00000");
        assertThat(v2(N.numberNode(-1e21))).isEqualTo("d3ca36523a21600000");
        assertThat(v2(N.numberNode(Math.pow(2, 64)))).isEqualTo("cf0000000000000000");
        assertThat(v2(N.numberNode(Math.pow(2, 63)))).isEqualTo("cf8000000000000000");
        assertThat(v2(N.numberNode(Long.MIN_VALUE))).isEqualTo("d38000000000000000");
    }

    @Test
    void roundsLongsAndBigIntegersToTheDoubleJavaScriptWouldHold() {
        // 2^53 + 1 is no JavaScript number: it is read as 2^53.
        assertThat(v2(N.numberNode(9007199254740993L))).isEqualTo("cf0020000000000000");
        assertThat(v2(N.numberNode(9007199254740994L))).isEqualTo("cf0020000000000002");
        assertThat(v2(N.numberNode(new BigInteger("9007199254740994")))).isEqualTo("cf0020000000000002");
        assertThat(v2(N.numberNode(new BigDecimal("2.50")))).isEqualTo("cb4004000000000000");
        // A float is the number its JSON spelling gives (0.1), not the float's binary value.
        assertThat(v2(N.numberNode(0.1f))).isEqualTo(v2(N.numberNode(0.1)));
    }

    @Test
    void readsNumbersAsTheNodesTheJsonParserWouldMake() {
        assertThat(decode2("cd0100").isInt()).isTrue();
        assertThat(decode2("ceffffffff").isLong()).isTrue();
        assertThat(decode2("cb4000000000000000")).isEqualTo(N.numberNode(2));
        assertThat(decode2("cb8000000000000000").isDouble()).as("-0 stays a double").isTrue();
        assertThat(decode2("ca3fc00000").doubleValue()).isEqualTo(1.5);
        // hi * 2^32 + lo in doubles: 2^53 + 1 rounds to 2^53, as in JavaScript.
        assertThat(decode2("cf0020000000000001").longValue()).isEqualTo(9007199254740992L);
        assertThat(decode2("d3ffffffffffffffff").intValue()).isEqualTo(-1);
    }

    // ---- strings, binary, containers ----

    @Test
    void choosesStringAndBinaryHeadersByUtf8ByteLength() {
        assertThat(v2(N.textNode("a".repeat(31)))).startsWith("bf61");
        assertThat(v2(N.textNode("a".repeat(32)))).startsWith("d92061");
        assertThat(v2(N.textNode("a".repeat(256)))).startsWith("da010061");
        assertThat(v2(N.textNode("a".repeat(65536)))).startsWith("db0001000061");
        assertThat(v2(N.textNode("é"))).isEqualTo("a2c3a9");
        assertThat(v2(N.binaryNode(new byte[256]))).startsWith("c5010000");
        assertThat(v2(N.binaryNode(new byte[65536]))).startsWith("c600010000");
        assertThat(v2(N.arrayNode().add(true).add(false).addNull())).isEqualTo("93c3c2c0");
    }

    @Test
    void writesLoneSurrogatesAsNotepackDoesShortStringsByItsOwnLoopLongOnesAsReplacement() {
        // Up to 32 UTF-16 units notepack's loop pairs a surrogate with whatever follows it.
        assertThat(v2(N.textNode("a\ud800"))).isEqualTo("a561f0908080");
        assertThat(v2(N.textNode("\udc00a"))).isEqualTo("a4f09081a1");
        // Longer strings go through Buffer: U+FFFD.
        assertThat(v2(N.textNode("x".repeat(32) + "\ud800"))).isEqualTo("d923" + "78".repeat(32) + "efbfbd");
    }

    @Test
    void readsInvalidUtf8AsNodeDoesOneReplacementPerMaximalSubpart() {
        assertThat(decode2("a9eda080f08080c0afe0").textValue()).isEqualTo("\ufffd".repeat(9));
        assertThat(decode2("a3efbbbf").textValue()).as("a byte order mark is kept").isEqualTo("\ufeff");
        assertThat(decode2("a4f09f8e89").textValue()).isEqualTo("🎉");
    }

    @Test
    void writesObjectMembersInJavaScriptPropertyOrder() {
        ObjectNode o = N.objectNode().put("b", 1).put("2", 2).put("1", 1).put("a", 0);

        assertThat(v2(o)).isEqualTo("84a13101a13202a16201a16100");
        assertThat(decode2("84a16201a13202a16100a13101").toString()).isEqualTo("{\"1\":1,\"2\":2,\"b\":1,\"a\":0}");
    }

    @Test
    void readsARepeatedKeyAsJavaScriptDoesAtItsFirstPlaceWithItsLastValue() {
        assertThat(decode2("83a16101a16202a16103").toString()).isEqualTo("{\"a\":3,\"b\":2}");
    }

    @Test
    void readsScalarMapKeysAsThePropertyNamesJavaScriptMakes() {
        // {1: "a", -0: "z", true: "b", nil: "c", undefined: "d"}
        JsonNode o = decode2("8501a161cb8000000000000000a17ac3a162c0a163d40000a164");
        assertThat(o.toString()).isEqualTo("{\"0\":\"z\",\"1\":\"a\",\"true\":\"b\",\"null\":\"c\",\"undefined\":\"d\"}");
    }

    // ---- undefined, ext types, dates ----

    @Test
    void writesUndefinedAsEachVersionDoes() {
        ArrayNode array = N.arrayNode().add(MissingNode.getInstance()).addNull();
        ObjectNode object = N.objectNode();
        object.set("a", MissingNode.getInstance());
        object.put("b", true);

        assertThat(v2(array)).isEqualTo("92d40000c0");
        assertThat(v2(object)).isEqualTo("82a161d40000a162c3");
        assertThat(v3(array)).isEqualTo("92c0c0");
        assertThat(v3(object)).as("left out of objects").isEqualTo("81a162c3");
    }

    @Test
    void readsUndefinedAsAMissingNodeInArraysAndObjects() {
        JsonNode array = decode3("92d40000c0");
        assertThat(array.get(0).isMissingNode()).isTrue();
        assertThat(array.get(1).isNull()).isTrue();
        JsonNode object = decode2("82a161d40000a162c3");
        assertThat(object.get("a").isMissingNode()).isTrue();
        assertThat(v2(object)).as("written back as it came").isEqualTo("82a161d40000a162c3");
    }

    @Test
    void readsArrayBuffersAsBinaryThatNotepack2WritesBackAsArrayBuffers() throws Exception {
        JsonNode buffer = decode2("c702000102");
        assertThat(buffer.binaryValue()).containsExactly(1, 2);
        assertThat(v2(buffer)).isEqualTo("c702000102");
        assertThat(v3(buffer)).isEqualTo("c4020102");
    }

    @Test
    void readsOtherExtensionsAsTypeAndBytes() throws Exception {
        JsonNode other = decode2("d50501ff");
        assertThat(other.get(0).asInt()).isEqualTo(5);
        assertThat(other.get(1).binaryValue()).containsExactly(1, 0xff);
        assertThat(v2(other)).isEqualTo("9205c40201ff");
        // notepack 2 does not know timestamps.
        assertThat(decode2("d6ff00000000").get(0).asInt()).isEqualTo(-1);
    }

    @Test
    void readsDatesAsTheStringsJavaScriptDatesSerialiseTo() {
        assertThat(decode3("d6ff00000000").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(decode3("d7ff7735940000000001").asText()).isEqualTo("1970-01-01T00:00:01.500Z");
        assertThat(decode3("c70cff000000000000000400000000").asText()).isEqualTo("2514-05-30T01:53:04.000Z");
        assertThat(decode2("d700000000000000ffff").asText()).isEqualTo("1970-01-01T00:01:05.535Z");
        assertThat(decode2("d700ffffffffffffffff").asText()).isEqualTo("1969-12-31T23:59:59.999Z");
        assertThat(decode2("d700001eb208c2dc0000").asText()).isEqualTo("+275760-09-13T00:00:00.000Z");
        assertThat(decode2("d700ffe14df73d240000").asText()).isEqualTo("-271821-04-20T00:00:00.000Z");
    }

    @Test
    void writesDatesBackAsEachVersionWritesADate() {
        assertThat(v2(decode3("d7ff7735940000000001"))).isEqualTo("d70000000000000005dc");
        assertThat(v3(decode2("d700ffffffffffffffff"))).isEqualTo("c70cff3b8b87c0ffffffffffffffff");
        assertThat(v3(decode2("d70000000fa000000000"))).isEqualTo("c70cff000000000000000400000000");
        assertThat(v3(decode2("d7000000000000000000"))).isEqualTo("d6ff00000000");
    }

    @Test
    void readsAnOutOfRangeDateAsNullWrittenBackAsNotepackWritesAnInvalidDate() {
        JsonNode invalid = decode2("d700001eb208c2dc0001");
        assertThat(invalid.isNull()).isTrue();
        assertThat(v2(invalid)).isEqualTo("d7000000000000000000");
        assertThat(v3(invalid)).isEqualTo("c70cff000000000000000000000000");
    }

    @Test
    void notepack3ReadsAnExt8Timestamp96WhateverItsDeclaredLength() {
        assertThat(decode3("c705ff000000000000000000000001").asText()).isEqualTo("1970-01-01T00:00:01.000Z");
        assertThatThrownBy(() -> decode2("c705ff000000000000000000000001")).isInstanceOf(MsgPackException.class)
                .hasMessageContaining("7 trailing bytes");
    }

    // ---- what is refused ----

    @Test
    void refusesTrailingBytesTruncatedInputEmptyInputAndC1() {
        assertThatThrownBy(() -> decode2("c0c0")).isInstanceOf(MsgPackException.class)
                .hasMessage("1 trailing bytes after the value (at byte 1)");
        assertThatThrownBy(() -> decode2("92a1")).isInstanceOf(MsgPackException.class)
                .hasMessage("truncated: an array of 2 elements needs at least 2 bytes, only 1 left (at byte 1)");
        assertThatThrownBy(() -> decode2("91a2ff")).isInstanceOf(MsgPackException.class)
                .hasMessage("truncated: a string needs 2 bytes, only 1 left (at byte 2)");
        assertThatThrownBy(() -> decode2("")).isInstanceOf(MsgPackException.class)
                .hasMessage("truncated: a value needs 1 byte, only 0 left (at byte 0)");
        assertThatThrownBy(() -> decode2("c1")).isInstanceOf(MsgPackException.class)
                .hasMessage("format byte 0xc1 is not MessagePack (at byte 0)");
    }

    @Test
    void refusesAForgedCountBeforeAllocatingAnything() {
        assertThatThrownBy(() -> decode2("ddffffffff")).isInstanceOf(MsgPackException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> decode2("dfffffffff00")).isInstanceOf(MsgPackException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> decode2("c9ffffffff00")).isInstanceOf(MsgPackException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void refusesMapKeysJavaScriptWouldTurnIntoOtherNames() {
        assertThatThrownBy(() -> decode2("8190c0")).isInstanceOf(MsgPackException.class)
                .hasMessage("map key of type array is refused: JavaScript would turn it into a property name such as"
                        + " \"[object Object]\"; keys must be strings, numbers, booleans or nil (at byte 1)");
        assertThatThrownBy(() -> decode2("81cb3ff8000000000000c0")).isInstanceOf(MsgPackException.class)
                .hasMessageContaining("only integers up to 2^53");
        assertThatThrownBy(() -> decode2("81a95f5f70726f746f5f5f80")).isInstanceOf(MsgPackException.class)
                .hasMessageStartingWith("map key __proto__ is refused");
    }

    @Test
    void refusesNestingPastTheLimit() {
        String deep = "91".repeat(Notepack.MAX_DEPTH);
        assertThat(decode2(deep + "c0").at("/0/0/0").isArray()).isTrue();
        assertThatThrownBy(() -> decode2(deep + "91c0")).isInstanceOf(MsgPackException.class)
                .hasMessage("arrays and maps nested deeper than 1000 levels (at byte 1000)");
    }

    @Test
    void convertsPojoNodesWithAMapperAndRefusesThemWithout() {
        record Point(int x, int y) {
        }
        JsonNode tree = N.arrayNode().add(new POJONode(new Point(1, 2)));

        assertThat(HEX.formatHex(Notepack.V2.encode(tree, JsonPacketParser.newObjectMapper())))
                .isEqualTo("9182a17801a17902");
        assertThatThrownBy(() -> Notepack.V2.encode(tree)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("POJONode");
    }

    @Test
    void encodesEveryScalarKindTheSameInBothVersions() {
        for (JsonNode node : List.of(N.numberNode(3), N.textNode("x"), N.booleanNode(true), N.nullNode(),
                N.binaryNode(new byte[] {1}))) {
            assertThat(v3(node)).isEqualTo(v2(node));
        }
    }
}
