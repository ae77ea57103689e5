package dev.switchboard.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.msgpack.internal.ArrayBufferNode;
import dev.switchboard.msgpack.internal.DateNode;
import dev.switchboard.msgpack.internal.InvalidDateNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The fuzz script's "typed values" (see {@code node/fuzz.mjs}): JavaScript values written exactly
 * in JSON, turned into trees (in several Java spellings of the same value) and back.
 */
final class TypedValues {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    /** How a tree spells the numbers and orders the keys of a value; every style must encode alike. */
    enum Style {
        /** int or long nodes for integers a long holds, doubles for the rest; keys as given. */
        PLAIN,
        /** Every number a double node; keys that are array indices inserted last, descending. */
        DOUBLES_INDICES_LAST,
        /** BigInteger nodes for integers, BigDecimal nodes for finite fractions. */
        BIG
    }

    private TypedValues() {
    }

    /** The number a typed value stands for. */
    static double number(JsonNode tv) {
        String bits = tv.get("n").textValue();
        return "NaN".equals(bits) ? Double.NaN : Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    }

    static JsonNode toTree(JsonNode tv, Style style) {
        if (tv.isNull()) {
            return N.nullNode();
        }
        if (tv.isBoolean() || tv.isTextual()) {
            return tv;
        }
        if (tv.isArray()) {
            ArrayNode array = N.arrayNode();
            tv.forEach(e -> array.add(toTree(e, style)));
            return array;
        }
        if (tv.has("u")) {
            return MissingNode.getInstance();
        }
        if (tv.has("n")) {
            return numberNode(number(tv), style);
        }
        if (tv.has("b")) {
            return N.binaryNode(HEX.parseHex(tv.get("b").textValue()));
        }
        if (tv.has("ab")) {
            return new ArrayBufferNode(HEX.parseHex(tv.get("ab").textValue()));
        }
        if (tv.has("d")) {
            JsonNode d = tv.get("d");
            return d.isNull() ? InvalidDateNode.INSTANCE : new DateNode(d.longValue());
        }
        ObjectNode object = N.objectNode();
        List<JsonNode> indices = new ArrayList<>();
        for (JsonNode member : tv.get("o")) {
            String key = member.get(0).textValue();
            if (style == Style.DOUBLES_INDICES_LAST && isArrayIndex(key)) {
                indices.add(0, member);
            } else {
                object.set(key, toTree(member.get(1), style));
            }
        }
        for (JsonNode member : indices) {
            object.set(member.get(0).textValue(), toTree(member.get(1), style));
        }
        return object;
    }

    private static JsonNode numberNode(double d, Style style) {
        boolean integral = Double.isFinite(d) && d == Math.rint(d);
        switch (style) {
            case DOUBLES_INDICES_LAST:
                return N.numberNode(d);
            case BIG:
                if (integral) {
                    return N.numberNode(new BigDecimal(d).toBigIntegerExact());
                }
                return Double.isFinite(d) ? N.numberNode(new BigDecimal(d)) : N.numberNode(d);
            default:
                if (integral && Math.abs(d) < 9.223372036854775808E18 && !(d == 0 && 1 / d < 0)) {
                    long v = (long) d;
                    return v == (int) v ? N.numberNode((int) v) : N.numberNode(v);
                }
                return N.numberNode(d);
        }
    }

    static boolean isArrayIndex(String key) {
        if (key.isEmpty() || key.length() > 10 || (key.length() > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= 4294967294L;
    }

    /** The typed value of a decoded tree. */
    static JsonNode fromTree(JsonNode node) {
        if (node.isMissingNode()) {
            return N.objectNode().put("u", 1);
        }
        if (node instanceof InvalidDateNode) {
            return N.objectNode().putNull("d");
        }
        if (node instanceof DateNode date) {
            return N.objectNode().put("d", date.millis());
        }
        if (node.isNull() || node.isBoolean() || node.isTextual()) {
            return node;
        }
        if (node.isNumber()) {
            return numberTv(node.doubleValue());
        }
        if (node instanceof BinaryNode binary) {
            return N.objectNode().put(binary instanceof ArrayBufferNode ? "ab" : "b", HEX.formatHex(binary.binaryValue()));
        }
        if (node.isArray()) {
            ArrayNode array = N.arrayNode();
            node.forEach(e -> array.add(fromTree(e)));
            return array;
        }
        ArrayNode members = N.arrayNode();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            members.addArray().add(member.getKey()).add(fromTree(member.getValue()));
        }
        ObjectNode o = N.objectNode();
        o.set("o", members);
        return o;
    }

    static JsonNode numberTv(double d) {
        return N.objectNode().put("n", Double.isNaN(d) ? "NaN" : String.format("%016x", Double.doubleToRawLongBits(d)));
    }

    /** Equality of typed values, numbers compared by value (JSON gives ints where Java writes longs). */
    static boolean same(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> {
            if (x.isNumber() && y.isNumber()) {
                return x.decimalValue().compareTo(y.decimalValue());
            }
            return x.equals(y) ? 0 : 1;
        }, b);
    }

    /**
     * Whether notepack's bytes for the value are not all its own: a string of at most 32 UTF-16
     * units with a lone surrogate whose length by notepack's loop passes 32 bytes is written by
     * {@code Buffer} into that length, and where whole characters do not fill it exactly the rest
     * is whatever the uninitialised buffer held.
     */
    static boolean hasUninitialisedBytes(JsonNode tv) {
        return anyString(tv, (s, key) -> s.length() <= 32 && hasLoneSurrogate(s) && ownLength(s) > 32
                && bufferFill(s, ownLength(s)) != ownLength(s));
    }

    /**
     * Whether notepack 3's bytes depend on its key cache's history: keys with a lone surrogate
     * that are written differently by the cache (notepack's loop) and without it (Buffer).
     */
    static boolean dependsOnKeyCache(JsonNode tv) {
        return anyString(tv, (s, key) -> key && hasLoneSurrogate(s) && (s.length() > 32 || ownLength(s) > 32));
    }

    private static boolean anyString(JsonNode tv, java.util.function.BiPredicate<String, Boolean> test) {
        if (tv.isTextual()) {
            return test.test(tv.textValue(), false);
        }
        if (tv.isArray()) {
            for (JsonNode e : tv) {
                if (anyString(e, test)) {
                    return true;
                }
            }
            return false;
        }
        if (tv.isObject() && tv.has("o")) {
            for (JsonNode member : tv.get("o")) {
                if (test.test(member.get(0).textValue(), true) || anyString(member.get(1), test)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** notepack's own length: four bytes for a surrogate and the unit after it. */
    private static int ownLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                i++;
                n += 4;
            } else {
                n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return n;
    }

    /** How many of {@code limit} bytes {@code Buffer} fills with whole characters of {@code s}. */
    private static int bufferFill(String s, int limit) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int size;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                size = 4;
            } else {
                size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
            if (n + size > limit) {
                break;
            }
            n += size;
        }
        return n;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
