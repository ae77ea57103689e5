package dev.switchboard.servlet.internal;

import dev.switchboard.engineio.RequestInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns servlet requests into the protocol layer's {@link RequestInfo}. */
final class ServletRequests {

    private ServletRequests() {
    }

    /**
     * {@return the request target as the engine and the routes see it: the raw path below the context path,
     * with the raw query} An application in context {@code /app} mounts {@code /socket.io/} at
     * {@code /app/socket.io/}, and its clients connect with that path.
     */
    static String target(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String context = req.getContextPath();
        if (context != null && !context.isEmpty() && uri.startsWith(context)) {
            uri = uri.substring(context.length());
        }
        String query = req.getQueryString();
        return query == null ? uri : uri + "?" + query;
    }

    static RequestInfo info(HttpServletRequest req, String target) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements();) {
            String original = names.nextElement();
            String name = original.toLowerCase(Locale.ROOT);
            for (Enumeration<String> values = req.getHeaders(original); values.hasMoreElements();) {
                // Node joins repeated headers with ", " (cookies with "; ").
                headers.merge(name, values.nextElement(), (a, b) -> a + ("cookie".equals(name) ? "; " : ", ") + b);
            }
        }
        return new RequestInfo(req.getMethod(), target, RequestInfo.parseQuery(target), headers,
                String.valueOf(req.getRemoteAddr()), req.isSecure(), System.currentTimeMillis());
    }

    /**
     * {@return whether a request asks to switch protocols ({@code Connection: upgrade} and an
     * {@code Upgrade} header, whatever it names), which Node hands to engine.io's upgrade handling}
     */
    static boolean isUpgrade(HttpServletRequest req) {
        if (req.getHeader("Upgrade") == null) {
            return false;
        }
        for (Enumeration<String> values = req.getHeaders("Connection"); values.hasMoreElements();) {
            for (String token : values.nextElement().split(",")) {
                if ("upgrade".equalsIgnoreCase(token.trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What the ws package's server accepts as a {@code Sec-WebSocket-Key}: 16 bytes in base64. */
    private static final Pattern WS_KEY = Pattern.compile("^[+/0-9A-Za-z]{22}==$");

    /**
     * {@return why a WebSocket upgrade request cannot be completed, in the words of the ws package that
     * answers it in Node, or {@code null} when it can} Checked before the container sees the
     * request, so that a client gets the same answer on every binding. Version 8 is not offered:
     * Jakarta WebSocket containers speak RFC 6455 (13) alone.
     */
    static String webSocketHandshakeProblem(HttpServletRequest req) {
        if (!"GET".equals(req.getMethod())) {
            return "Invalid HTTP method";
        }
        String upgrade = req.getHeader("Upgrade");
        if (upgrade == null || !"websocket".equalsIgnoreCase(upgrade.trim())) {
            return "Invalid Upgrade header";
        }
        String key = req.getHeader("Sec-WebSocket-Key");
        if (key == null || !WS_KEY.matcher(key.trim()).matches()) {
            return "Missing or invalid Sec-WebSocket-Key header";
        }
        String version = req.getHeader("Sec-WebSocket-Version");
        if (version == null || !"13".equals(version.trim())) {
            return "Missing or invalid Sec-WebSocket-Version header";
        }
        return null;
    }
}
