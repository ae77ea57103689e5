package dev.switchboard.socketio.parser;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.Packet.Binary;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.Packet.Text;
import dev.switchboard.socketio.protocol.Packet;
import dev.switchboard.socketio.protocol.PacketType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The default parser, wire-compatible with {@code socket.io-parser} 4.2.7 (the format every
 * official client uses unless told otherwise).
 *
 * <p>A packet is one text message {@code <type>[<attachments>-][<nsp>,][<ackId>][<JSON>]}: the
 * namespace is left out when it is {@code /} and always followed by {@code ,} otherwise. An EVENT
 * or ACK whose data holds binary ({@link BinaryNode}s anywhere in the tree) is sent as
 * BINARY_EVENT / BINARY_ACK: each binary is replaced by {@code {"_placeholder":true,"num":N}},
 * numbered depth-first, and follows the text as its own binary message. JSON is written as
 * JavaScript's {@code JSON.stringify} writes the same value and read as {@code JSON.parse} reads it,
 * so that what clients see is byte for byte what a Node server sends: key order kept (keys that
 * are array indices first, as in a JavaScript object), integral numbers without {@code .0},
 * doubles in JavaScript's shortest form ({@code 1e+21}, {@code 1e-7}), NaN and infinities as
 * {@code null}, numbers beyond 2<sup>53</sup> rounded to the double JavaScript would hold, strings
 * escaped only where JavaScript escapes them (U+2028 and {@code /} raw, lone surrogates as
 * {@code \}{@code udxxx}), a missing node dropped from objects and {@code null} in arrays. Binary
 * in CONNECT or CONNECT_ERROR data is written as Node writes a {@code Buffer}:
 * {@code {"type":"Buffer","data":[...]}}.
 *
 * <p>The decoder applies the reference's rules with its error messages: {@code unknown packet type
 * N}, {@code Illegal attachments}, {@code too many attachments}, {@code invalid payload}, {@code
 * got plaintext data when reconstructing a packet}, {@code got binary data when not reconstructing
 * a packet}, {@code illegal attachments}. An ack id is read as JavaScript's {@code Number()} reads
 * it, rounded to the nearest double past 2<sup>53</sup> as the reference rounds it, and written
 * back as JavaScript writes that number. Where the reference would produce something a Java packet
 * cannot hold, it rejects instead, with {@code invalid ack id}: an ack id of 2<sup>63</sup> or more
 * (a {@code long} holds ids; no client counts that far, and the reference answers such ids with
 * rounded digits or exponent notation no client could match either) or with white space between
 * its digits (JavaScript reads NaN). A placeholder whose {@code num} is not an integer is
 * rejected as {@code illegal attachments} (the reference would put {@code undefined} there).
 *
 * <p>Limits: at most {@value #MAX_ATTACHMENTS} attachments per packet (the reference's default
 * {@code maxAttachments}); JSON nested at most {@value #MAX_DEPTH} levels deep (deeper payloads
 * are rejected as {@code invalid payload: nested deeper than 1000 levels}). Nothing recurses on
 * the thread's stack and the work is linear in the message, whose size Engine.IO bounds
 * ({@code maxHttpBufferSize}) before it gets here.
 *
 * <p>Decoded packets: an EVENT or ACK without a payload ({@code 42}) has an empty data array, as
 * the reference server treats it; a CONNECT without one has {@code null} data; a CONNECT_ERROR
 * without one has a {@link MissingNode}. Trees are built with the mapper's node factory.
 *
 * <p>Instances are immutable and thread-safe; decoders are per connection.
 */
public final class JsonPacketParser implements PacketParser {

    /** The most binary attachments one packet may announce, as the reference's default. */
    public static final int MAX_ATTACHMENTS = 10;

    /** The largest ack id a packet may carry: the largest double below 2<sup>63</sup>, so a long. */
    public static final long MAX_ACK_ID = 9_223_372_036_854_774_784L;

    /** The most digits read exactly as they are; longer ids are rounded as a double. */
    private static final int EXACT_ACK_ID_DIGITS = 15;

    /** The deepest nesting of JSON arrays and objects a payload may have. */
    public static final int MAX_DEPTH = JsJsonReader.MAX_DEPTH;

    /** The event names a client may not send: they mean something to the server itself. */
    private static final Set<String> RESERVED_EVENTS = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private final ObjectMapper mapper;
    private final JsonNodeFactory nodes;
    private final JsJsonReader reader;

    /** A parser with the mapper of {@link #newObjectMapper()}. */
    public JsonPacketParser() {
        this(newObjectMapper());
    }

