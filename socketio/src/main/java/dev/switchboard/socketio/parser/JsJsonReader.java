package dev.switchboard.socketio.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.socketio.parser.PacketParser.ParseException;
import java.util.Arrays;

/**
 * Reads JSON as JavaScript's {@code JSON.parse} does, into Jackson trees that
 * {@link JsJsonWriter} writes back as {@code JSON.stringify} would.
 *
 * <ul>
 *   <li>Strict RFC 8259 syntax, as {@code JSON.parse}: no comments, trailing commas, single
 *       quotes, leading zeros, {@code NaN}, raw control characters in strings or trailing text;
 *       white space is space, tab, CR and LF only. Escapes may produce lone surrogates, in keys
 *       too (a JavaScript string may hold them; Jackson's own tokenizer refuses them in keys,
 *       which is why this reader is our own).
 *   <li>Object keys keep their order; a repeated key keeps its first position and its last value.
 *   <li>Every number is read as the double JavaScript would hold. An integral value below
 *       2<sup>63</sup> in magnitude becomes an int or long node (so {@code 1.0} and {@code 1e2}
 *       read as {@code 1} and {@code 100}, as JavaScript prints them); anything else a double
 *       node, {@code -0} and out-of-range values ({@code 1e400} is Infinity) included.
 * </ul>
 *
 * <p>Limits: nesting depth {@value #MAX_DEPTH}, the outermost array or object being level 1;
 * deeper text is rejected. The tree is built with an explicit stack, never by recursion, and the
 * work is linear in the text, whose size Engine.IO bounds ({@code maxHttpBufferSize}).
 */
final class JsJsonReader {

    /** The deepest nesting of arrays and objects accepted; the outermost one is level 1. */
    static final int MAX_DEPTH = 1000;

    private static final double TWO_POW_63 = 9.223372036854775808E18;

    private final JsonNodeFactory nodes;

    /**
     * A reader making nodes with {@code nodes}.
     *
     * @param nodes the node factory
     */
    JsJsonReader(JsonNodeFactory nodes) {
        this.nodes = nodes;
    }

    /**
     * Parses {@code text} from {@code offset} to its end as one JSON value.
     *
     * @param text the text
     * @param offset where the JSON starts
     * @return the value
     * @throws ParseException {@code invalid payload} when it is not exactly one JSON value, or is
     *     nested too deep
     */
    JsonNode read(String text, int offset) throws ParseException {
        return new Run(text, offset).document();
    }

    /** The state of one parse: the text and a position in it. */
    private final class Run {
        private final String s;
        private final int end;
        private int pos;

        Run(String s, int offset) {
            this.s = s;
            this.end = s.length();
            this.pos = offset;
        }

        JsonNode document() throws ParseException {
            skipSpace();
            JsonNode root = value();
            if (root.isContainerNode()) {
                fill((ContainerNode<?>) root);
            }
            skipSpace();
            if (pos != end) {
                throw invalid();
            }
            return root;
        }

        /** Reads members into {@code root} and every container inside it, up to its end. */
        private void fill(ContainerNode<?> root) throws ParseException {
            // The open containers, innermost last: most payloads nest a level or two.
            ContainerNode<?>[] open = new ContainerNode<?>[4];
            open[0] = root;
            int depth = 1;
            while (depth > 0) {
                ContainerNode<?> parent = open[depth - 1];
                boolean isObject = parent instanceof ObjectNode;
                skipSpace();
                char c = peek();
                if (c == (isObject ? '}' : ']')) {
                    pos++;
                    open[--depth] = null;
                    continue;
                }
                // An empty container has read no member yet, so needs no comma before one.
                if (parent.size() > 0) {
                    if (c != ',') {
                        throw invalid();
                    }
                    pos++;
                    skipSpace();
                }
                JsonNode child;
                if (isObject) {
                    if (peek() != '"') {
                        throw invalid();
                    }
                    pos++;
                    String name = string();
                    skipSpace();
                    if (peek() != ':') {
                        throw invalid();
                    }
                    pos++;
                    skipSpace();
                    child = value();
                    ((ObjectNode) parent).set(name, child);
                } else {
                    child = value();
                    ((ArrayNode) parent).add(child);
                }
                if (child.isContainerNode()) {
                    if (depth >= MAX_DEPTH) {
                        throw new ParseException("invalid payload: nested deeper than " + MAX_DEPTH + " levels");
                    }
                    if (depth == open.length) {
                        open = Arrays.copyOf(open, depth * 2);
                    }
                    open[depth++] = (ContainerNode<?>) child;
                }
            }
        }

