package dev.switchboard.engineio;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The session cookie set on the polling handshake response when the {@code cookie} option is on:
 * {@code Set-Cookie: io=<sid>; Path=/; HttpOnly; SameSite=Lax} by default.
 *
 * @param name the cookie name (default {@code io})
 * @param path the {@code Path} attribute, or {@code null} for none (default {@code /})
 * @param httpOnly whether to add {@code HttpOnly} (default true)
 * @param sameSite the {@code SameSite} value ({@code Lax}, {@code Strict}, {@code None}) or
 *     {@code null} for none (default {@code Lax})
 * @param secure whether to add {@code Secure} (default false)
 * @param maxAgeSeconds the {@code Max-Age} attribute, or a negative number for none (default)
 * @param domain the {@code Domain} attribute, or {@code null} for none (default)
 */
public record CookieOptions(String name, String path, boolean httpOnly, String sameSite,
        boolean secure, long maxAgeSeconds, String domain) {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The reference's defaults for {@code cookie: true}. */
    public static final CookieOptions DEFAULT = new CookieOptions("io", "/", true, "Lax", false, -1, null);

    /**
     * Checks the name and canonicalises {@code sameSite}, which the {@code cookie} package accepts
     * in any case (JavaScript users write {@code "lax"}) and always writes capitalised.
     *
     * @throws IllegalArgumentException if the name is not an HTTP token or {@code sameSite} is not
     *     {@code Lax}, {@code Strict} or {@code None}
     *
     * @param name the cookie name (default {@code io})
     * @param path the {@code Path} attribute, or {@code null} for none (default {@code /})
     * @param httpOnly whether to add {@code HttpOnly} (default true)
     * @param sameSite the {@code SameSite} value ({@code Lax}, {@code Strict}, {@code None}) or
     *     {@code null} for none (default {@code Lax})
     * @param secure whether to add {@code Secure} (default false)
     * @param maxAgeSeconds the {@code Max-Age} attribute, or a negative number for none (default)
     * @param domain the {@code Domain} attribute, or {@code null} for none (default)
     */
    public CookieOptions {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || !name.chars().allMatch(CookieOptions::isTokenChar)) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        if (sameSite != null) {
            sameSite = switch (sameSite.toLowerCase(Locale.ROOT)) {
                case "lax" -> "Lax";
                case "strict" -> "Strict";
                case "none" -> "None";
                default -> throw new IllegalArgumentException("invalid sameSite: " + sameSite);
            };
        }
    }

    /**
     * The defaults with another cookie name.
     *
     * @param name the cookie name
     * @return the options
     */
    public static CookieOptions named(String name) {
        return new CookieOptions(name, "/", true, "Lax", false, -1, null);
    }

    /**
     * The {@code Set-Cookie} header value for a session id, attributes in the order the
     * {@code cookie} npm package writes them.
     *
     * @param sid the session id
     * @return the header value
     */
    public String headerValue(String sid) {
        StringBuilder sb = new StringBuilder(name).append('=');
        appendUriComponent(sb, sid);
        if (maxAgeSeconds >= 0) {
            sb.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        if (path != null) {
            sb.append("; Path=").append(path);
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (sameSite != null) {
            sb.append("; SameSite=").append(sameSite);
        }
        return sb.toString();
    }

    private static boolean isTokenChar(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c < 0x7f && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * Appends {@code s} percent-encoded as JavaScript's {@code encodeURIComponent}, which the
     * {@code cookie} package applies to the value: built-in ids never need it, custom ids may.
     */
    private static void appendUriComponent(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || "-_.!~*'()".indexOf(c) >= 0) {
                sb.append(c);
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("lone surrogate in cookie value at index " + i);
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
    }
}
