package dev.switchboard.msgpack.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.msgpack.MsgPackException;
import dev.switchboard.msgpack.Notepack;
import java.util.Arrays;

/**
 * Reads one value as a notepack.io version's {@code decode} does, format for format, into the
 * trees described in {@link Notepack}, refusing what it refuses and the few inputs listed there.
 * Counts are checked against the bytes left before anything is allocated, so a forged length
 * costs nothing. Recursion is bounded by {@link Notepack#MAX_DEPTH}.
 */
public final class NotepackReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double MAX_SAFE_KEY = 9007199254740992.0;

    private final boolean v3;
    private final byte[] in;
    private int pos;

    private NotepackReader(Notepack version, byte[] in) {
        this.v3 = version == Notepack.V3;
        this.in = in;
    }

    /**
     * Reads the one value {@code bytes} hold.
     *
     * @param version the notepack version to read as
     * @param bytes the bytes
     * @return the value
     * @throws MsgPackException when the bytes are not exactly one value
     */
    public static JsonNode read(Notepack version, byte[] bytes) {
        NotepackReader reader = new NotepackReader(version, bytes);
        JsonNode value = reader.value(0);
        if (reader.pos != bytes.length) {
            throw new MsgPackException((bytes.length - reader.pos) + " trailing bytes after the value", reader.pos);
        }
        return value;
    }

    private JsonNode value(int depth) {
        int at = pos;
        int prefix = u8("a value needs 1 byte");
        if (prefix < 0x80) {
            return NODES.numberNode(prefix);
        }
        if (prefix < 0x90) {
            return map(prefix & 0x0f, depth, at);
        }
        if (prefix < 0xa0) {
            return array(prefix & 0x0f, depth, at);
        }
        if (prefix < 0xc0) {
            return string(prefix & 0x1f);
        }
        if (prefix > 0xdf) {
            return NODES.numberNode(prefix - 0x100);
        }
        switch (prefix) {
            case 0xc0:
                return NODES.nullNode();
            case 0xc2:
                return NODES.booleanNode(false);
            case 0xc3:
                return NODES.booleanNode(true);
            case 0xc4:
                return NODES.binaryNode(bytes(u8("a bin 8 length")));
            case 0xc5:
                return NODES.binaryNode(bytes(u16("a bin 16 length")));
            case 0xc6:
                return NODES.binaryNode(bytes(length(u32("a bin 32 length"))));
            case 0xc7:
                return ext(u8("an ext 8 length"), true);
            case 0xc8:
                return ext(u16("an ext 16 length"), false);
            case 0xc9:
                return ext(length(u32("an ext 32 length")), false);
            case 0xca:
                return Js.numberNode(NODES, Float.intBitsToFloat((int) u32("a float 32")));
            case 0xcb:
                return Js.numberNode(NODES, Double.longBitsToDouble(u64("a float 64")));
            case 0xcc:
                return NODES.numberNode(u8("a uint 8"));
            case 0xcd:
                return NODES.numberNode(u16("a uint 16"));
            case 0xce:
                return Js.numberNode(NODES, u32("a uint 32"));
            case 0xcf: {
                // hi * 2^32 + lo in doubles, rounded as JavaScript rounds it.
                need(8, "a uint 64 needs 8 bytes");
                double hi = u32("a uint 64") * Js.TWO_POW_32;
                return Js.numberNode(NODES, hi + u32("a uint 64"));
            }
            case 0xd0:
                return NODES.numberNode((int) (byte) u8("an int 8"));
            case 0xd1:
                return NODES.numberNode((int) (short) u16("an int 16"));
            case 0xd2:
                return NODES.numberNode((int) u32("an int 32"));
            case 0xd3: {
                need(8, "an int 64 needs 8 bytes");
                double hi = ((int) u32("an int 64")) * Js.TWO_POW_32;
                return Js.numberNode(NODES, hi + u32("an int 64"));
            }
            case 0xd4:
                return fixext(1);
            case 0xd5:
                return fixext(2);
            case 0xd6:
                return fixext(4);
            case 0xd7:
                return fixext(8);
            case 0xd8:
                return fixext(16);
            case 0xd9:
                return string(u8("a str 8 length"));
            case 0xda:
                return string(u16("a str 16 length"));
            case 0xdb:
                return string(length(u32("a str 32 length")));
            case 0xdc:
                return array(u16("an array 16 length"), depth, at);
            case 0xdd:
                return array(length(u32("an array 32 length")), depth, at);
            case 0xde:
                return map(u16("a map 16 length"), depth, at);
            case 0xdf:
                return map(length(u32("a map 32 length")), depth, at);
            default:
                throw new MsgPackException("format byte 0xc1 is not MessagePack", at);
        }
    }

    private ArrayNode array(int size, int depth, int at) {
        enter(depth, at);
        // Every element takes at least one byte: a longer count cannot be satisfied.
        need(size, "an array of " + size + " elements needs at least " + size + " bytes");
        ArrayNode array = NODES.arrayNode(Math.min(size, 16));
        for (int i = 0; i < size; i++) {
            array.add(value(depth + 1));
        }
        return array;
    }

    private ObjectNode map(int size, int depth, int at) {
        enter(depth, at);
        need(2L * size, "a map of " + size + " members needs at least " + 2L * size + " bytes");
        ObjectNode map = NODES.objectNode();
        for (int i = 0; i < size; i++) {
            int keyAt = pos;
            String key = propertyKey(value(depth + 1), keyAt);
            // As value[key] = v: a repeated key keeps its first place and takes the last value.
            map.set(key, value(depth + 1));
        }
        return Js.inPropertyOrder(NODES, map);
    }

    private void enter(int depth, int at) {
        if (depth >= Notepack.MAX_DEPTH) {
            throw new MsgPackException("arrays and maps nested deeper than " + Notepack.MAX_DEPTH + " levels", at);
        }
    }

    /** The property name JavaScript makes of a decoded key, where this codec reproduces it. */
    private static String propertyKey(JsonNode key, int at) {
        String name;
        if (key.isTextual() && !(key instanceof DateNode)) {
            name = key.textValue();
        } else if (key.isMissingNode()) {
            name = "undefined";
        } else if (key.isNull() && !(key instanceof InvalidDateNode)) {
            name = "null";
        } else if (key.isBoolean()) {
            name = key.booleanValue() ? "true" : "false";
        } else if (key.isNumber()) {
            double d = key.doubleValue();
            if (Double.isNaN(d)) {
                name = "NaN";
            } else if (Double.isInfinite(d)) {
                name = d > 0 ? "Infinity" : "-Infinity";
            } else if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_KEY) {
                name = Long.toString((long) d);
            } else {
                throw new MsgPackException("map key " + key + " is refused: only integers up to 2^53 are taken"
                        + " as numeric keys (JavaScript would name the property by its own number format)", at);
            }
        } else {
            throw new MsgPackException("map key of type " + kind(key) + " is refused: JavaScript would turn it"
                    + " into a property name such as \"[object Object]\"; keys must be strings, numbers, booleans or nil", at);
        }
        if ("__proto__".equals(name)) {
            throw new MsgPackException("map key __proto__ is refused: JavaScript would replace the object's"
                    + " prototype instead of adding a property", at);
        }
        return name;
    }

    private static String kind(JsonNode key) {
        if (key instanceof DateNode || key instanceof InvalidDateNode) {
            return "date";
        }
        return key.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private JsonNode string(int length) {
        int at = pos;
        need(length, "a string needs " + length + " bytes");
        pos += length;
        return NODES.textNode(Utf8.decode(in, at, length));
    }

    private byte[] bytes(int length) {
        need(length, "binary data needs " + length + " bytes");
        byte[] b = Arrays.copyOfRange(in, pos, pos + length);
        pos += length;
        return b;
    }

    /** ext 8/16/32: type 0 is an ArrayBuffer; notepack 3 reads ext 8 type -1 as a 12-byte timestamp. */
    private JsonNode ext(int length, boolean ext8) {
        int type = (byte) u8("an ext type");
        if (type == 0) {
            return new ArrayBufferNode(bytes(length));
        }
        if (v3 && ext8 && type == -1) {
            // Read as timestamp 96 whatever the declared length says, as notepack 3 does.
            need(12, "a timestamp 96 needs 12 bytes");
            double ns = u32("a timestamp 96");
            double hi = (int) u32("a timestamp 96");
            double lo = u32("a timestamp 96");
            return date((hi * Js.TWO_POW_32 + lo) * 1e3 + ns / 1e6);
        }
        return typed(type, length);
    }

    private JsonNode fixext(int length) {
        int type = (byte) u8("a fixext type");
        if (type == 0 && length == 1) {
            // notepack's undefined; its data byte is skipped, whatever it is.
            u8("the data byte of undefined");
            return MissingNode.getInstance();
        }
        if (type == 0 && length == 8) {
            need(8, "a date needs 8 bytes");
            double hi = ((int) u32("a date")) * Js.TWO_POW_32;
            return date(hi + u32("a date"));
        }
        if (v3 && type == -1 && length == 4) {
            return date(u32("a timestamp 32") * 1e3);
        }
        if (v3 && type == -1 && length == 8) {
            need(8, "a timestamp 64 needs 8 bytes");
            long hi = u32("a timestamp 64");
            long lo = u32("a timestamp 64");
            double s = (hi & 0x3) * Js.TWO_POW_32 + lo;
            return date(s * 1e3 + (hi >>> 2) / 1e6);
        }
        return typed(type, length);
    }

    /** Any other ext: {@code [type, <bytes>]}, as notepack gives it. */
    private JsonNode typed(int type, int length) {
        ArrayNode pair = NODES.arrayNode(2);
        pair.add(type);
        pair.add(NODES.binaryNode(bytes(length)));
        return pair;
    }

    private static JsonNode date(double time) {
        double t = Js.timeClip(time);
        return Double.isNaN(t) ? InvalidDateNode.INSTANCE : new DateNode((long) t);
    }

    // ---- bytes ----

    /** Fails unless {@code n} more bytes are there; {@code what} says what needs them. */
    private void need(long n, String what) {
        if (n > in.length - pos) {
            throw new MsgPackException("truncated: " + what + ", only " + (in.length - pos) + " left", pos);
        }
    }

    private int u8(String what) {
        need(1, what.endsWith("byte") ? what : what + " needs 1 byte");
        return in[pos++] & 0xff;
    }

    private int u16(String what) {
        need(2, what + " needs 2 bytes");
        int v = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    private long u32(String what) {
        need(4, what + " needs 4 bytes");
        long v = ((long) (in[pos] & 0xff) << 24) | ((in[pos + 1] & 0xff) << 16) | ((in[pos + 2] & 0xff) << 8)
                | (in[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    private long u64(String what) {
        need(8, what + " needs 8 bytes");
        long hi = u32(what);
        return (hi << 32) | u32(what);
    }

    /** A 32-bit length as an int: anything past the int range cannot fit the input anyway. */
    private int length(long n) {
        if (n > in.length - pos) {
            throw new MsgPackException("truncated: a length or count of " + n + ", only " + (in.length - pos)
                    + " bytes left", pos);
        }
        return (int) n;
    }
}
