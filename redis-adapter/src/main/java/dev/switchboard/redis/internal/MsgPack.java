package dev.switchboard.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * MessagePack as notepack.io 3.x writes and reads it, over Jackson trees: the encoding of
 * {@code @socket.io/redis-adapter} broadcasts, broadcast-with-ack requests and their answers.
 *
 * <p>Encoding produces notepack's bytes for the same JavaScript value: the smallest integer
 * format for any integral number (JavaScript has no separate integer type, so an integral
 * {@code double} is written as an integer too), float64 for the rest, the smallest str/bin/array/map
 * header, and never an ext type. Binary data ({@link com.fasterxml.jackson.databind.node.BinaryNode})
 * becomes bin8/16/32, as a Node {@code Buffer} does.
 *
 * <p>Decoding accepts what notepack accepts: timestamps (ext -1) become the ISO-8601 string a
 * JavaScript {@code Date} turns into in JSON; notepack's legacy ext 0 forms become binary
 * (ArrayBuffer), {@code undefined} (left out of maps, {@code null} in arrays) or a date; any other
 * ext type becomes {@code [type, <binary>]}.
 */
public final class MsgPack {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double TWO_POW_63 = 9.223372036854775808E18;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final DateTimeFormatter JS_ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Marks notepack's legacy {@code undefined}; never escapes this class. */
    private static final JsonNode UNDEFINED = com.fasterxml.jackson.databind.node.MissingNode.getInstance();

    private MsgPack() {
    }

