package dev.switchboard.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of an event or an acknowledgement, as received: JSON values (binary data as
 * {@link com.fasterxml.jackson.databind.node.BinaryNode}), read as they are or mapped to Java types
 * with the server's {@link ObjectMapper}.
 *
 * <pre>{@code
 * socket.on("move", (args, ack) -> {
 *     Point p = args.get(0, Point.class);   // a record, mapped by Jackson
 *     byte[] blob = args.get(1, byte[].class);
 *     ack.send("ok");
 * });
 * }</pre>
 *
 * <p>For a broadcast acknowledgement the arguments are the responses, one per client (each
 * client's first acknowledgement argument). What this hands out is the caller's own: trees are
 * copies (and so are binary arrays), so no listener can change what another listener, an
 * any-listener or an echo sees.
 */
public final class EventArgs implements Iterable<JsonNode> {

    private static final ArrayNode EMPTY_ARRAY = JsonNodeFactory.instance.arrayNode(0);

    private final ArrayNode data;
    private final int from;
    private final ObjectMapper mapper;
    private final String event;

    EventArgs(ArrayNode data, int from, ObjectMapper mapper, String event) {
        this.data = data;
        this.from = from;
        this.mapper = mapper;
        this.event = event;
    }

    /**
     * Arguments over a JSON array.
     *
     * @param values the arguments, in order
     * @param mapper the mapper for {@link #get(int, Class)}
     * @return the arguments
     */
    public static EventArgs of(ArrayNode values, ObjectMapper mapper) {
        return new EventArgs(Objects.requireNonNull(values, "values"), 0,
                Objects.requireNonNull(mapper, "mapper"), null);
    }

    /**
     * No arguments.
     *
     * @param mapper the mapper for typed access
     * @return empty arguments
     */
    public static EventArgs empty(ObjectMapper mapper) {
        return new EventArgs(EMPTY_ARRAY, 0, Objects.requireNonNull(mapper, "mapper"), null);
    }

    /** {@return the number of arguments} */
    public int size() {
        return data.size() - from;
    }

    /** {@return whether there are no arguments} */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * An argument as received.
     *
     * @param index the position, from 0
     * @return the value, or {@code null} when there is no such argument (JSON {@code null} is a
     *     {@link com.fasterxml.jackson.databind.node.NullNode})
     */
    public JsonNode get(int index) {
        JsonNode node = shared(index);
        return node == null ? null : copy(node);
    }

    /** {@return an argument as received, not copied: for the server's own reading and echoing only} */
    JsonNode shared(int index) {
        if (index < 0 || index >= size()) {
            return null;
        }
        return data.get(from + index);
    }

    /** {@return the arguments as received, not copied: for the server's own echoing only} */
    ArrayNode shared() {
        if (from == 0) {
            return data;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode(size());
        for (int i = from; i < data.size(); i++) {
            out.add(data.get(i));
        }
        return out;
    }

    /**
     * A copy the caller may keep and change: containers and binary arrays copied, the immutable
     * values (text, numbers, booleans, null) shared.
     */
    private static JsonNode copy(JsonNode node) {
        if (node instanceof BinaryNode binary) {
            return BinaryNode.valueOf(binary.binaryValue().clone());
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(array.size());
            for (JsonNode element : array) {
                out.add(copy(element));
            }
            return out;
        }
        if (node instanceof ObjectNode object) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                out.set(member.getKey(), copy(member.getValue()));
            }
            return out;
        }
        return node;
    }

    /** Whether a tree holds binary data, which mapping would hand out without copying. */
    private static boolean holdsBinary(JsonNode node) {
        if (node.isBinary()) {
            return true;
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (holdsBinary(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An argument mapped to a Java type: {@code String}, boxed numbers and booleans, records and
     * POJOs, {@code byte[]} for binary data, {@link JsonNode} for the tree itself.
     *
     * @param index the position, from 0
     * @param type the type
     * @param <T> the type
     * @return the value; {@code null} when the argument is missing or JSON {@code null}
     * @throws IllegalArgumentException when the value does not map to the type, naming the
     *     argument, the event and the type
     */
    public <T> T get(int index, Class<T> type) {
        JsonNode node = shared(index);
        if (node == null) {
            return null;
        }
        if (type.isInstance(node)) {
            return type.cast(copy(node));
        }
        try {
            return mapper.treeToValue(holdsBinary(node) ? copy(node) : node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw mappingError(index, type.getName(), e);
        }
    }

    /**
     * An argument mapped to a generic type, e.g. {@code new TypeReference<List<Point>>() {}}.
     *
     * @param index the position, from 0
     * @param type the type
     * @param <T> the type
     * @return the value; {@code null} when the argument is missing or JSON {@code null}
     * @throws IllegalArgumentException when the value does not map to the type
     */
    public <T> T get(int index, TypeReference<T> type) {
        JsonNode node = shared(index);
        if (node == null) {
            return null;
        }
        try {
            return mapper.treeToValue(holdsBinary(node) ? copy(node) : node,
                    mapper.getTypeFactory().constructType(type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw mappingError(index, type.getType().getTypeName(), e);
        }
    }

    private IllegalArgumentException mappingError(int index, String type, Exception cause) {
        String detail = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage()
                : cause.getMessage();
        return new IllegalArgumentException("argument " + index
                + (event != null ? " of event \"" + event + "\"" : "") + " does not map to " + type
                + ": " + detail, cause);
    }

    /** {@return the arguments as a JSON array: a copy the caller may keep and change} */
    public ArrayNode toArrayNode() {
        ArrayNode copy = JsonNodeFactory.instance.arrayNode(size());
        for (int i = from; i < data.size(); i++) {
            copy.add(copy(data.get(i)));
        }
        return copy;
    }

    /** {@return the arguments as an unmodifiable list of copies} */
    public List<JsonNode> asList() {
        List<JsonNode> list = new ArrayList<>(size());
        forEach(list::add);
        return Collections.unmodifiableList(list);
    }

    @Override
    public Iterator<JsonNode> iterator() {
        return new Iterator<>() {
            private int i = from;

            @Override
            public boolean hasNext() {
                return i < data.size();
            }

            @Override
            public JsonNode next() {
                if (i >= data.size()) {
                    throw new java.util.NoSuchElementException();
                }
                return copy(data.get(i++));
            }
        };
    }

    /** {@return the mapper used for typed access} */
    ObjectMapper mapper() {
        return mapper;
    }

    /** {@return the arguments as JSON text, e.g. {@code ["a",1]}} */
    @Override
    public String toString() {
        return shared().toString();
    }
}
