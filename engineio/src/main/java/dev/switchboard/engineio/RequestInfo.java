package dev.switchboard.engineio;

import dev.switchboard.engineio.internal.PackedStringMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 * @param query the query parameters, decoded; when a name repeats the last value wins; an
 *     immutable copy in the given order
 * @param headers the request headers with lower-case names; repeated headers joined with
 *     {@code ", "} (cookies with {@code "; "}), as Node does; an immutable copy in the given order
 * @param remoteAddress the peer's IP address as text
 * @param secure whether the connection is TLS
 * @param issued when the request arrived, in milliseconds since the epoch
 */
public record RequestInfo(String method, String url, Map<String, String> query,
        Map<String, String> headers, String remoteAddress, boolean secure, long issued) {

    /**
     * Copies the maps into unmodifiable ones.
     *
     * @param method the HTTP method
     * @param url the request target, path and query, as received
     * @param query the query parameters, decoded; when a name repeats the last value wins; an
     *     immutable copy in the given order
     * @param headers the request headers with lower-case names; repeated headers joined with
     *     {@code ", "} (cookies with {@code "; "}), as Node does; an immutable copy in the given order
     * @param remoteAddress the peer's IP address as text
     * @param secure whether the connection is TLS
     * @param issued when the request arrived, in milliseconds since the epoch
     */
    public RequestInfo {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        // Packed: a session keeps these for its whole life, so their size is paid per client.
        query = PackedStringMap.copyOf(query);
        headers = PackedStringMap.copyOf(headers);
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

    /**
     * Parses the query of a request target as WHATWG {@code URLSearchParams} does: {@code &}
     * separates pairs, the first {@code =} splits name from value, {@code +} is a space, percent
     * escapes are decoded as UTF-8, and a repeated name keeps its last value.
     *
     * @param url a request target such as {@code /engine.io/?EIO=4&transport=polling}
     * @return the parameters in order of first appearance
     */
    public static Map<String, String> parseQuery(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return out;
        }
        int hash = url.indexOf('#', q);
        String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(decode(name), decode(value));
        }
        return out;
    }

    /**
     * Percent-decodes one name or value as URLSearchParams does: {@code +} is a space, {@code %}
     * and two hex digits is a byte, any other {@code %} stays as written (escapes around it are
     * still decoded), and the bytes are read as UTF-8 with U+FFFD for invalid sequences.
     */
    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        if (s.indexOf('%') < 0) {
            return s.replace('+', ' ');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int runStart = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi;
            int lo;
            if (c == '+') {
                appendUtf8(bytes, s, runStart, i);
                bytes.write(' ');
                runStart = i + 1;
            } else if (c == '%' && i + 2 < s.length() && (hi = hex(s.charAt(i + 1))) >= 0
                    && (lo = hex(s.charAt(i + 2))) >= 0) {
                appendUtf8(bytes, s, runStart, i);
                bytes.write(hi << 4 | lo);
                i += 2;
                runStart = i + 1;
            }
        }
        appendUtf8(bytes, s, runStart, s.length());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would accept other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static void appendUtf8(ByteArrayOutputStream out, String s, int from, int to) {
        if (from < to) {
            out.writeBytes(s.substring(from, to).getBytes(StandardCharsets.UTF_8));
        }
    }
}
