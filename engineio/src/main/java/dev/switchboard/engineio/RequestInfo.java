package dev.switchboard.engineio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a session keeps of the HTTP request that opened it: the few fields Socket.IO's
 * {@code handshake} exposes. The request itself is not kept.
 *
 * @param method the HTTP method
 * @param url the request target, path and query, as received
 * @param query the query parameters, decoded; when a name repeats the last value wins
 * @param headers the request headers with lower-case names; repeated headers joined with
 *     {@code ", "} (cookies with {@code "; "}), as Node does
 * @param remoteAddress the peer's IP address as text
 * @param secure whether the connection is TLS
 * @param issued when the request arrived, in milliseconds since the epoch
 */
public record RequestInfo(String method, String url, Map<String, String> query,
        Map<String, String> headers, String remoteAddress, boolean secure, long issued) {

    /** Copies the maps into unmodifiable ones. */
    public RequestInfo {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    /**
     * A header's value, or {@code null}.
     *
     * @param name the header name, any case
     * @return the value or {@code null}
     */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * A query parameter's value, or {@code null}.
     *
     * @param name the parameter name
     * @return the value or {@code null}
     */
    public String queryParam(String name) {
        return query.get(name);
    }
}
