package dev.switchboard.socketio;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.socketio.internal.JsDate;
import java.time.ZoneId;
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

    /** Checks and normalises the components. */
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
     * {@link #issued()} as JavaScript writes a date, e.g.
     * {@code "Tue Nov 25 2025 10:00:00 GMT+0000 (Coordinated Universal Time)"}, in the system
     * time zone.
     */
    @JsonProperty("time")
    public String time() {
        return JsDate.toString(issued, ZoneId.systemDefault());
    }
}
