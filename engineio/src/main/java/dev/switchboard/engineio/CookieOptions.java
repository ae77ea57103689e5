package dev.switchboard.engineio;

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

    /** The reference's defaults for {@code cookie: true}. */
    public static final CookieOptions DEFAULT = new CookieOptions("io", "/", true, "Lax", false, -1, null);

    /** Checks the name. */
    public CookieOptions {
        Objects.requireNonNull(name, "name");
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
        StringBuilder sb = new StringBuilder(name).append('=').append(sid);
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
}
