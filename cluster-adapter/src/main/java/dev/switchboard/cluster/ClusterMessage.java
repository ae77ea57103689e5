package dev.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.internal.Trees;
import java.util.Objects;

/**
 * One message of the cluster protocol, request or response: {@code {type, data?, uid, nsp}} as
 * socket.io-adapter's {@code ClusterMessage} and {@code ClusterResponse}.
 *
 * @param type the type
 * @param data the payload, {@code null} for heartbeats and {@link MessageType#ADAPTER_CLOSE}
 * @param uid the sending node's id ({@code "emitter"} for an emitter)
 * @param nsp the namespace it concerns
 */
public record ClusterMessage(MessageType type, ObjectNode data, String uid, String nsp) {

    /**
     * Checks the fields.
     *
     * @param type the type
     * @param data the payload, {@code null} for heartbeats and {@link MessageType#ADAPTER_CLOSE}
     * @param uid the sending node's id ({@code "emitter"} for an emitter)
     * @param nsp the namespace it concerns
     */
    public ClusterMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(nsp, "nsp");
    }

    /**
     * Whether the data holds binary (only for the types that may carry it): such a message goes as
     * MessagePack where JSON would lose it.
     *
     * @return whether it does
     */
    public boolean hasBinary() {
        return type.mayContainBinary() && Trees.hasBinary(data);
    }

    /**
     * The message as a tree, keys in the order the reference writes them ({@code type, data, uid,
     * nsp}).
     *
     * @return a new tree
     */
    public ObjectNode toTree() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("type", type.code());
        if (data != null) {
            out.set("data", data);
        }
        out.put("uid", uid);
        out.put("nsp", nsp);
        return out;
    }

    /**
     * Reads a message from a tree (decoded from JSON or MessagePack).
     *
     * @param tree the tree
     * @return the message
     * @throws IllegalArgumentException when it is not a message of a known type
     */
    public static ClusterMessage fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("a cluster message is an object");
        }
        JsonNode typeNode = tree.get("type");
        MessageType type = typeNode == null ? null
                : MessageType.of(typeNode.isTextual() ? parseInt(typeNode.textValue()) : typeNode.asInt(-1));
        if (type == null) {
            throw new IllegalArgumentException("unknown cluster message type " + typeNode);
        }
        JsonNode uid = tree.get("uid");
        JsonNode nsp = tree.get("nsp");
        if (uid == null || !uid.isTextual() || nsp == null || !nsp.isTextual()) {
            throw new IllegalArgumentException("a cluster message has a uid and a nsp");
        }
        JsonNode data = tree.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new IllegalArgumentException("the data of a cluster message is an object");
        }
        return new ClusterMessage(type, data instanceof ObjectNode o ? o : null, uid.textValue(), nsp.textValue());
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
