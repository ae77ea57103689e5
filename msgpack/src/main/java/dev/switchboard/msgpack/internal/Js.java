package dev.switchboard.msgpack.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JavaScript rules the codec follows: what number a Jackson number node stands for, the
 * integer conversions notepack's bit operations apply, the property order of objects, and dates.
 * The socketio JSON parser applies the same rules to the same trees.
 */
final class Js {

    static final double TWO_POW_32 = 4294967296.0;
    private static final double TWO_POW_63 = 9.223372036854775808E18;
    /** The largest time value a JavaScript Date holds, in ms either side of the epoch. */
    static final double MAX_TIME = 8.64e15;

    private Js() {
    }

    /**
     * {@return the JavaScript number a numeric node stands for: integers rounded to the nearest double
     * (as JavaScript reads a long literal), a {@code float} as the decimal Jackson writes for it
     * in JSON (what a JSON peer would read), everything else by its double value}
     */
    static double number(JsonNode node) {
        switch (node.numberType()) {
            case INT:
            case LONG:
                return (double) node.longValue();
            case BIG_INTEGER:
                return node.bigIntegerValue().doubleValue();
            case FLOAT:
                return Double.parseDouble(Float.toString(node.floatValue()));
            default:
                return node.doubleValue();
        }
    }

    /**
     * {@return the node for a number JavaScript holds as {@code d}: an int or long node when it is an
     * integer a long holds (not -0), else a double node} The JSON parser reads numbers the same way.
     */
    static JsonNode numberNode(JsonNodeFactory nodes, double d) {
        if (d == Math.rint(d) && Math.abs(d) < TWO_POW_63 && !(d == 0 && 1 / d < 0)) {
            long v = (long) d;
            return v == (int) v ? nodes.numberNode((int) v) : nodes.numberNode(v);
        }
        return nodes.numberNode(d);
    }

    /** {@return ECMAScript ToUint32 (also the bits of ToInt32): the integer part modulo 2<sup>32</sup>} */
    static long toUint32(double x) {
        if (!Double.isFinite(x)) {
            return 0;
        }
        double t = x < 0 ? Math.ceil(x) : Math.floor(x);
        if (Math.abs(t) < TWO_POW_63) {
            return ((long) t) & 0xffffffffL;
        }
        // An integer this large is exact in BigDecimal; its low bits are those of the long.
        return new BigDecimal(t).toBigInteger().longValue() & 0xffffffffL;
    }

    /**
     * {@return whether JavaScript treats {@code key} as an array index: "0", or 1-9 then digits, at most
     * 2<sup>32</sup>-2} Such keys come first in an object's property order.
     */
    static boolean isArrayIndex(String key) {
        int len = key.length();
        if (len == 0 || len > 10) {
            return false;
        }
        char first = key.charAt(0);
        if (first < '0' || first > '9' || (first == '0' && len > 1)) {
            return false;
        }
        for (int i = 1; i < len; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return len < 10 || Long.parseLong(key) <= 4294967294L;
    }

    /** {@return the members in JavaScript's property order: array-index keys first, ascending} */
    static Iterator<Map.Entry<String, JsonNode>> members(ObjectNode object) {
        if (inOrder(object)) {
            return object.properties().iterator();
        }
        List<Map.Entry<String, JsonNode>> indices = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> rest = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            (isArrayIndex(member.getKey()) ? indices : rest).add(member);
        }
        indices.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
        indices.addAll(rest);
        return indices.iterator();
    }

    /** {@return {@code object}, or a copy of it in JavaScript's property order when it is not in it} */
    static ObjectNode inPropertyOrder(JsonNodeFactory nodes, ObjectNode object) {
        if (inOrder(object)) {
            return object;
        }
        ObjectNode copy = nodes.objectNode();
        members(object).forEachRemaining(m -> copy.set(m.getKey(), m.getValue()));
        return copy;
    }

    /** Whether the array-index keys come first and ascending (true for most objects: none). */
    private static boolean inOrder(ObjectNode object) {
        boolean others = false;
        long last = -1;
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (isArrayIndex(member.getKey())) {
                long index = Long.parseLong(member.getKey());
                if (others || index < last) {
                    return false;
                }
                last = index;
            } else {
                others = true;
            }
        }
        return true;
    }

    /**
     * {@return ECMAScript TimeClip: the time value {@code new Date(t)} holds, or NaN for an invalid date
     * (not finite, or more than 8.64e15 ms from the epoch)} Fractions are cut toward zero.
     */
    static double timeClip(double t) {
        if (!Double.isFinite(t) || Math.abs(t) > MAX_TIME) {
            return Double.NaN;
        }
        double v = t < 0 ? Math.ceil(t) : Math.floor(t);
        return v + 0.0;
    }

    /**
     * {@return {@code Date.prototype.toISOString}: {@code 2024-01-31T12:00:00.000Z}, with a signed
     * six-digit year outside 0 to 9999 ({@code +275760-09-13T00:00:00.000Z})}
     */
    static String isoString(long ms) {
        long days = Math.floorDiv(ms, 86_400_000L);
        long inDay = Math.floorMod(ms, 86_400_000L);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        StringBuilder out = new StringBuilder(30);
        int year = date.getYear();
        if (year >= 0 && year <= 9999) {
            pad(out, year, 4);
        } else {
            out.append(year < 0 ? '-' : '+');
            pad(out, Math.abs(year), 6);
        }
        out.append('-');
        pad(out, date.getMonthValue(), 2);
        out.append('-');
        pad(out, date.getDayOfMonth(), 2);
        out.append('T');
        pad(out, (int) (inDay / 3_600_000), 2);
        out.append(':');
        pad(out, (int) (inDay / 60_000 % 60), 2);
        out.append(':');
        pad(out, (int) (inDay / 1000 % 60), 2);
        out.append('.');
        pad(out, (int) (inDay % 1000), 3);
        return out.append('Z').toString();
    }

    private static void pad(StringBuilder out, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        out.append(s);
    }
}
