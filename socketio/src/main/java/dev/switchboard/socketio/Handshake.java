package dev.switchboard.socketio;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.socketio.internal.JsDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a socket knows of its connection's start, as socket.io's {@code socket.handshake}. Serialises
 * to the reference's JSON shape (for cluster adapters answering {@code fetchSockets}).
 *
 * @param headers the headers of the request that opened the Engine.IO session, lower-case names
 * @param address the client's IP address
 * @param xdomain whether the request carried an {@code Origin} header (a cross-origin client)
 * @param secure whether the connection is TLS
 * @param issued when the socket was created, in milliseconds since the epoch
 * @param url the request target of the first request, e.g. {@code /socket.io/?EIO=4&transport=polling&t=...}
 * @param query the query parameters of the first request
 * @param auth the CONNECT packet's payload; treat as read-only. When the client sent none it is
 *     {@code {}}, one empty object shared by every such socket that refuses changes. With
 *     connection state recovery the client's {@code pid} and {@code offset} are in it too.
 */
@JsonPropertyOrder({"headers", "time", "address", "xdomain", "secure", "issued", "url", "query", "auth"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record Handshake(Map<String, String> headers, String address, boolean xdomain,
        boolean secure, long issued, String url, Map<String, String> query, ObjectNode auth) {

    /**
     * Checks and normalises the components.
     *
     * @param headers the headers of the request that opened the Engine.IO session, lower-case names
     * @param address the client's IP address
     * @param xdomain whether the request carried an {@code Origin} header (a cross-origin client)
     * @param secure whether the connection is TLS
     * @param issued when the socket was created, in milliseconds since the epoch
     * @param url the request target of the first request, e.g. {@code /socket.io/?EIO=4&transport=polling&t=...}
     * @param query the query parameters of the first request
     * @param auth the CONNECT packet's payload; treat as read-only. When the client sent none it is
     *     {@code {}}, one empty object shared by every such socket that refuses changes. With
     *     connection state recovery the client's {@code pid} and {@code offset} are in it too.
     */
    public Handshake {
        headers = headers == null ? Map.of() : headers;
        query = query == null ? Map.of() : query;
        auth = auth == null ? NO_AUTH : auth;
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(url, "url");
    }

    /**
     * The {@code auth} of a socket whose client sent none: {@code {}}, shared and unmodifiable,
     * since every connected socket keeps its handshake and most clients send no auth.
     */
    static final ObjectNode NO_AUTH = new ObjectNode(JsonNodeFactory.instance, Map.of());

    /**
     * The handshake of a socket created now on a session opened by {@code request}.
     *
     * @param request what the session kept of its first request
     * @param auth the CONNECT payload
     * @return the handshake
     */
    static Handshake of(RequestInfo request, ObjectNode auth) {
        return new Handshake(request.headers(), request.remoteAddress(),
                request.header("origin") != null, request.secure(), System.currentTimeMillis(),
                request.url(), request.query(), auth);
    }

    /**
     * {@return {@link #issued()} as JavaScript writes a date, e.g.
     * {@code "Tue Nov 25 2025 10:00:00 GMT+0000 (Coordinated Universal Time)"}, in the system
     * time zone}
     */
    @JsonProperty("time")
    public String time() {
        return JsDate.toString(issued, ZoneId.systemDefault());
    }

    /**
     * Writes the handshake as the cluster protocol carries it, with a mapper of its own: the
     * shape must not follow the application's mapper settings.
     *
     * @return the JSON tree
     */
    JsonNode toJson() {
        return WIRE.valueToTree(this);
    }

    /**
     * Reads a handshake another server sent, leniently: a Node server's headers and query may
     * hold arrays (joined with {@code ", "}), and missing parts get their empty values.
     *
     * @return the handshake
     */
    static Handshake fromJson(JsonNode hs) {
        JsonNode auth = hs.get("auth");
        return new Handshake(stringMap(hs.get("headers")), hs.path("address").asText(""),
                hs.path("xdomain").asBoolean(false), hs.path("secure").asBoolean(false),
                hs.path("issued").asLong(0), hs.path("url").asText(""), stringMap(hs.get("query")),
                auth instanceof ObjectNode o ? o : null);
    }

    private static final ObjectMapper WIRE = new ObjectMapper();

    private static Map<String, String> stringMap(JsonNode object) {
        if (object == null || !object.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : object.properties()) {
            JsonNode v = f.getValue();
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(p -> parts.add(p.asText()));
                out.put(f.getKey(), String.join(", ", parts));
            } else if (!v.isNull()) {
                out.put(f.getKey(), v.asText());
            }
        }
        return out;
    }
}