    /**
     * A parser building trees with the given mapper's node factory and converting {@code POJONode}
     * values with it. The mapper's parsing settings are not used: payloads are always read with
     * {@code JSON.parse}'s strict rules.
     *
     * @param mapper the mapper
     */
    public JsonPacketParser(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.nodes = mapper.getNodeFactory();
        this.reader = new JsJsonReader(nodes);
    }

    /**
     * A mapper suited to converting between application objects and Socket.IO payload trees,
     * closer to how JavaScript treats values than Jackson's defaults:
     * <ul>
     *   <li>unknown properties are ignored when reading into a type (a JavaScript peer may send
     *       more than the record declares);
     *   <li>an object without properties writes as {@code {}} instead of failing;
     *   <li>dates write as ISO-8601 strings, as a JavaScript {@code Date} does in JSON, not as
     *       epoch numbers;
     *   <li>reading JSON text with it obeys the same nesting limit as this parser.
     * </ul>
     * {@code byte[]} values become {@link BinaryNode}s in trees and so travel as binary
     * attachments. Each call returns a new mapper that the caller may configure further.
     *
     * @return a new mapper
     */
    public static ObjectMapper newObjectMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    /**
     * The mapper this parser converts with.
     *
     * @return the mapper given at construction
     */
    public ObjectMapper objectMapper() {
        return mapper;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The list is immutable: a broadcast encodes once and hands the same list to every
     * recipient. A packet without binary is a single text message.
     *
     * @throws IllegalArgumentException when a {@code POJONode} in the data cannot be converted
     */
    @Override
    public List<Message> encode(Packet packet) {
        Scratch scratch = SCRATCH.get();
        if (scratch.inUse) {
            // Encoding inside an encode (a value's serializer that emits): a builder of its own.
            return encode(packet, new StringBuilder(64), new JsJsonWriter());
        }
        scratch.inUse = true;
        try {
            return encode(packet, scratch.out, scratch.writer);
        } finally {
            scratch.release();
        }
    }

    /**
     * The text builder and JSON writer a thread reuses from one packet to the next: every packet
     * then costs its string alone, not a builder grown step by step to the packet's size and a
     * writer with its stack, dropped after one use.
     */
    private static final class Scratch {
        /** A builder grown past this by a large packet is dropped rather than kept for small ones. */
        private static final int MAX_KEPT = 16 * 1024;

        StringBuilder out = new StringBuilder(256);
        final JsJsonWriter writer = new JsJsonWriter();
        boolean inUse;

        void release() {
            inUse = false;
            if (out.capacity() > MAX_KEPT) {
                out = new StringBuilder(256);
            } else {
                out.setLength(0);
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private List<Message> encode(Packet packet, StringBuilder out, JsJsonWriter writer) {
        out.append(packet.type().code());
        String nsp = packet.namespace();
        if (!nsp.isEmpty() && !"/".equals(nsp)) {
            out.append(nsp).append(',');
        }
        if (packet instanceof Packet.Event event) {
            return encodeArgs(out, writer, event.ackId(), event.data(), PacketType.BINARY_EVENT);
        }
        if (packet instanceof Packet.Ack ack) {
            return encodeArgs(out, writer, ack.ackId(), ack.data(), PacketType.BINARY_ACK);
        }
        JsonNode data = null;
        if (packet instanceof Packet.Connect connect) {
            data = connect.data();
        } else if (packet instanceof Packet.ConnectError error) {
            data = error.data();
        }
        // JavaScript leaves out data that is null or undefined.
        if (data != null && !data.isNull() && !data.isMissingNode()) {
            writer.writeTo(out, data, mapper, false);
        }
        return List.of(new Text(out.toString()));
    }

    private List<Message> encodeArgs(StringBuilder out, JsJsonWriter writer, long ackId, ArrayNode data,
            PacketType binaryType) {
        if (ackId > JsNumbers.TWO_POW_53) {
            // An id the reference rounded on reading: written as it writes that number.
            JsNumbers.appendNumber(out, ackId);
        } else if (ackId >= 0) {
            out.append(ackId);
        }
        List<byte[]> binaries = writer.writeTo(out, data, mapper, true);
        if (binaries == null) {
            return List.of(new Text(out.toString()));
        }
        // Written optimistically as a plain packet; a binary one gets its type and count here.
        out.setCharAt(0, binaryType.code());
        out.insert(1, binaries.size() + "-");
        Message[] messages = new Message[binaries.size() + 1];
        messages[0] = new Text(out.toString());
        for (int i = 0; i < binaries.size(); i++) {
            messages[i + 1] = new Binary(binaries.get(i));
        }
        return List.of(messages);
    }

    @Override
    public Decoder newDecoder() {
        return new JsonDecoder();
    }

    /** A BINARY_EVENT or BINARY_ACK whose attachments are still arriving. */
    private static final class Pending {
        final PacketType type;
        final String namespace;
        final long ackId;
        final ArrayNode data;
        final BinaryNode[] attachments;
        int received;

        Pending(PacketType type, String namespace, long ackId, ArrayNode data, int count) {
            this.type = type;
            this.namespace = namespace;
            this.ackId = ackId;
            this.data = data;
            this.attachments = new BinaryNode[count];
        }
    }

    /** The per-connection state machine: idle, or collecting the attachments of one packet. */
    private final class JsonDecoder implements Decoder {
        private Pending pending;

        @Override
        public Packet decode(Message message) throws ParseException {
            if (message instanceof Text text) {
                if (pending != null) {
                    pending = null;
                    throw new ParseException("got plaintext data when reconstructing a packet");
                }
                return decodeString(text.text());
            }
            byte[] bytes = ((Binary) message).bytes();
            Pending p = pending;
            if (p == null) {
                throw new ParseException("got binary data when not reconstructing a packet");
            }
            p.attachments[p.received++] = nodes.binaryNode(bytes);
            if (p.received < p.attachments.length) {
                return null;
            }
            pending = null;
            ArrayNode data = p.data;
            if (data == null) {
                data = nodes.arrayNode();
            } else {
                reconstruct(data, p.attachments);
            }
            return p.type == PacketType.BINARY_EVENT
                    ? new Packet.Event(p.namespace, data, p.ackId)
                    : new Packet.Ack(p.namespace, data, p.ackId);
        }

        @Override
        public void reset() {
            pending = null;
        }

        /** Parses one text message, following the reference decoder's index arithmetic. */
        private Packet decodeString(String str) throws ParseException {
            int len = str.length();
            // Number(str.charAt(0)): a digit, 0 for white space or the empty string, else NaN.
            int typeCode = len == 0 ? 0 : digitOrSpace(str.charAt(0));
            if (typeCode < 0) {
                throw new ParseException("unknown packet type NaN");
            }
            PacketType type = PacketType.fromCode((char) ('0' + typeCode));
            if (type == null) {
                throw new ParseException("unknown packet type " + typeCode);
            }
            boolean binary = type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK;
            int i = 0;
            int attachments = 0;
            if (binary) {
                int start = 1;
                i = start;
                while (i < len && str.charAt(i) != '-') {
                    i++;
                }
                double n = JsNumbers.stringToNumber(str.subSequence(start, i));
                if (Double.isNaN(n) || i == len || Double.isInfinite(n) || n != Math.floor(n) || n < 1) {
                    throw new ParseException("Illegal attachments");
                }
                if (n > MAX_ATTACHMENTS) {
                    throw new ParseException("too many attachments");
                }
                attachments = (int) n;
            }

            String nsp = "/";
            if (i + 1 < len && str.charAt(i + 1) == '/') {
                int start = i + 1;
                i = start;
                while (i < len && str.charAt(i) != ',') {
                    i++;
                }
                nsp = str.substring(start, i);
            }

            long ackId = Packet.NO_ACK;
            if (i + 1 < len && digitOrSpace(str.charAt(i + 1)) >= 0) {
                int start = i + 1;
                int end = start;
                while (end < len && digitOrSpace(str.charAt(end)) >= 0) {
                    end++;
                }
                ackId = ackId(str, start, end);
                i = end - 1;
            }

            JsonNode data = null;
            if (++i < len) {
                data = reader.read(str, i);
                if (!isPayloadValid(type, data)) {
                    throw new ParseException("invalid payload");
                }
            }

            if (ackId == INVALID_ACK_ID) {
                if (type == PacketType.EVENT || type == PacketType.ACK || binary) {
                    throw new ParseException("invalid ack id");
                }
                // CONNECT, DISCONNECT and CONNECT_ERROR ignore ids, as the reference server does.
                ackId = Packet.NO_ACK;
            }
            switch (type) {
                case CONNECT:
                    return new Packet.Connect(nsp, (ObjectNode) data);
                case DISCONNECT:
                    return new Packet.Disconnect(nsp);
                case EVENT:
                    return new Packet.Event(nsp, data == null ? nodes.arrayNode() : (ArrayNode) data, ackId);
                case ACK:
                    return new Packet.Ack(nsp, data == null ? nodes.arrayNode() : (ArrayNode) data, ackId);
                case CONNECT_ERROR:
                    return new Packet.ConnectError(nsp, data == null ? MissingNode.getInstance() : data);
                default:
                    pending = new Pending(type, nsp, ackId, (ArrayNode) data, attachments);
                    return null;
            }
        }
    }

    /** {@code Number(c)} for one character, where it is an integer: 0-9, or 0 for white space; else -1. */
    private static int digitOrSpace(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return JsNumbers.isWhitespace(c) ? 0 : -1;
    }

    /** What {@link #ackId} returns for an id a long cannot hold as JavaScript reads it. */
    private static final long INVALID_ACK_ID = Long.MIN_VALUE;

    /**
     * The ack id in {@code str[start, end)}, a run of digits and white space, read as
     * {@code Number()} reads it (past 2<sup>53</sup>, the nearest double); {@link #INVALID_ACK_ID}
     * when that is NaN (white space between digits) or more than {@link #MAX_ACK_ID}. The caller
     * decides whether that matters, after the payload checks the reference makes first.
     */
    private static long ackId(String str, int start, int end) {
        while (start < end && JsNumbers.isWhitespace(str.charAt(start))) {
            start++;
        }
        while (end > start && JsNumbers.isWhitespace(str.charAt(end - 1))) {
            end--;
        }
        while (start < end - 1 && str.charAt(start) == '0') {
            start++;
        }
        if (start == end) {
            return 0;
        }
        long id = 0;
        for (int j = start; j < end; j++) {
            char c = str.charAt(j);
            if (c < '0' || c > '9') {
                return INVALID_ACK_ID;
            }
            if (j - start < EXACT_ACK_ID_DIGITS) {
                id = id * 10 + (c - '0');
            }
        }
        if (end - start <= EXACT_ACK_ID_DIGITS) {
            return id;
        }
        if (end - start > 19) {
            // 20 digits or more: at least 10^19, past any long.
            return INVALID_ACK_ID;
        }
        // Java rounds a decimal string to the nearest double as JavaScript's Number() does.
        double rounded = Double.parseDouble(str.substring(start, end));
        return rounded <= MAX_ACK_ID ? (long) rounded : INVALID_ACK_ID;
    }

    /** The reference's {@code isPayloadValid}: what data each packet type may carry. */
    private static boolean isPayloadValid(PacketType type, JsonNode payload) {
        switch (type) {
            case CONNECT:
                return payload.isObject();
            case DISCONNECT:
                return false;
            case CONNECT_ERROR:
                return payload.isTextual() || payload.isObject();
            case EVENT:
            case BINARY_EVENT: {
                if (!payload.isArray() || payload.isEmpty()) {
                    return false;
                }
                JsonNode name = payload.get(0);
                return name.isNumber() || (name.isTextual() && !RESERVED_EVENTS.contains(name.textValue()));
            }
            case ACK:
            case BINARY_ACK:
                return payload.isArray();
            default:
                return false;
        }
    }

    /**
     * Puts the attachments in place of their placeholders, anywhere in the tree. Recursion is
     * bounded by the reader's depth limit.
     */
    private static void reconstruct(JsonNode node, BinaryNode[] attachments) throws ParseException {
        if (node instanceof ArrayNode array) {
            for (int j = 0; j < array.size(); j++) {
                JsonNode child = array.get(j);
                BinaryNode binary = placeholder(child, attachments);
                if (binary != null) {
                    array.set(j, binary);
                } else {
                    reconstruct(child, attachments);
                }
            }
        } else if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                BinaryNode binary = placeholder(member.getValue(), attachments);
                if (binary != null) {
                    member.setValue(binary);
                } else {
                    reconstruct(member.getValue(), attachments);
                }
            }
        }
    }

    /** The attachment {@code node} stands for, or {@code null} when it is no placeholder. */
    private static BinaryNode placeholder(JsonNode node, BinaryNode[] attachments) throws ParseException {
        if (!(node instanceof ObjectNode) || !node.path("_placeholder").isBoolean()
                || !node.get("_placeholder").booleanValue()) {
            return null;
        }
        JsonNode num = node.get("num");
        if (num == null || !num.isNumber()) {
            throw new ParseException("illegal attachments");
        }
        double index = num.doubleValue();
        if (!(index >= 0 && index < attachments.length && index == Math.floor(index))) {
            throw new ParseException("illegal attachments");
        }
        return attachments[(int) index];
    }
}
