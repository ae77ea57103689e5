package dev.switchboard.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.Packet.Binary;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.msgpack.internal.DateNode;
import dev.switchboard.msgpack.internal.NotepackWriter;
import dev.switchboard.socketio.parser.JsonPacketParser;
import dev.switchboard.socketio.parser.PacketParser;
import dev.switchboard.socketio.protocol.Packet;
import dev.switchboard.socketio.protocol.PacketType;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The packet format of {@code socket.io-msgpack-parser} 3.0.x: each packet is one binary message,
 * the packet object encoded with notepack.io 2.2 ({@link Notepack#V2}). Clients must use the same
 * parser ({@code io(url, { parser: require("socket.io-msgpack-parser") })}); choose it with
 * {@code SocketIoServer.builder().parser(new MsgpackPacketParser())}.
 *
 * <p>There are no attachments: binary data ({@code BinaryNode}s) travels inside the one message as
 * MessagePack bin, and EVENT / ACK keep their types whatever their data holds.
 *
 * <h2>Encoding</h2>
 * The bytes are those socket.io 4.8's server writes for the same packet with this parser, its
 * packet object's key order included: {@code {type, data, nsp}} for CONNECT, EVENT and
 * CONNECT_ERROR, {@code {type, data, id, nsp}} for an EVENT with an ack id (as
 * {@code socket.emit} builds it), {@code {id, type, data, nsp}} for ACK, {@code {type, nsp}} for
 * DISCONNECT, and {@code {type, nsp, data}} for the "Invalid namespace" refusal (a CONNECT_ERROR
 * whose data is exactly {@code {"message": "Invalid namespace"}}). One difference remains: Node
 * writes a broadcast with acknowledgements with {@code nsp} before {@code id}, where this writes
 * every EVENT with an id as {@code socket.emit} does; clients read both alike. Values follow
 * {@link Notepack}: a {@code MissingNode} is written as {@code undefined} (as Node writes the
 * unset {@code pid} of a CONNECT reply or {@code data} of a CONNECT_ERROR).
 *
 * <h2>Decoding</h2>
 * The reference's checks, with its messages: the message must decode to a map whose
 * {@code type} is an integer from 0 to 4 ({@code invalid packet type}), whose {@code nsp} is a
 * string ({@code invalid namespace}), whose {@code data} is absent or an object for CONNECT,
 * absent for DISCONNECT, a string or an object for CONNECT_ERROR and an array otherwise
 * ({@code invalid payload}), and whose {@code id} is absent or an integer ({@code invalid packet
 * id}). Other keys (the {@code options} clients send) are ignored. Stricter than the reference,
 * where a Java packet or the server's own rules need it:
 * <ul>
 *   <li>an EVENT must start with its name, a string other than the reserved
 *       {@code connect, connect_error, disconnect, disconnecting, newListener, removeListener}, or
 *       a number, as {@code socket.io-parser} requires (the msgpack parser lets a client fire the
 *       server's reserved events);
 *   <li>an EVENT's or ACK's id must be from 0 to below 2<sup>63</sup>;
 *   <li>the MessagePack itself is read as {@link Notepack#decode} reads it, with its limits
 *       (map keys, {@code __proto__}, nesting depth {@value Notepack#MAX_DEPTH}); text messages
 *       are refused.
 * </ul>
 * An id on CONNECT, DISCONNECT or CONNECT_ERROR is checked, then dropped, as the server ignores
 * it. Decoded CONNECT data absent or {@code undefined} is {@code null}. Values are read as
 * {@link Notepack} reads them; an {@code ArrayBuffer} is binary that {@link Notepack#V2} would write
 * back as one, but event handlers get copies of their arguments, so what a handler sends back is
 * plain binary, a {@code Buffer} to the client, where a Node server would echo an
 * {@code ArrayBuffer}.
 *
 * <p>Instances are immutable and thread-safe; decoding keeps no state between messages, so every
 * connection shares one decoder.
 */
public final class MsgpackPacketParser implements PacketParser {

    /** The event names a client may not send: they mean something to the server itself. */
    private static final Set<String> RESERVED_EVENTS = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
    private static final double TWO_POW_63 = 9.223372036854775808E18;

    private final ObjectMapper mapper;
    private final Decoder decoder = new MsgpackDecoder();

    /** A parser converting {@code POJONode}s with the mapper of {@link JsonPacketParser#newObjectMapper()}. */
    public MsgpackPacketParser() {
        this(JsonPacketParser.newObjectMapper());
    }

    /**
     * A parser converting {@code POJONode} values in packets with the given mapper.
     *
     * @param mapper the mapper
     */
    public MsgpackPacketParser(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
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
     * <p>Always one binary message; the list is immutable and may go to many sessions.
     *
     * @throws IllegalArgumentException when a {@code POJONode} in the data cannot be converted
     */
    @Override
    public List<Message> encode(Packet packet) {
        NotepackWriter out = new NotepackWriter(Notepack.V2, mapper);
        if (packet instanceof Packet.Event event) {
            boolean id = event.hasAck();
            out.mapHeader(id ? 4 : 3);
            type(out, PacketType.EVENT);
            data(out, event.data());
            if (id) {
                out.key("id");
                out.number(event.ackId());
            }
            nsp(out, event.namespace());
        } else if (packet instanceof Packet.Ack ack) {
            boolean id = ack.ackId() >= 0;
            out.mapHeader(id ? 4 : 3);
            if (id) {
                out.key("id");
                out.number(ack.ackId());
            }
            type(out, PacketType.ACK);
            data(out, ack.data());
            nsp(out, ack.namespace());
        } else if (packet instanceof Packet.Connect connect) {
            envelope(out, PacketType.CONNECT, connect.data(), connect.namespace(), false);
        } else if (packet instanceof Packet.ConnectError error) {
            JsonNode data = error.data().isMissingNode() ? null : error.data();
            envelope(out, PacketType.CONNECT_ERROR, data, error.namespace(), isInvalidNamespace(data));
        } else {
            envelope(out, PacketType.DISCONNECT, null, packet.namespace(), false);
        }
        return List.of(new Binary(out.toByteArray()));
    }

    /** {@code {type, data, nsp}}, or {@code {type, nsp, data}}, or {@code {type, nsp}} without data. */
    private static void envelope(NotepackWriter out, PacketType type, JsonNode data, String nsp, boolean nspFirst) {
        out.mapHeader(data == null ? 2 : 3);
        type(out, type);
        if (data != null && !nspFirst) {
            data(out, data);
        }
        nsp(out, nsp);
        if (data != null && nspFirst) {
            data(out, data);
        }
    }

    /** The client's own refusal of an unknown namespace, which the reference writes nsp first. */
    private static boolean isInvalidNamespace(JsonNode data) {
        return data instanceof ObjectNode object && object.size() == 1
                && "Invalid namespace".equals(object.path("message").textValue());
    }

    private static void type(NotepackWriter out, PacketType type) {
        out.key("type");
        out.number(type.ordinal());
    }

    private static void nsp(NotepackWriter out, String nsp) {
        out.key("nsp");
        out.string(nsp);
    }

    private static void data(NotepackWriter out, JsonNode data) {
        out.key("data");
        out.value(data);
    }

    @Override
    public Decoder newDecoder() {
        return decoder;
    }

    /** Stateless: each binary message is one whole packet. */
    private static final class MsgpackDecoder implements Decoder {
        @Override
        public Packet decode(Message message) throws ParseException {
            if (!(message instanceof Binary binary)) {
                throw new ParseException("got a text message: the msgpack parser reads binary messages only");
            }
            JsonNode decoded;
            try {
                decoded = Notepack.V2.decode(binary.bytes());
            } catch (MsgPackException e) {
                throw new ParseException("invalid MessagePack: " + e.getMessage());
            }
            return packet(decoded);
        }

        @Override
        public void reset() {
            // Nothing is kept between messages.
        }
    }

    /** The reference's {@code checkPacket}, then the stricter rules of the class description. */
    private static Packet packet(JsonNode decoded) throws ParseException {
        if (!(decoded instanceof ObjectNode object)) {
            throw new ParseException("invalid packet type");
        }
        JsonNode typeNode = object.get("type");
        if (!isInteger(typeNode) || typeNode.doubleValue() < 0 || typeNode.doubleValue() > 4) {
            throw new ParseException("invalid packet type");
        }
        PacketType type = PacketType.values()[(int) typeNode.doubleValue()];
        JsonNode nspNode = object.get("nsp");
        if (!isString(nspNode)) {
            throw new ParseException("invalid namespace");
        }
        String nsp = nspNode.textValue();
        JsonNode data = defined(object.get("data"));
        if (!isDataValid(type, data)) {
            throw new ParseException("invalid payload");
        }
        JsonNode id = defined(object.get("id"));
        if (id != null && !isInteger(id)) {
            throw new ParseException("invalid packet id");
        }
        switch (type) {
            case CONNECT:
                return new Packet.Connect(nsp, (ObjectNode) data);
            case DISCONNECT:
                return new Packet.Disconnect(nsp);
            case CONNECT_ERROR:
                return new Packet.ConnectError(nsp, data);
            case EVENT: {
                ArrayNode args = (ArrayNode) data;
                if (!hasEventName(args)) {
                    throw new ParseException("invalid payload: an EVENT starts with its name, a number or a string"
                            + " other than connect, connect_error, disconnect, disconnecting, newListener,"
                            + " removeListener");
                }
                return new Packet.Event(nsp, args, ackId(id));
            }
            default:
                return new Packet.Ack(nsp, (ArrayNode) data, ackId(id));
        }
    }

    /** The node, or {@code null} when JavaScript would read {@code undefined}. */
    private static JsonNode defined(JsonNode node) {
        return node == null || node.isMissingNode() ? null : node;
    }

    /** {@code Number.isInteger}. */
    private static boolean isInteger(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return false;
        }
        double d = node.doubleValue();
        return Double.isFinite(d) && Math.floor(d) == d;
    }

    /** {@code typeof node === "string"}; a date reads as a string to Java but is none in JavaScript. */
    private static boolean isString(JsonNode node) {
        return node != null && node.isTextual() && !(node instanceof DateNode);
    }

    /** The reference's {@code isDataValid}; {@code data} is {@code null} for undefined. */
    private static boolean isDataValid(PacketType type, JsonNode data) {
        switch (type) {
            case CONNECT:
                return data == null || data instanceof ObjectNode;
            case DISCONNECT:
                return data == null;
            case CONNECT_ERROR:
                return isString(data) || data instanceof ObjectNode;
            default:
                return data instanceof ArrayNode;
        }
    }

    private static boolean hasEventName(ArrayNode args) {
        JsonNode name = args.get(0);
        if (name == null) {
            return false;
        }
        return name.isNumber() || (isString(name) && !RESERVED_EVENTS.contains(name.textValue()));
    }

    /** An EVENT's or ACK's id as a long, where one holds it exactly. */
    private static long ackId(JsonNode id) throws ParseException {
        if (id == null) {
            return Packet.NO_ACK;
        }
        double d = id.doubleValue();
        if (d < 0 || d >= TWO_POW_63) {
            throw new ParseException("invalid packet id: " + id + " is out of range (0 to 2^63, exclusive)");
        }
        return (long) d;
    }
}
