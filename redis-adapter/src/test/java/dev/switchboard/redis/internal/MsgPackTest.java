package dev.switchboard.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Bytes captured from notepack.io 3.0.1 (as used by @socket.io/redis-adapter 8.3.0) and its decoder's rules. */
class MsgPackTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    /** {@code B.to("room1").emit("hello","world",Buffer.from([1,2,3]))} from node 7W7nzX, as captured. */
    private static final String CAPTURED_BROADCAST = "93a63757376e7a5883a47479706502a46461746193a568656c6c6fa5776f726c64"
            + "c403010203a36e7370a12f83a5726f6f6d7391a5726f6f6d31a665786365707490a5666c61677380";

    private static String hex(JsonNode node) {
        return HEX.formatHex(MsgPack.encode(node));
    }

    private static JsonNode decode(String hex) {
        return MsgPack.decode(HEX.parseHex(hex));
    }

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

        assertThat(hex(message)).isEqualTo(CAPTURED_BROADCAST);
    }

    @Test
    void decodesTheCapturedBroadcastWithItsBinaryArgument() throws Exception {
        JsonNode message = decode(CAPTURED_BROADCAST);

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

        assertThat(hex(request)).isEqualTo("85a3756964a63757376e7a58a9726571756573744964a65a747a66386da47479706507"
                + "a67061636b657483a47479706502a46461746192a561636b6d6501a36e7370a12fa46f70747383a5726f6f6d7390"
                + "a665786365707490a5666c61677381a774696d656f7574cd03e8");
    }

    @Test
    void encodesABroadcastAckResponseExactlyAsCaptured() {
        ObjectNode response = N.objectNode();
        response.put("type", 9);
        response.put("requestId", "Ztzf8m");
        response.put("packet", "ack-from-c1");

        assertThat(hex(response)).isEqualTo("83a47479706509a9726571756573744964a65a747a66386d"
                + "a67061636b6574ab61636b2d66726f6d2d6331");
    }

    @Test
    void decodesTheEmittersMessage() {
        JsonNode message = decode("93a7656d697474657283a47479706502a46461746192ab66726f6d456d6974746572a178"
                + "a36e7370a12f83a5726f6f6d7391a5726f6f6d31a5666c61677380a665786365707490");

        assertThat(message.toString()).isEqualTo("[\"emitter\",{\"type\":2,\"data\":[\"fromEmitter\",\"x\"],\"nsp\":\"/\"},"
                + "{\"rooms\":[\"room1\"],\"flags\":{},\"except\":[]}]");
    }

    @Test
    void encodesIntegersInTheSmallestFormatAtEveryBoundary() {
        ArrayNode ints = N.arrayNode();
        for (long v : new long[] {127, 128, 255, 256, 65535, 65536, 4294967295L, 4294967296L, -1, -32, -33, -128,
                -129, -32768, -32769, -2147483648L, -2147483649L}) {
            ints.add(v);
        }

        assertThat(hex(ints)).isEqualTo("dc00117fcc80ccffcd0100cdffffce00010000ceffffffffcf0000000100000000ffe0d0df"
                + "d080d1ff7fd18000d2ffff7fffd280000000d3ffffffff7fffffff");
    }

    @Test
    void writesIntegralDoublesAsIntegersAndOthersAsFloat64LikeJavaScriptNumbers() {
        ArrayNode numbers = N.arrayNode().add(1.5).add(2.0).add(-0.5);

        assertThat(hex(numbers)).isEqualTo("93cb3ff800000000000002cbbfe0000000000000");
    }

    @Test
    void choosesStringAndBinaryHeadersByUtf8ByteLength() {
        assertThat(hex(N.textNode("a".repeat(31)))).startsWith("bf61");
        assertThat(hex(N.textNode("a".repeat(32)))).startsWith("d92061");
        assertThat(hex(N.textNode("a".repeat(256)))).startsWith("da010061");
        assertThat(hex(N.textNode("é"))).isEqualTo("a2c3a9");
        assertThat(hex(N.binaryNode(new byte[256]))).startsWith("c5010000");
        assertThat(hex(N.arrayNode().add(true).add(false).addNull())).isEqualTo("93c3c2c0");
    }

    @Test
    void decodesTimestampsToTheIsoStringsJavaScriptDatesSerialiseTo() {
        assertThat(decode("d6ff00000000").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(decode("d7ff7735940000000001").asText()).isEqualTo("1970-01-01T00:00:01.500Z");
        assertThat(decode("c70cff000000000000000400000000").asText()).isEqualTo("2514-05-30T01:53:04.000Z");
        assertThat(decode("d700000000000000ffff").asText()).isEqualTo("1970-01-01T00:01:05.535Z");
    }

    @Test
    void decodesLegacyUndefinedAsNullInArraysAndLeavesItOutOfMaps() {
        assertThat(decode("92d40000c0").toString()).isEqualTo("[null,null]");
        assertThat(decode("82a161d40000a162c3").toString()).isEqualTo("{\"b\":true}");
    }

    @Test
    void decodesLegacyArrayBuffersAsBinaryAndOtherExtensionsAsTypeAndBytes() throws Exception {
        assertThat(decode("c70300010203").binaryValue()).containsExactly(1, 2, 3);
        JsonNode other = decode("d50501ff");
        assertThat(other.get(0).asInt()).isEqualTo(5);
        assertThat(other.get(1).binaryValue()).containsExactly(1, 0xff);
    }

    @Test
    void detectsBinaryAnywhereInATree() {
        assertThat(MsgPack.hasBinary(decode(CAPTURED_BROADCAST))).isTrue();
        assertThat(MsgPack.hasBinary(N.objectNode().put("a", 1))).isFalse();
    }

    @Test
    void refusesTrailingBytesTruncatedInputAndEmptyInput() {
        assertThatThrownBy(() -> decode("c0c0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 trailing bytes");
        assertThatThrownBy(() -> decode("92a1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed MessagePack");
        assertThatThrownBy(() -> decode("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }
}
