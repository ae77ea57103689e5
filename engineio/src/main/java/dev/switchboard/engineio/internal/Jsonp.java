package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.RequestInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONP polling, which the reference still serves to a session whose handshake carries a {@code j}
 * query value (old browsers without cross-origin XHR): a poll is answered with a script calling
 * {@code ___eio[j]} with the payload as a string literal, and a POST is a form whose {@code d}
 * field holds the payload.
 */
final class Jsonp {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** A {@code \n} escape (backslash, n) the client wrote for a newline, unless itself escaped. */
    private static final Pattern ESCAPED_NEWLINE = Pattern.compile("(\\\\)?\\\\n");
    private static final Pattern DOUBLE_ESCAPED_NEWLINE = Pattern.compile("\\\\\\\\n");

    private final String head;

    private Jsonp(String index) {
        this.head = "___eio[" + index + "](";
    }

    /** {@return the JSONP form of a session opened by {@code handshake}, or {@code null} for XHR polling} */
    static Jsonp of(RequestInfo handshake) {
        String j = handshake.queryParam("j");
        return j == null ? null : new Jsonp(j.replaceAll("[^0-9]", ""));
    }

    /** {@return a poll's response body: the payload as a JavaScript call} */
    String wrap(String payload) {
        return head + quote(payload) + ");";
    }

    /**
     * {@return the payload of a POST body ({@code d=...}, form-encoded), with the client's newline escapes
     * undone, or {@code null} when it has no {@code d} field}
     */
    static String unwrap(String body) {
        String d = null;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if ("d".equals(decode(name))) {
                d = eq < 0 ? "" : decode(pair.substring(eq + 1));
                break;
            }
        }
        if (d == null) {
            return null;
        }
        Matcher m = ESCAPED_NEWLINE.matcher(d);
        StringBuilder sb = new StringBuilder(d.length());
        while (m.find()) {
            m.appendReplacement(sb, m.group(1) != null ? Matcher.quoteReplacement(m.group()) : "\n");
        }
        m.appendTail(sb);
        return DOUBLE_ESCAPED_NEWLINE.matcher(sb).replaceAll(Matcher.quoteReplacement("\\n"));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * {@return {@code s} as {@code JSON.stringify} writes it, with U+2028 and U+2029 escaped too: JSON
     * allows them in strings, older JavaScript did not}
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean lone = Character.isHighSurrogate(c)
                            ? !(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                            : Character.isLowSurrogate(c) && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || lone) {
                        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
