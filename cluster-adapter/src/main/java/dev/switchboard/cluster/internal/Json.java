package dev.switchboard.cluster.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * JSON as {@code JSON.stringify} / {@code JSON.parse} write and read cluster messages:
 * compact, keys in insertion order, integral numbers without a fraction, binary data as
 * a Node {@code Buffer} serialises ({@code {"type":"Buffer","data":[...]}}).
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final double TWO_POW_53 = 9007199254740992.0;

    private Json() {
    }

    /** {@return the mapper used to read messages and to turn values into trees} */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes a tree.
     *
     * @param value the tree
     * @return UTF-8 JSON, starting with its first character (receivers sniff that first byte, an opening brace)
     */
    public static byte[] write(JsonNode value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads one JSON value.
     *
     * @param bytes UTF-8 JSON
     * @return the tree
     * @throws IllegalArgumentException when the bytes are not JSON
     */
    public static JsonNode read(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON message: " + e.getMessage(), e);
        }
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            g.writeNull();
            return;
        }
        switch (node.getNodeType()) {
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    g.writeNumber(node.bigIntegerValue());
                } else {
                    double d = node.doubleValue();
                    if (!Double.isFinite(d)) {
                        g.writeNull(); // as JSON.stringify(NaN)
                    } else if (d == Math.floor(d) && Math.abs(d) < TWO_POW_53) {
                        g.writeNumber((long) d);
                    } else {
                        g.writeNumber(d);
                    }
                }
            }
            case BINARY -> {
                g.writeStartObject();
                g.writeStringField("type", "Buffer");
                g.writeArrayFieldStart("data");
                for (byte b : node.binaryValue()) {
                    g.writeNumber(b & 0xff);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            default -> throw new IllegalArgumentException("no JSON form for a " + node.getNodeType()
                    + " node; convert the value to a JSON tree first");
        }
    }
}
