package dev.switchboard.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.switchboard.socketio.parser.PacketParser.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsJsonReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsJsonReader reader = new JsJsonReader(JsonNodeFactory.instance);

    private JsonNode read(String json) throws ParseException {
        return reader.read(json, 0);
    }

    /** Read, then written back: what a Node server would echo. */
    private String roundTrip(String json) throws ParseException {
        StringBuilder out = new StringBuilder();
        JsJsonWriter.write(out, read(json), MAPPER);
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "[", "]", "{", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\" 1}", "{a:1}", "{'a':1}",
        "['a']", "[01]", "[-01]", "[.5]", "[1.]", "[1.e1]", "[1e]", "[1e+]", "[-]", "[+1]", "[NaN]", "[Infinity]",
        "[-Infinity]", "[undefined]", "[tru]", "[True]", "[nul]", "[1]x", "[1] [2]", "[1]//c", "[1]/*c*/",
        "\u00a0[1]", "\ufeff[1]", "[1]\u2028", "\"\u0001\"", "\"\t\"", "\"\n\"", "\"\\x\"", "\"\\u12\"",
        "\"\\u12g4\"", "\"\\U0041\"", "\"\\'\"", "\"abc", "\"\\", "[\"a\" \"b\"]", "{\"a\":1 \"b\":2}", "0x10",
        "1 2", "[1,,2]", "[\"\\u٣٣٣٣\"]",
    })
    void rejectsWhatJsonParseRejects(String json) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(ParseException.class).hasMessage("invalid payload");
    }

    @Test
    void acceptsJsonWhitespaceAroundEverything() throws ParseException {
        assertThat(roundTrip(" \t\r\n[ 1 , { \"a\" : [ ] } ]\n ")).isEqualTo("[1,{\"a\":[]}]");
    }

    @Test
    void readsScalarsAtTheTop() throws ParseException {
        assertThat(roundTrip("\"s\"")).isEqualTo("\"s\"");
        assertThat(roundTrip("true")).isEqualTo("true");
        assertThat(roundTrip("null")).isEqualTo("null");
        assertThat(roundTrip("-12")).isEqualTo("-12");
    }

    @Test
    void keepsKeyOrderAndLetsTheLastDuplicateWinAtTheFirstPosition() throws ParseException {
        assertThat(roundTrip("{\"z\":1,\"a\":2,\"z\":3}")).isEqualTo("{\"z\":3,\"a\":2}");
        assertThat(roundTrip("{\"token\":\"123\",\"3\":[true]}")).isEqualTo("{\"3\":[true],\"token\":\"123\"}");
        assertThat(roundTrip("{\"__proto__\":1}")).isEqualTo("{\"__proto__\":1}");
    }

    @Test
    void readsEscapesIncludingLoneSurrogatesInKeysAndValues() throws ParseException {
        JsonNode node = read("{\"\\ud800k\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\uD83D\\uDE00\\udc00\"}");
        assertThat(node.properties().iterator().next().getKey()).isEqualTo("\ud800k");
        assertThat(node.get("\ud800k").textValue()).isEqualTo("\"\\/\b\f\n\r\tA\ud83d\ude00\udc00");
        assertThat(roundTrip("[\"\\u00e9\\u2028\\/\\ud800\"]")).isEqualTo("[\"é\u2028/\\ud800\"]");
    }

    @Test
    void acceptsRawNonAsciiAndLineSeparatorsInStrings() throws ParseException {
        assertThat(read("\"é😀\u2028\u007f\"").textValue()).isEqualTo("é😀\u2028\u007f");
    }

    @Test
    void readsIntegralNumbersAsIntegerNodes() throws ParseException {
        JsonNode a = read("[1,1.0,1e2,-5,3000000000,9007199254740993,12345678901234567890,1e300]");
        assertThat(a.get(0)).isEqualTo(IntNode.valueOf(1));
        assertThat(a.get(1)).isEqualTo(IntNode.valueOf(1));
        assertThat(a.get(2)).isEqualTo(IntNode.valueOf(100));
        assertThat(a.get(3)).isEqualTo(IntNode.valueOf(-5));
        assertThat(a.get(4)).isEqualTo(LongNode.valueOf(3000000000L));
        // Rounded to the double JavaScript holds.
        assertThat(a.get(5)).isEqualTo(LongNode.valueOf(9007199254740992L));
        assertThat(a.get(6)).isEqualTo(DoubleNode.valueOf(1.2345678901234567E19));
        assertThat(a.get(7)).isEqualTo(DoubleNode.valueOf(1e300));
    }

    @Test
    void readsOtherNumbersAsDoubles() throws ParseException {
        JsonNode a = read("[0.5,-0,-0.0,1e400,-1e400,1e-400,5e-324]");
        assertThat(a.get(0)).isEqualTo(DoubleNode.valueOf(0.5));
        assertThat(a.get(1).doubleValue()).isEqualTo(-0.0d);
        assertThat(1 / a.get(1).doubleValue()).isNegative();
        assertThat(1 / a.get(2).doubleValue()).isNegative();
        assertThat(a.get(3).doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(a.get(4).doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(a.get(5).doubleValue()).isZero();
        assertThat(a.get(6).doubleValue()).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void reEmitsNumbersAsJavaScriptWould() throws ParseException {
        assertThat(roundTrip("[1.0,1e2,-0,1E21,1e-7,0.0000010,123456789012345678901,1e400,0.1e1,2.50]"))
                .isEqualTo("[1,100,0,1e+21,1e-7,0.000001,123456789012345680000,null,1,2.5]");
    }

    @Test
    void readsVeryLongNumbersInLinearTime() throws ParseException {
        assertThat(read("1" + "0".repeat(500_000)).doubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read("0." + "0".repeat(500_000) + "1").doubleValue()).isZero();
    }

    @Test
    void readsFromAnOffset() throws ParseException {
        assertThat(reader.read("2/x,7[\"a\"]", 5).get(0).textValue()).isEqualTo("a");
    }

    @Test
    void acceptsNestingUpToTheLimit() throws ParseException {
        String json = "[".repeat(JsJsonReader.MAX_DEPTH) + "]".repeat(JsJsonReader.MAX_DEPTH);
        assertThat(read(json).isArray()).isTrue();
        String objects = "{\"a\":".repeat(JsJsonReader.MAX_DEPTH - 1) + "{}" + "}".repeat(JsJsonReader.MAX_DEPTH - 1);
        assertThat(read(objects).isObject()).isTrue();
    }

    @Test
    void rejectsNestingBeyondTheLimit() {
        String json = "[".repeat(JsJsonReader.MAX_DEPTH + 1) + "]".repeat(JsJsonReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(ParseException.class)
                .hasMessage("invalid payload: nested deeper than 1000 levels");
    }

    @Test
    void rejectsHugelyNestedInputWithoutOverflowingTheStack() {
        List<String> inputs = new ArrayList<>();
        inputs.add("[".repeat(1_000_000));
        inputs.add("{\"a\":".repeat(500_000));
        for (String json : inputs) {
            assertThatThrownBy(() -> read(json)).isInstanceOf(ParseException.class);
        }
    }
}
