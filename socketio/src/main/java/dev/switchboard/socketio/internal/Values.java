package dev.switchboard.socketio.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;

/**
 * Java values to the JSON trees packets carry. Binary data becomes {@link BinaryNode}s, which the
 * parser sends as attachments.
 */
public final class Values {

    private Values() {
    }

    /**
     * One value as a tree: {@code null}, trees as they are, strings, numbers and booleans directly,
     * {@code byte[]} and {@link ByteBuffer} as binary (copied, so the caller may reuse its buffer
     * once the emit returns), anything else through the mapper.
     *
     * @param mapper the mapper for records, POJOs, maps and collections
     * @param value the value
     * @return the tree
     * @throws IllegalArgumentException when the mapper cannot write the value
     */
    public static JsonNode toNode(ObjectMapper mapper, Object value) {
        if (value == null) {
            return NullNode.instance;
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (value instanceof Integer i) {
            return IntNode.valueOf(i);
        }
        if (value instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (value instanceof byte[] bytes) {
            return BinaryNode.valueOf(bytes.clone());
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return BinaryNode.valueOf(bytes);
        }
        return mapper.valueToTree(value);
    }

    /**
     * Arguments as an array.
     *
     * @param mapper the mapper
     * @param args the arguments
     * @return a new array
     */
    public static ArrayNode array(ObjectMapper mapper, Object[] args) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(args.length);
        for (Object arg : args) {
            array.add(toNode(mapper, arg));
        }
        return array;
    }

    /**
     * An event's data: the name, then the arguments.
     *
     * @param mapper the mapper
     * @param event the event name
     * @param args the arguments
     * @return a new array
     */
    public static ArrayNode eventData(ObjectMapper mapper, String event, Object[] args) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(args.length + 1);
        array.add(event);
        for (Object arg : args) {
            array.add(toNode(mapper, arg));
        }
        return array;
    }
}