        /** A scalar, or an empty container that {@link #fill} completes. */
        private JsonNode value() throws ParseException {
            char c = peek();
            switch (c) {
                case '{':
                    pos++;
                    return nodes.objectNode();
                case '[':
                    pos++;
                    return nodes.arrayNode();
                case '"':
                    pos++;
                    return nodes.textNode(string());
                case 't':
                    literal("true");
                    return nodes.booleanNode(true);
                case 'f':
                    literal("false");
                    return nodes.booleanNode(false);
                case 'n':
                    literal("null");
                    return nodes.nullNode();
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw invalid();
            }
        }

        /** The character at the position, or 0 at the end (0 is never valid where it is asked). */
        private char peek() {
            return pos < end ? s.charAt(pos) : 0;
        }

        private void skipSpace() {
            while (pos < end) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private void literal(String word) throws ParseException {
            if (!s.startsWith(word, pos)) {
                throw invalid();
            }
            pos += word.length();
        }

        /** A string's content, the opening quote already read; leaves the position after the closing one. */
        private String string() throws ParseException {
            int start = pos;
            while (pos < end) {
                char c = s.charAt(pos);
                if (c == '"') {
                    return s.substring(start, pos++);
                }
                if (c == '\\' || c < 0x20) {
                    break;
                }
                pos++;
            }
            StringBuilder out = new StringBuilder(pos - start + 16).append(s, start, pos);
            while (pos < end) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw invalid();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= end) {
                    throw invalid();
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(hex4());
                    default -> throw invalid();
                }
            }
            throw invalid();
        }

        private char hex4() throws ParseException {
            if (end - pos < 4) {
                throw invalid();
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(s.charAt(pos++), 16);
                if (d < 0 || s.charAt(pos - 1) > 'f') {
                    throw invalid();
                }
                v = (v << 4) | d;
            }
            return (char) v;
        }

        /** A number as JSON writes it, read as the double JavaScript would hold. */
        private JsonNode number() throws ParseException {
            int start = pos;
            boolean negative = s.charAt(pos) == '-';
            if (negative) {
                pos++;
            }
            int intStart = pos;
            char c = peek();
            if (c == '0') {
                pos++;
            } else if (c >= '1' && c <= '9') {
                while (pos < end && isDigit(s.charAt(pos))) {
                    pos++;
                }
            } else {
                throw invalid();
            }
            int intDigits = pos - intStart;
            boolean integral = true;
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    throw invalid();
                }
                while (pos < end && isDigit(s.charAt(pos))) {
                    pos++;
                }
                integral = false;
            }
            c = peek();
            if (c == 'e' || c == 'E') {
                pos++;
                c = peek();
                if (c == '+' || c == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw invalid();
                }
                while (pos < end && isDigit(s.charAt(pos))) {
                    pos++;
                }
                integral = false;
            }
            if (integral && intDigits <= 15) {
                // Exact in a double, so no rounding question: the common case, without parsing twice.
                long v = 0;
                for (int i = intStart; i < pos; i++) {
                    v = v * 10 + (s.charAt(i) - '0');
                }
                if (v == 0 && negative) {
                    return nodes.numberNode(-0.0d);
                }
                v = negative ? -v : v;
                return v == (int) v ? nodes.numberNode((int) v) : nodes.numberNode(v);
            }
            return numberNode(Double.parseDouble(s.substring(start, pos)));
        }

        /** The node for a number JavaScript holds as {@code d}. */
        private JsonNode numberNode(double d) {
            if (d == Math.rint(d) && Math.abs(d) < TWO_POW_63 && !(d == 0 && 1 / d < 0)) {
                long v = (long) d;
                return v == (int) v ? nodes.numberNode((int) v) : nodes.numberNode(v);
            }
            return nodes.numberNode(d);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static ParseException invalid() {
        return new ParseException("invalid payload");
    }
}
