package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.socketio.internal.Base64Id;
import dev.switchboard.socketio.protocol.Packet;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * What differs between the two Socket.IO protocol revisions a client may speak, chosen by the
 * revision of its Engine.IO connection: revision 5 over Engine.IO 4 (socket.io-client 3.x and
 * later), revision 4 over Engine.IO 3 (socket.io-client 2.x, {@code io.socket:socket.io-client}
 * 1.x, served when {@code allowEIO3} is on). Packets, acknowledgements and binary attachments are
 * written alike; the handshake of a namespace is not.
 */
enum ClientRevision {

    /** Socket.IO protocol 5: every namespace, {@code /} too, is joined by a CONNECT with auth. */
    V5 {
        @Override
        boolean joinsMainImplicitly() {
            return false;
        }

        @Override
        String socketId(String namespace, String engineId) {
            // A fresh id, never the Engine.IO sid, which is a credential of the connection.
            return Base64Id.generate();
        }

        @Override
        Packet.Connect connectReply(String namespace, String sid, String pid) {
            ObjectNode reply = JsonNodeFactory.instance.objectNode();
            reply.put("sid", sid);
            // As the reference's {sid, pid}: without recovery pid is undefined, which JSON leaves
            // out and the msgpack parser writes.
            reply.set("pid", pid != null ? JsonNodeFactory.instance.textNode(pid) : MissingNode.getInstance());
            return new Packet.Connect(namespace, reply);
        }

        @Override
        JsonNode connectErrorData(String message, JsonNode data) {
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            payload.put("message", message);
            // As the reference's {message, data}: data is undefined unless given, which JSON
            // leaves out and the msgpack parser writes.
            payload.set("data", data == null ? MissingNode.getInstance() : data);
            return payload;
        }

        @Override
        Target target(Packet.Connect connect) {
            return new Target(connect.namespace(), connect.data());
        }
    },

    /**
     * Socket.IO protocol 4: the client is in {@code /} as soon as the connection opens (the server
     * sends {@code 0} unasked), other namespaces are joined by a CONNECT whose namespace may carry
     * a query string, which becomes the auth object; the socket id is the Engine.IO id (prefixed by
     * {@code <namespace>#} outside {@code /}), the CONNECT reply carries nothing, and a refusal
     * is the error's data or its message alone ({@code 4"not authorized"}).
     */
    V4 {
        @Override
        boolean joinsMainImplicitly() {
            return true;
        }

        @Override
        String socketId(String namespace, String engineId) {
            // As the reference and the v2 clients, which compute the same id on their side.
            return "/".equals(namespace) ? engineId : namespace + "#" + engineId;
        }

        @Override
        Packet.Connect connectReply(String namespace, String sid, String pid) {
            return new Packet.Connect(namespace, null);
        }

        @Override
        JsonNode connectErrorData(String message, JsonNode data) {
            return data != null && truthy(data) ? data : TextNode.valueOf(message);
        }

        @Override
        Target target(Packet.Connect connect) {
            String nsp = connect.namespace();
            int hash = nsp.indexOf('#');
            if (hash >= 0) {
                nsp = nsp.substring(0, hash);
            }
            ObjectNode auth = JsonNodeFactory.instance.objectNode();
            int q = nsp.indexOf('?');
            if (q < 0) {
                return new Target(nsp, auth);
            }
            for (String pair : nsp.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                // URLSearchParams: the last value of a name wins.
                auth.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
            return new Target(nsp.substring(0, q), auth);
        }
    };

    /** {@return the revision a connection speaks} */
    static ClientRevision of(EngineSocket conn) {
        return conn.protocol() == 3 ? V4 : V5;
    }

    /** {@return whether the client is joined to {@code /} when its connection opens, without a CONNECT} */
    abstract boolean joinsMainImplicitly();

    /** {@return the id of a new socket of this client in {@code namespace}} */
    abstract String socketId(String namespace, String engineId);

    /** {@return the server's answer to an accepted CONNECT} */
    abstract Packet.Connect connectReply(String namespace, String sid, String pid);

    /**
     * {@return the data of a CONNECT_ERROR}
     *
     * @param message the error's message
     * @param data the error's data, or {@code null} when it has none
     */
    abstract JsonNode connectErrorData(String message, JsonNode data);

    /** {@return the namespace a CONNECT asks for, and its auth object} */
    abstract Target target(Packet.Connect connect);

    /**
     * Where a CONNECT goes.
     *
     * @param namespace the namespace's name
     * @param auth the auth object, or {@code null} when the packet had none
     */
    record Target(String namespace, ObjectNode auth) {
    }

    private static boolean truthy(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.doubleValue() != 0 && !Double.isNaN(node.doubleValue());
        }
        return !node.isTextual() || !node.textValue().isEmpty();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