    /**
     * Encodes a tree.
     *
     * @param value the value; {@code null} and missing nodes are written as nil
     * @return the bytes
     * @throws IllegalArgumentException for a node that has no MessagePack form (a POJO node)
     */
    public static byte[] encode(JsonNode value) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            write(packer, value);
            return packer.toByteArray();
        } catch (IOException e) {
            // The buffer packer writes to memory; an IOException here is a bug.
            throw new IllegalStateException(e);
        }
    }

    private static void write(MessageBufferPacker out, JsonNode node) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.packNil();
            return;
        }
        switch (node.getNodeType()) {
            case STRING -> {
                byte[] utf8 = node.textValue().getBytes(StandardCharsets.UTF_8);
                out.packRawStringHeader(utf8.length);
                out.writePayload(utf8);
            }
            case BOOLEAN -> out.packBoolean(node.booleanValue());
            case NUMBER -> writeNumber(out, node);
            case BINARY -> {
                byte[] bytes = node.binaryValue();
                out.packBinaryHeader(bytes.length);
                out.writePayload(bytes);
            }
            case ARRAY -> {
                out.packArrayHeader(node.size());
                for (JsonNode element : node) {
                    write(out, element);
                }
            }
            case OBJECT -> {
                out.packMapHeader(node.size());
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    byte[] key = field.getKey().getBytes(StandardCharsets.UTF_8);
                    out.packRawStringHeader(key.length);
                    out.writePayload(key);
                    write(out, field.getValue());
                }
            }
            default -> throw new IllegalArgumentException("no MessagePack form for a " + node.getNodeType()
                    + " node; convert the value to a JSON tree first");
        }
    }

    private static void writeNumber(MessageBufferPacker out, JsonNode node) throws IOException {
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                out.packLong(node.longValue());
                return;
            }
            BigInteger big = node.bigIntegerValue();
            if (big.signum() > 0 && big.compareTo(UINT64_MAX) <= 0) {
                out.packBigInteger(big);
            } else {
                out.packDouble(big.doubleValue());
            }
            return;
        }
        double d = node.doubleValue();
        // A JavaScript number that is integral is written as an integer, whatever its origin.
        if (Double.isFinite(d) && d == Math.floor(d) && Math.abs(d) < TWO_POW_63) {
            out.packLong((long) d);
        } else {
            out.packDouble(d);
        }
    }

    /**
     * Decodes one value that must fill {@code bytes} exactly.
     *
     * @param bytes the bytes
     * @return the tree
     * @throws IllegalArgumentException when the bytes are not one MessagePack value
     */
    public static JsonNode decode(byte[] bytes) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            if (!in.hasNext()) {
                throw new IllegalArgumentException("empty MessagePack message");
            }
            JsonNode value = read(in);
            if (in.hasNext()) {
                throw new IllegalArgumentException("MessagePack message has "
                        + (bytes.length - in.getTotalReadBytes()) + " trailing bytes");
            }
            return value == UNDEFINED ? NODES.nullNode() : value;
        } catch (IOException | MessagePackException e) {
            throw new IllegalArgumentException("malformed MessagePack message: " + e.getMessage(), e);
        }
    }

    private static JsonNode read(MessageUnpacker in) throws IOException {
        MessageFormat format = in.getNextFormat();
        ValueType type = format.getValueType();
        switch (type) {
            case NIL -> {
                in.unpackNil();
                return NODES.nullNode();
            }
            case BOOLEAN -> {
                return NODES.booleanNode(in.unpackBoolean());
            }
            case INTEGER -> {
                if (format == MessageFormat.UINT64) {
                    BigInteger big = in.unpackBigInteger();
                    return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
                }
                long v = in.unpackLong();
                return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
            }
            case FLOAT -> {
                return NODES.numberNode(in.unpackDouble());
            }
            case STRING -> {
                int length = in.unpackRawStringHeader();
                return NODES.textNode(new String(in.readPayload(length), StandardCharsets.UTF_8));
            }
            case BINARY -> {
                int length = in.unpackBinaryHeader();
                return NODES.binaryNode(in.readPayload(length));
            }
            case ARRAY -> {
                int size = in.unpackArrayHeader();
                ArrayNode array = NODES.arrayNode(size);
                for (int i = 0; i < size; i++) {
                    JsonNode element = read(in);
                    array.add(element == UNDEFINED ? NODES.nullNode() : element);
                }
                return array;
            }
            case MAP -> {
                int size = in.unpackMapHeader();
                ObjectNode map = NODES.objectNode();
                for (int i = 0; i < size; i++) {
                    JsonNode key = read(in);
                    JsonNode value = read(in);
                    if (value != UNDEFINED) {
                        map.set(key.isTextual() ? key.textValue() : key.asText(), value);
                    }
                }
                return map;
            }
            case EXTENSION -> {
                return readExtension(in, format);
            }
            default -> throw new IllegalArgumentException("unsupported MessagePack format " + format);
        }
    }

    private static JsonNode readExtension(MessageUnpacker in, MessageFormat format) throws IOException {
        var header = in.unpackExtensionTypeHeader();
        byte extType = header.getType();
        int length = header.getLength();
        byte[] payload = in.readPayload(length);
        if (extType == 0) {
            if (format == MessageFormat.FIXEXT1) {
                return UNDEFINED;
            }
            if (format == MessageFormat.FIXEXT8) {
                ByteBuffer b = ByteBuffer.wrap(payload);
                long hi = b.getInt();
                long lo = b.getInt() & 0xffffffffL;
                return isoDate(hi * 0x100000000L + lo);
            }
            if (format == MessageFormat.EXT8 || format == MessageFormat.EXT16 || format == MessageFormat.EXT32) {
                return NODES.binaryNode(payload);
            }
        }
        if (extType == -1) {
            ByteBuffer b = ByteBuffer.wrap(payload);
            if (length == 4) {
                return isoDate((b.getInt() & 0xffffffffL) * 1000);
            }
            if (length == 8) {
                long word = b.getLong();
                long nanos = word >>> 34;
                long seconds = word & 0x3ffffffffL;
                return isoDate(seconds * 1000 + nanos / 1_000_000);
            }
            if (length == 12) {
                long nanos = b.getInt() & 0xffffffffL;
                long seconds = b.getLong();
                return isoDate(seconds * 1000 + Math.floorDiv(nanos, 1_000_000L));
            }
        }
        ArrayNode other = NODES.arrayNode(2);
        other.add(extType);
        other.add(NODES.binaryNode(payload));
        return other;
    }

    /** A date as JavaScript's {@code toISOString()} writes it (what {@code JSON.stringify} gives). */
    static JsonNode isoDate(long epochMillis) {
        return NODES.textNode(JS_ISO.format(Instant.ofEpochMilli(epochMillis)));
    }

    /** Whether a tree holds binary data anywhere (socket.io's {@code hasBinary}). */
    public static boolean hasBinary(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isBinary()) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }
}
