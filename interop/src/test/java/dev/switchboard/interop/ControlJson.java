package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.socketio.EventArgs;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Event arguments between the control API's JSON and the Socket.IO server's trees. JSON has no
 * bytes, so binary values travel as {@code {"$binary": "<base64>"}} both ways; on the server side
 * they are {@link BinaryNode}s, which the Socket.IO parser sends as attachments.
 */
final class ControlJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String BINARY = "$binary";

    private ControlJson() {
    }

    /**
     * A server-side value as control JSON: binary values become {@code {"$binary": base64}}.
     *
     * @param node the value (not changed)
     * @return a copy without binary nodes
     */
    static JsonNode toControl(JsonNode node) {
        if (node == null) {
            return JSON.nullNode();
        }
        if (node.isBinary()) {
            return JSON.objectNode().put(BINARY, Base64.getEncoder().encodeToString(((BinaryNode) node).binaryValue()));
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode(node.size());
            node.forEach(n -> out.add(toControl(n)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), toControl(e.getValue()));
            }
            return out;
        }
        return node;
    }

    /**
     * Arguments as a control JSON array.
     *
     * @param args the arguments
     * @return the array
     */
    static ArrayNode toControl(EventArgs args) {
        ArrayNode out = JSON.arrayNode(args.size());
        args.forEach(a -> out.add(toControl(a)));
        return out;
    }

    /**
     * Control JSON as a server-side value: {@code {"$binary": base64}} becomes a {@link BinaryNode}.
     *
     * @param node the value
     * @return a copy with binary nodes
     * @throws ControlException 400 for a {@code $binary} that is not base64
     */
    static JsonNode fromControl(JsonNode node) {
        if (node == null) {
            return JSON.nullNode();
        }
        if (node.isObject() && node.size() == 1 && node.has(BINARY)) {
            JsonNode b64 = node.get(BINARY);
            if (!b64.isTextual()) {
                throw new ControlException(400, "$binary must be a base64 string, not " + b64);
            }
            try {
                return BinaryNode.valueOf(Base64.getDecoder().decode(b64.textValue()));
            } catch (IllegalArgumentException e) {
                throw new ControlException(400, "$binary is not base64: " + e.getMessage());
            }
        }
        if (node.isArray()) {
            ArrayNode out = JSON.arrayNode(node.size());
            node.forEach(n -> out.add(fromControl(n)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), fromControl(e.getValue()));
            }
            return out;
        }
        return node;
    }

    /**
     * Control JSON arguments as emit arguments (each a tree the server writes as it is).
     *
     * @param args a JSON array, or null/missing for none
     * @return the arguments
     * @throws ControlException 400 when {@code args} is not an array
     */
    static Object[] args(JsonNode args) {
        if (args == null || args.isNull() || args.isMissingNode()) {
            return new Object[0];
        }
        if (!args.isArray()) {
            throw new ControlException(400, "args must be an array, not " + args);
        }
        Object[] out = new Object[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fromControl(args.get(i));
        }
        return out;
    }
}
