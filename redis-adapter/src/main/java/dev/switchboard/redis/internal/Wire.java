package dev.switchboard.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.internal.Json;
import dev.switchboard.msgpack.Notepack;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.SocketDetails;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pieces both Redis protocols share: message sniffing, broadcast options, socket details,
 * ids. Values follow socket.io-adapter's {@code encodeOptions}/{@code decodeOptions} and the
 * {@code fetchSockets} answer shape.
 */
public final class Wire {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final char[] ID_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Wire() {
    }

    /**
     * Whether a tree holds binary data anywhere (socket.io's {@code hasBinary}): such messages go
     * as msgpack, the others as JSON.
     *
     * @param node a tree, or {@code null}
     * @return whether it holds a binary node
     */
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

    /**
     * Decodes a request, a response or a cluster message: JSON when it starts with {@code '{'}
     * (as every receiver of the reference sniffs), msgpack otherwise.
     *
     * @param message the payload
     * @return the object
     * @throws IllegalArgumentException when it is neither, or not an object
     */
    public static ObjectNode decodeObject(byte[] message) {
        if (message.length == 0) {
            throw new IllegalArgumentException("empty message");
        }
        JsonNode node = message[0] == '{' ? Json.read(message) : Notepack.V3.decode(message);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("expected an object, got " + node.getNodeType());
        }
        return object;
    }

    /**
     * A random id of {@code length} characters of {@code [A-Za-z0-9_-]} (as {@code uid2}).
     *
     * @param length the length
     * @return the id
     */
    public static String randomId(int length) {
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    /**
     * {@code {type: 2, data, nsp}}: an EVENT as socket.io-parser's packet object.
     *
     * @param data {@code [event, ...args]}
     * @param nsp the namespace, or {@code null} to leave it out (cluster messages)
     * @return the object
     */
    public static ObjectNode eventPacket(ArrayNode data, String nsp) {
        ObjectNode packet = NODES.objectNode();
        packet.put("type", 2);
        packet.set("data", data);
        if (nsp != null) {
            packet.put("nsp", nsp);
        }
        return packet;
    }

    /**
     * {@code {rooms, except[, flags]}}.
     *
     * @param opts the options
     * @param withFlags whether to include the flags
     * @return the object
     */
    public static ObjectNode encodeOptions(BroadcastOptions opts, boolean withFlags) {
        ObjectNode out = NODES.objectNode();
        out.set("rooms", stringArray(opts.rooms()));
        out.set("except", stringArray(opts.except()));
        if (withFlags) {
            out.set("flags", encodeFlags(opts.flags()));
        }
        return out;
    }

    /**
     * The flags a JavaScript sender would have set: only those that differ from the defaults.
     * {@code local} is never sent (a local operation is not published).
     *
     * @param flags the flags
     * @return the object
     */
    public static ObjectNode encodeFlags(BroadcastFlags flags) {
        ObjectNode out = NODES.objectNode();
        if (flags.isVolatile()) {
            out.put("volatile", true);
        }
        if (!flags.compress()) {
            out.put("compress", false);
        }
        if (flags.timeout() != null) {
            out.put("timeout", flags.timeout().toMillis());
        }
        return out;
    }

    /**
     * Reads {@code {rooms, except, flags}}; missing parts are empty, rooms given as numbers
     * become strings, unknown flags are ignored.
     *
     * @param opts the object (may be missing)
     * @return the options
     */
    public static BroadcastOptions decodeOptions(JsonNode opts) {
        if (opts == null || !opts.isObject()) {
            return BroadcastOptions.ALL;
        }
        return new BroadcastOptions(stringSet(opts.get("rooms")), stringSet(opts.get("except")),
                decodeFlags(opts.get("flags")));
    }

    /**
     * Reads a flags object.
     *
     * @param flags the object (may be missing)
     * @return the flags
     */
    public static BroadcastFlags decodeFlags(JsonNode flags) {
        if (flags == null || !flags.isObject()) {
            return BroadcastFlags.DEFAULT;
        }
        BroadcastFlags out = BroadcastFlags.DEFAULT;
        if (flags.path("volatile").asBoolean(false)) {
            out = out.withVolatile();
        }
        JsonNode compress = flags.get("compress");
        if (compress != null && compress.isBoolean() && !compress.booleanValue()) {
            out = out.withCompress(false);
        }
        JsonNode timeout = flags.get("timeout");
        if (timeout != null && timeout.isNumber() && timeout.asLong() >= 0) {
            out = out.withTimeout(Duration.ofMillis(timeout.asLong()));
        }
        return out;
    }

    /**
     * A JSON array of strings.
     *
     * @param values the strings
     * @return the array
     */
    public static ArrayNode stringArray(Iterable<String> values) {
        ArrayNode array = NODES.arrayNode();
        for (String v : values) {
            array.add(v);
        }
        return array;
    }

    /**
     * The strings of an array (numbers and other scalars as their text), in order, each once.
     *
     * @param array the array (may be missing)
     * @return the set
     */
    public static Set<String> stringSet(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode v : array) {
            if (v.isValueNode() && !v.isNull()) {
                out.add(v.isNumber() ? jsNumberText(v) : v.asText());
            }
        }
        return out;
    }

    /** A number as JavaScript's {@code String(n)} writes it, for rooms such as {@code 123}. */
    private static String jsNumberText(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.asText();
        }
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e21 ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * One socket of a {@code fetchSockets} answer: {@code {id, handshake, rooms, data}}. A socket
     * without data sends {@code {}}, as a Node socket's default {@code data} is.
     *
     * @param socket the socket's details, as the namespace gave them
     * @return the object
     */
    public static ObjectNode socketDetails(SocketDetails socket) {
        ObjectNode out = NODES.objectNode();
        out.put("id", socket.id());
        out.set("handshake", socket.handshake());
        out.set("rooms", stringArray(socket.rooms()));
        JsonNode data = socket.data();
        out.set("data", data == null || data.isNull() || data.isMissingNode() ? NODES.objectNode() : data);
        return out;
    }

    /**
     * Reads a socket of another server's {@code fetchSockets} answer; the namespace reads its
     * handshake (leniently: a Node server's headers and query may hold arrays).
     *
     * @param node the object
     * @return the details, or {@code null} when it has no id
     */
    public static SocketDetails readSocketDetails(JsonNode node) {
        String id = node.path("id").asText(null);
        if (id == null) {
            return null;
        }
        JsonNode hs = node.get("handshake");
        List<String> rooms = new ArrayList<>(stringSet(node.get("rooms")));
        JsonNode data = node.get("data");
        return new SocketDetails(id, hs != null && hs.isObject() ? hs : NODES.objectNode(), rooms,
                data == null ? NODES.nullNode() : data);
    }
}
