package dev.switchboard.adminui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.socketio.Handshake;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A socket as the admin UI reads it (the reference's {@code SerializedSocket}): id, client id,
 * transport, namespace, data, handshake and rooms. The trees are built here, not by the
 * application's mapper, so the shape does not follow the application's mapper settings.
 */
public final class SocketJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** How JavaScript writes a {@code Date} in JSON: ISO 8601, UTC, milliseconds. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /**
     * How much of the Engine.IO session id the UI sees: enough to group a client's sockets, too
     * little to take over its polling session.
     */
    private static final int CLIENT_ID_LENGTH = 12;
    /** Where the reference keeps its per-socket details in {@code socket.data}; stripped from what is shown. */
    static final String ADMIN_KEY = "_admin";

    private SocketJson() {
    }

    /** {@return the time now as a JavaScript date in JSON} */
    public static String now() {
        return JS_DATE.format(Instant.now());
    }

    /**
     * {@return the Engine.IO session id of a local socket, cut to what the UI may see}
     *
     * @param socket the socket
     */
    public static String clientId(Socket socket) {
        String id = socket.conn().id();
        return id.length() > CLIENT_ID_LENGTH ? id.substring(0, CLIENT_ID_LENGTH) : id;
    }

    /**
     * A socket of this server or of another one of the cluster.
     *
     * @param socket the socket ({@link Socket} when local)
     * @param nsp the name of its namespace
     * @return the tree
     */
    public static ObjectNode of(RemoteSocket socket, String nsp) {
        JsonNode raw = data(socket);
        String clientId;
        String transport;
        if (socket instanceof Socket local) {
            clientId = clientId(local);
            transport = local.conn().transport().wireName();
        } else {
            // A socket of another server: a Node server instrumented by @socket.io/admin-ui keeps
            // its details in data._admin; without them the socket stands for its own client.
            JsonNode admin = raw.path(ADMIN_KEY);
            clientId = admin.path("clientId").asText(socket.id());
            transport = admin.path("transport").asText(null);
        }
        ObjectNode out = JSON.objectNode();
        out.put("id", socket.id());
        out.put("clientId", clientId);
        if (transport != null) {
            out.put("transport", transport);
        }
        out.put("nsp", nsp);
        out.set("data", withoutAdmin(raw));
        out.set("handshake", handshake(socket.handshake()));
        ArrayNode rooms = out.putArray("rooms");
        socket.rooms().forEach(rooms::add);
        return out;
    }

    private static JsonNode data(RemoteSocket socket) {
        try {
            JsonNode data = socket.data(JsonNode.class);
            return data != null ? data : JSON.objectNode();
        } catch (IllegalArgumentException e) {
            // Data the server's mapper cannot write is shown as none rather than failing the list.
            return JSON.objectNode();
        }
    }

    private static JsonNode withoutAdmin(JsonNode data) {
        if (data instanceof ObjectNode object && object.has(ADMIN_KEY)) {
            ObjectNode copy = object.deepCopy();
            copy.remove(ADMIN_KEY);
            return copy;
        }
        return data;
    }

    private static ObjectNode handshake(Handshake h) {
        ObjectNode out = JSON.objectNode();
        Map<String, String> headers = h.headers();
        // Behind a proxy the client's address is in the proxy's header, as the reference reads it.
        String address = headers.get("cf-connecting-ip");
        if (address == null) {
            address = headers.get("x-forwarded-for");
        }
        out.put("address", address != null ? address : h.address());
        out.set("headers", strings(headers));
        out.set("query", strings(h.query()));
        out.put("issued", h.issued());
        out.put("secure", h.secure());
        out.put("time", h.time());
        out.put("url", h.url());
        out.put("xdomain", h.xdomain());
        return out;
    }

    private static ObjectNode strings(Map<String, String> map) {
        ObjectNode out = JSON.objectNode();
        map.forEach(out::put);
        return out;
    }
}
