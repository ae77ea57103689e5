package dev.switchboard.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a Jackson tree exactly as JavaScript's {@code JSON.stringify} writes the same value, so
 * that what a client reads back is what a Node server would have sent.
 *
 * <ul>
 *   <li>Object keys in JavaScript's property order: keys that are array indices (canonical
 *       integers up to 2<sup>32</sup>-2) first in ascending order, then the others in insertion
 *       order.
 *   <li>Numbers as JavaScript prints the double they stand for ({@link JsNumbers}): {@code 1.0} as
 *       {@code 1}, {@code 1e21} as {@code 1e+21}, NaN and the infinities as {@code null}; a long
 *       or big integer beyond 2<sup>53</sup> is rounded to a double first, as JavaScript would
 *       hold it. A float is taken at its own shortest digits ({@code 0.1f} writes {@code 0.1}).
 *   <li>Strings with JavaScript's escapes only: {@code \b \t \n \f \r \" \\}, other control
 *       characters and lone surrogates as lowercase {@code \}{@code u00xx}; everything else raw,
 *       {@code /} and U+2028 included.
 *   <li>A missing node ({@code undefined}) is dropped from objects and written as {@code null}
 *       in arrays.
 *   <li>Binary: either replaced by {@code {"_placeholder":true,"num":N}} and collected in
 *       depth-first order (EVENT and ACK), or written as Node writes a {@code Buffer}:
 *       {@code {"type":"Buffer","data":[...]}}.
 *   <li>A {@link POJONode} is converted with the mapper; a {@link RawValue} in it is written as
 *       is.
 * </ul>
 *
 * <p>The walk uses its own stack, so deep trees cost heap, never the thread's stack. A writer kept
 * by a thread ({@link #writeTo}) reuses that stack: a write then allocates only the iterators of
 * its objects.
 */
final class JsJsonWriter {

    private static final String PLACEHOLDER_START = "{\"_placeholder\":true,\"num\":";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private StringBuilder out;
    private ObjectMapper mapper;
    private boolean extractBinary;
    private List<byte[]> binaries;
    /** The open arrays and objects, outermost first; kept between writes, so reused. */
    private Frame[] frames = new Frame[4];

    /** A writer to reuse for one write after another, on one thread. */
    JsJsonWriter() {
    }

    /**
     * Writes {@code value}, binaries replaced by placeholders.
     *
     * @param out where to write
     * @param value the value, not missing
     * @param mapper converts POJO nodes
     * @return the binaries in placeholder order, or {@code null} when there were none
     */
    static List<byte[]> writeExtractingBinary(StringBuilder out, JsonNode value, ObjectMapper mapper) {
        return new JsJsonWriter().writeTo(out, value, mapper, true);
    }

    /**
     * Writes {@code value}, binaries as Node's {@code Buffer.toJSON()} objects.
     *
     * @param out where to write
     * @param value the value, not missing
     * @param mapper converts POJO nodes
     */
    static void write(StringBuilder out, JsonNode value, ObjectMapper mapper) {
        new JsJsonWriter().writeTo(out, value, mapper, false);
    }

    /**
     * Writes {@code value} with this writer, which holds nothing of it afterwards.
     *
     * @param out where to write
     * @param value the value, not missing
     * @param mapper converts POJO nodes
     * @param extractBinary whether binaries become placeholders (else Node's {@code Buffer} objects)
     * @return the binaries in placeholder order, or {@code null} when there were none or they were
     *     written inline
     */
    List<byte[]> writeTo(StringBuilder out, JsonNode value, ObjectMapper mapper, boolean extractBinary) {
        this.out = out;
        this.mapper = mapper;
        this.extractBinary = extractBinary;
        try {
            write(value);
            return binaries;
        } finally {
            this.out = null;
            this.mapper = null;
            this.binaries = null;
        }
    }

    /**
     * An open array (its elements walked by index) or object (its members by iterator), and
     * whether one was written yet. Mutable and pooled: a write opens as many frames as its deepest
     * nesting, and the next write takes the same ones.
     */
    private static final class Frame {
        ArrayNode array;
        int next;
        Iterator<Map.Entry<String, JsonNode>> members;
        boolean empty;

        void clear() {
            array = null;
            members = null;
        }
    }

    private void write(JsonNode root) {
        int depth = 0;
        try {
            if (!open(resolve(root), 0)) {
                return;
            }
            depth = 1;
            while (depth > 0) {
                Frame frame = frames[depth - 1];
                JsonNode value;
                if (frame.members != null) {
                    if (!frame.members.hasNext()) {
                        out.append('}');
                        frame.clear();
                        depth--;
                        continue;
                    }
                    Map.Entry<String, JsonNode> member = frame.members.next();
                    value = resolve(member.getValue());
                    if (value.isMissingNode()) {
                        continue;
                    }
                    separate(frame);
                    appendString(out, member.getKey());
                    out.append(':');
                } else {
                    if (frame.next == frame.array.size()) {
                        out.append(']');
                        frame.clear();
                        depth--;
                        continue;
                    }
                    value = resolve(frame.array.get(frame.next++));
                    separate(frame);
                    if (value.isMissingNode()) {
                        out.append("null");
                        continue;
                    }
                }
                if (open(value, depth)) {
                    depth++;
                }
            }
        } finally {
            // After a failure (a POJO the mapper cannot convert) the frames still hold the tree.
            for (int i = 0; i < depth; i++) {
                frames[i].clear();
            }
        }
    }

    /** The frame for nesting level {@code depth} (0 is the outermost), made on first use. */
    private Frame frame(int depth) {
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        Frame frame = frames[depth];
        if (frame == null) {
            frame = new Frame();
            frames[depth] = frame;
        }
        frame.empty = true;
        frame.next = 0;
        return frame;
    }

    private void separate(Frame frame) {
        if (frame.empty) {
            frame.empty = false;
        } else {
            out.append(',');
        }
    }

    /**
     * Writes a scalar and returns false, or writes the opening bracket of a container, opens its
     * frame at nesting level {@code depth} and returns true.
     */
    private boolean open(JsonNode value, int depth) {
        switch (value.getNodeType()) {
            case OBJECT:
                out.append('{');
                frame(depth).members = members((ObjectNode) value);
                return true;
            case ARRAY:
                out.append('[');
                frame(depth).array = (ArrayNode) value;
                return true;
            case STRING:
                appendString(out, value.textValue());
                return false;
            case NUMBER:
                appendNumber(value);
                return false;
            case BOOLEAN:
                out.append(value.booleanValue() ? "true" : "false");
                return false;
            case BINARY:
                appendBinary(((BinaryNode) value).binaryValue());
                return false;
            case POJO:
                appendRaw(value);
                return false;
            case NULL:
            default:
                out.append("null");
                return false;
        }
    }

    /** A POJO node as the tree the mapper makes of it; other nodes as they are. */
    private JsonNode resolve(JsonNode node) {
        if (node instanceof POJONode pojo) {
            Object value = pojo.getPojo();
            if (value == null) {
                return mapper.getNodeFactory().nullNode();
            }
            if (value instanceof byte[] bytes) {
                return mapper.getNodeFactory().binaryNode(bytes);
            }
            if (value instanceof RawValue) {
                return node;
            }
            return mapper.valueToTree(value);
        }
        return node;
    }

    private void appendRaw(JsonNode node) {
        Object value = ((POJONode) node).getPojo();
        if (value instanceof RawValue raw && raw.rawValue() != null) {
            Object text = raw.rawValue();
            out.append(text instanceof com.fasterxml.jackson.core.SerializableString ser
                    ? ser.getValue() : text.toString());
            return;
        }
        throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
    }

    private void appendBinary(byte[] bytes) {
        if (extractBinary) {
            if (binaries == null) {
                binaries = new ArrayList<>(2);
            }
            out.append(PLACEHOLDER_START).append(binaries.size()).append('}');
            binaries.add(bytes);
        } else {
            out.append("{\"type\":\"Buffer\",\"data\":[");
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(bytes[i] & 0xFF);
            }
            out.append("]}");
        }
    }

    private void appendNumber(JsonNode number) {
        switch (number.numberType()) {
            case INT:
                out.append(number.intValue());
                break;
            case LONG: {
                long v = number.longValue();
                if (v <= (long) JsNumbers.TWO_POW_53 && v >= -(long) JsNumbers.TWO_POW_53) {
                    out.append(v);
                } else {
                    JsNumbers.appendJson(out, (double) v);
                }
                break;
            }
            case BIG_INTEGER:
                if (number.bigIntegerValue().bitLength() <= 53) {
                    out.append(number.bigIntegerValue());
                } else {
                    JsNumbers.appendJson(out, number.doubleValue());
                }
                break;
            case FLOAT:
                // A float's own shortest digits are what its writer meant; widening 0.1f would
                // print 0.10000000149011612.
                JsNumbers.appendJson(out, Double.parseDouble(Float.toString(number.floatValue())));
                break;
            case DOUBLE:
            case BIG_DECIMAL:
            default:
                JsNumbers.appendJson(out, number.doubleValue());
                break;
        }
    }

    /** The members in JavaScript's property order (array-index keys first, ascending). */
    private static Iterator<Map.Entry<String, JsonNode>> members(ObjectNode object) {
        boolean indexKeys = false;
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (isArrayIndex(member.getKey())) {
                indexKeys = true;
                break;
            }
        }
        if (!indexKeys) {
            return object.properties().iterator();
        }
        List<Map.Entry<String, JsonNode>> indices = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> others = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            (isArrayIndex(member.getKey()) ? indices : others).add(member);
        }
        indices.sort((a, b) -> Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey())));
        indices.addAll(others);
        return indices.iterator();
    }

    /**
     * Whether JavaScript treats {@code key} as an array index: "0", or 1-9 then digits, at most
     * 2<sup>32</sup>-2. Such keys come first in an object's property order.
     *
     * @param key an object key
     * @return whether it is an array index
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

    /**
     * Appends {@code s} as a JSON string the way {@code JSON.stringify} quotes it.
     *
     * @param out where to write
     * @param s the string
     */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        int len = s.length();
        int from = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u")
                        .append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, from, len).append('"');
    }
}
