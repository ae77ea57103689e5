package dev.switchboard.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected strings are what {@code JSON.stringify} gives for the same JavaScript values. */
class JsJsonWriterTest {

    private static final ObjectMapper MAPPER = JsonPacketParser.newObjectMapper();
    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        JsJsonWriter.write(out, node, MAPPER);
        return out.toString();
    }

    private static String string(String s) {
        StringBuilder out = new StringBuilder();
        JsJsonWriter.appendString(out, s);
        return out.toString();
    }

    @Test
    void escapesOnlyWhatJsonStringifyEscapes() {
        assertThat(string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(string("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(string("\u0000\u0001\u001f\u000b")).isEqualTo("\"\\u0000\\u0001\\u001f\\u000b\"");
        assertThat(string("/ \u007f \u2028 \u2029 é 😀 <script>")).isEqualTo("\"/ \u007f \u2028 \u2029 é 😀 <script>\"");
    }

    @Test
    void escapesLoneSurrogatesInLowercaseAndKeepsPairsRaw() {
        assertThat(string("\ud800")).isEqualTo("\"\\ud800\"");
        assertThat(string("x\udfffy")).isEqualTo("\"x\\udfffy\"");
        assertThat(string("\udbff\udfff")).isEqualTo("\"\udbff\udfff\"");
        assertThat(string("\udc00\ud800")).isEqualTo("\"\\udc00\\ud800\"");
        assertThat(string("\ud83d\ude00\ud83d")).isEqualTo("\"\ud83d\ude00\\ud83d\"");
    }

    @Test
    void keepsInsertionOrderOfOrdinaryKeys() {
        ObjectNode o = NODES.objectNode().put("z", 1).put("a", 2).put("m", 3);
        assertThat(write(o)).isEqualTo("{\"z\":1,\"a\":2,\"m\":3}");
    }

    @Test
    void putsArrayIndexKeysFirstInAscendingOrderAsJavaScriptObjectsDo() {
        ObjectNode o = NODES.objectNode()
                .put("b", 1).put("10", 2).put("2", 3).put("01", 4).put("-1", 5)
                .put("4294967295", 6).put("4294967294", 7).put("0", 8).put("1.5", 9);
        assertThat(write(o)).isEqualTo(
                "{\"0\":8,\"2\":3,\"10\":2,\"4294967294\":7,\"b\":1,\"01\":4,\"-1\":5,\"4294967295\":6,\"1.5\":9}");
    }

    @Test
    void recognisesArrayIndexKeys() {
        assertThat(JsJsonWriter.isArrayIndex("0")).isTrue();
        assertThat(JsJsonWriter.isArrayIndex("4294967294")).isTrue();
        assertThat(JsJsonWriter.isArrayIndex("4294967295")).isFalse();
        assertThat(JsJsonWriter.isArrayIndex("9999999999")).isFalse();
        assertThat(JsJsonWriter.isArrayIndex("00")).isFalse();
        assertThat(JsJsonWriter.isArrayIndex("")).isFalse();
        assertThat(JsJsonWriter.isArrayIndex("1a")).isFalse();
    }

    @Test
    void writesIntegralNumbersWithoutFractionAndDoublesAsJavaScript() {
        ArrayNode a = NODES.arrayNode()
                .add(1).add(1.0).add(-0.0).add(1e21).add(1e-7).add(0.000001).add(0.1)
                .add(Double.NaN).add(Double.POSITIVE_INFINITY).add(0.1f)
                .add(new BigDecimal("1.50")).add(Long.MAX_VALUE).add(9007199254740993L).add(-9007199254740992L)
                .add(new BigInteger("123456789012345678901234567890")).add(new BigInteger("12345"))
                .add((short) 7);
        assertThat(write(a)).isEqualTo("[1,1,0,1e+21,1e-7,0.000001,0.1,null,null,0.1,1.5,"
                + "9223372036854776000,9007199254740992,-9007199254740992,1.2345678901234568e+29,12345,7]");
    }

    @Test
    void writesScalarsAndNulls() {
        ArrayNode a = NODES.arrayNode().add(true).add(false).addNull().add("");
        assertThat(write(a)).isEqualTo("[true,false,null,\"\"]");
        assertThat(write(NODES.textNode("x"))).isEqualTo("\"x\"");
    }

    @Test
    void writesMissingAsNullInArraysAndDropsItFromObjectsLikeUndefined() {
        ArrayNode a = NODES.arrayNode().add(MissingNode.getInstance()).add(1);
        ObjectNode o = NODES.objectNode();
        o.set("gone", MissingNode.getInstance());
        o.put("kept", 1);
        o.set("alsoGone", MissingNode.getInstance());
        assertThat(write(a)).isEqualTo("[null,1]");
        assertThat(write(o)).isEqualTo("{\"kept\":1}");
    }

    @Test
    void writesEmptyContainers() {
        assertThat(write(NODES.arrayNode())).isEqualTo("[]");
        assertThat(write(NODES.objectNode())).isEqualTo("{}");
        assertThat(write(NODES.arrayNode().add(NODES.objectNode()).add(NODES.arrayNode()))).isEqualTo("[{},[]]");
    }

    @Test
    void extractsBinariesDepthFirstInWritingOrder() {
        byte[] a = {1};
        byte[] b = {2};
        byte[] c = {3};
        ArrayNode data = NODES.arrayNode().add("up");
        ObjectNode o = data.addObject();
        o.putArray("list").add(a).addObject().put("deep", b);
        o.put("1", c);
        StringBuilder out = new StringBuilder();
        List<byte[]> binaries = JsJsonWriter.writeExtractingBinary(out, data, MAPPER);
        assertThat(out.toString()).isEqualTo("[\"up\",{\"1\":{\"_placeholder\":true,\"num\":0},"
                + "\"list\":[{\"_placeholder\":true,\"num\":1},{\"deep\":{\"_placeholder\":true,\"num\":2}}]}]");
        assertThat(binaries).containsExactly(c, a, b);
    }

    @Test
    void reportsNoBinariesWhenThereAreNone() {
        StringBuilder out = new StringBuilder();
        assertThat(JsJsonWriter.writeExtractingBinary(out, NODES.arrayNode().add("a"), MAPPER)).isNull();
        assertThat(out.toString()).isEqualTo("[\"a\"]");
    }

    @Test
    void writesBinaryAsNodeBufferJsonWhenNotExtracting() {
        ObjectNode o = NODES.objectNode().put("b", new byte[] {0, 1, (byte) 255});
        assertThat(write(o)).isEqualTo("{\"b\":{\"type\":\"Buffer\",\"data\":[0,1,255]}}");
    }

    record Point(int x, double y, String label) {
    }

    @Test
    void convertsPojosWithTheMapper() {
        ArrayNode a = NODES.arrayNode();
        a.addPOJO(new Point(1, 2.0, "p"));
        a.addPOJO(null);
        a.addPOJO(new byte[] {9});
        a.addRawValue(new RawValue("{\"raw\":true}"));
        StringBuilder out = new StringBuilder();
        List<byte[]> binaries = JsJsonWriter.writeExtractingBinary(out, a, MAPPER);
        assertThat(out.toString()).isEqualTo(
                "[{\"x\":1,\"y\":2,\"label\":\"p\"},null,{\"_placeholder\":true,\"num\":0},{\"raw\":true}]");
        assertThat(binaries).containsExactly(new byte[] {9});
    }

    @Test
    void rejectsPojosTheMapperCannotTurnIntoATree() {
        ArrayNode a = NODES.arrayNode();
        a.addPOJO(new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        });
        assertThatThrownBy(() -> write(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesDeepTreesWithoutRecursion() {
        int depth = 200_000;
        ArrayNode root = NODES.arrayNode();
        ArrayNode current = root;
        for (int i = 1; i < depth; i++) {
            current = current.addArray();
        }
        String json = write(root);
        assertThat(json).hasSize(2 * depth).startsWith("[[[").endsWith("]]]");
    }

    @Test
    void aReusedWriterWritesEachValueAsAFreshOneWould() {
        JsJsonWriter writer = new JsJsonWriter();
        ArrayNode deep = NODES.arrayNode();
        ArrayNode current = deep;
        for (int i = 0; i < 9; i++) { // deeper than the frames a writer starts with
            current = current.addObject().put("k", i).putArray("next");
        }
        ObjectNode shallow = NODES.objectNode().put("b", 2).put("1", "index key first");
        ArrayNode withBinary = NODES.arrayNode().add("x").add(new byte[] {7});

        for (JsonNode value : List.of(deep, shallow, deep, withBinary, NODES.arrayNode())) {
            StringBuilder reused = new StringBuilder();
            List<byte[]> reusedBinaries = writer.writeTo(reused, value, MAPPER, true);
            StringBuilder fresh = new StringBuilder();
            List<byte[]> freshBinaries = JsJsonWriter.writeExtractingBinary(fresh, value, MAPPER);
            assertThat(reused.toString()).isEqualTo(fresh.toString());
            assertThat(reusedBinaries).isEqualTo(freshBinaries);
        }
    }

    @Test
    void aReusedWriterWritesCorrectlyAfterAValueItCouldNotWrite() {
        JsJsonWriter writer = new JsJsonWriter();
        ArrayNode bad = NODES.arrayNode();
        bad.addObject().putArray("inner").addPOJO(new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        });
        assertThatThrownBy(() -> writer.writeTo(new StringBuilder(), bad, MAPPER, true))
                .isInstanceOf(IllegalArgumentException.class);

        ArrayNode good = NODES.arrayNode().add(1);
        good.addObject().put("a", true);
        StringBuilder out = new StringBuilder();
        assertThat(writer.writeTo(out, good, MAPPER, true)).isNull();
        assertThat(out.toString()).isEqualTo("[1,{\"a\":true}]");
    }
}
