package dev.switchboard.server.internal;

import dev.switchboard.engineio.RequestInfo;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns Netty requests into the protocol layer's {@link RequestInfo}. */
final class Requests {

    private Requests() {
    }

    static RequestInfo info(Channel channel, HttpRequest req) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : req.headers()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            // Node joins repeated headers with ", " (cookies with "; ").
            headers.merge(name, e.getValue(), (a, b) -> a + ("cookie".equals(name) ? "; " : ", ") + b);
        }
        return new RequestInfo(req.method().name(), req.uri(), RequestInfo.parseQuery(req.uri()), headers,
                address(channel.remoteAddress()), channel.pipeline().get(SslHandler.class) != null,
                System.currentTimeMillis());
    }

    static String address(SocketAddress addr) {
        if (addr instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(addr);
    }

    /**
     * The methods Node's HTTP parser knows ({@code http.METHODS} of Node 20), spelled as it wants
     * them: upper case. It refuses any other request line as malformed.
     */
    private static final Set<String> NODE_METHODS = Set.of("ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE",
            "GET", "HEAD", "LINK", "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY",
            "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND", "REPORT",
            "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE");

    /** {@return whether Node's HTTP parser would accept a request with this method} */
    static boolean isNodeMethod(String method) {
        return NODE_METHODS.contains(method);
    }

    /**
     * {@return whether Node's HTTP parser (llhttp) would accept this version: HTTP/1.0, 1.1, 0.9 and
     * 2.0}. Netty's decoder takes any {@code NAME/major.minor}, and the response would echo it
     * ({@code HTTP/3.1 400 ...}), which no client reads; Node refuses the rest with a bare 400.
     */
    static boolean isNodeVersion(HttpVersion version) {
        if (!"HTTP".equals(version.protocolName())) {
            return false;
        }
        int major = version.majorVersion();
        int minor = version.minorVersion();
        return major == 1 && (minor == 0 || minor == 1) || major == 0 && minor == 9 || major == 2 && minor == 0;
    }

    /** {@return whether Node reads this version as HTTP/1.0 would be: 0.9 and 2.0, neither of which it speaks} */
    static boolean isReadAsHttp10(HttpVersion version) {
        return version.majorVersion() == 0 || version.majorVersion() == 2;
    }

    /** What the ws package's server accepts as a {@code Sec-WebSocket-Key}: 16 bytes in base64. */
    private static final Pattern WS_KEY = Pattern.compile("^[+/0-9A-Za-z]{22}==$");

    /**
     * {@return why a WebSocket upgrade request cannot be completed, in the words of the ws package that
     * answers it in Node, or {@code null} when it can}
     */
    static String webSocketHandshakeProblem(HttpRequest req) {
        if (!HttpMethod.GET.equals(req.method())) {
            return "Invalid HTTP method";
        }
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(upgrade)) {
            return "Invalid Upgrade header";
        }
        String key = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || !WS_KEY.matcher(key.trim()).matches()) {
            return "Missing or invalid Sec-WebSocket-Key header";
        }
        String version = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (version == null || !("13".equals(version.trim()) || "8".equals(version.trim()))) {
            return "Missing or invalid Sec-WebSocket-Version header";
        }
        return null;
    }

    /**
     * {@return whether a request asks to switch protocols ({@code Connection: upgrade} and an
     * {@code Upgrade} header, whatever it names), which Node hands to the server's upgrade
     * handling instead of its request handling: on the Engine.IO path, engine.io's checks and then
     * the ws package's, which answer anything but a WebSocket handshake with an error and close}
     */
    static boolean isUpgrade(HttpRequest req) {
        return req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().contains(HttpHeaderNames.UPGRADE);
    }
}
