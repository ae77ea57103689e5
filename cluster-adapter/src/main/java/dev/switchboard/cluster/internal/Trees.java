package dev.switchboard.cluster.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.SocketDetails;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pieces of the cluster protocol's payloads: broadcast options as socket.io-adapter's
 * {@code encodeOptions}/{@code decodeOptions} write them, socket details as a {@code fetchSockets}
 * answer carries them, binary detection, node and request ids.
 */
public final class Trees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Trees() {
    }

    /**
     * 16 hex characters, as socket.io-adapter's {@code randomId()} (node uids, request ids).
     *
     * @return the id
     */
    public static String randomHexId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Whether a tree holds binary data anywhere (socket.io's {@code hasBinary}).
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
     * {@code {type: 2, data}}: an EVENT as the cluster adapter publishes it (without {@code nsp}).
     *
     * @param data {@code [event, ...args]}
     * @return the object
     */
    public static ObjectNode eventPacket(ArrayNode data) {
        ObjectNode packet = NODES.objectNode();
        packet.put("type", 2);
        packet.set("data", data);
        return packet;
    }

    /**
     * {@code {rooms, except, flags}}.
     *
     * @param opts the options
     * @return the object
     */
    public static ObjectNode encodeOptions(BroadcastOptions opts) {
        ObjectNode out = NODES.objectNode();
        out.set("rooms", stringArray(opts.rooms()));
        out.set("except", stringArray(opts.except()));
        out.set("flags", encodeFlags(opts.flags()));
        return out;
    }

    /**
     * The flags a JavaScript sender would have set: only those that differ from the defaults;
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
     * Reads {@code {rooms, except, flags}}; missing parts are empty, unknown flags ignored.
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

    private static BroadcastFlags decodeFlags(JsonNode flags) {
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
     * The strings of an array (other scalars as their text), in order, each once.
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
                out.add(v.asText());
            }
        }
        return out;
    }

    /**
     * One socket of a {@code fetchSockets} answer: {@code {id, handshake, rooms, data}}; a socket
     * without data sends {@code {}}, as a Node socket's default {@code data} is.
     *
     * @param socket the socket's details
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
     * Reads a socket of another server's {@code fetchSockets} answer.
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
