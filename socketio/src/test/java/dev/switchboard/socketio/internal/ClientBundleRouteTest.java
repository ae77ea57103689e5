package dev.switchboard.socketio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.HttpRoute;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the bundle route decides, without any binding: which targets it serves, and the status,
 * headers and bytes of each answer. How a binding writes them is tested with the binding.
 */
class ClientBundleRouteTest {

    private final ClientBundleRoute route = new ClientBundleRoute("/socket.io", null);

    private static RequestInfo request(String method, String url, Map<String, String> headers) {
        return new RequestInfo(method, url, Map.of(), headers, "127.0.0.1", false, System.currentTimeMillis());
    }

    @Test
    void derivesThePrefixFromTheSocketIoPath() {
        assertThat(ClientBundleRoute.prefixFor("/socket.io")).isEqualTo("/socket.io/");
        assertThat(ClientBundleRoute.prefixFor("/socket.io/")).isEqualTo("/socket.io/");
        assertThat(ClientBundleRoute.prefixFor("socket.io//")).isEqualTo("/socket.io/");
        assertThat(ClientBundleRoute.prefixFor("/")).isEqualTo("/");
        assertThat(new ClientBundleRoute("/custom/", null).prefix()).isEqualTo("/custom/");
    }

    @Test
    void mayAnswerOnlyTheBundleNamesUnderItsPrefix() {
        assertThat(route.mayAnswer("/socket.io/socket.io.js")).isTrue();
        assertThat(route.mayAnswer("/socket.io/socket.io.min.js.map?v=1")).isTrue();
        assertThat(route.mayAnswer("/socket.io/?EIO=4&transport=polling")).isFalse();
        assertThat(route.mayAnswer("/socket.io/socket.io.esm.js")).isFalse();
        assertThat(route.mayAnswer("/other/socket.io.js")).isFalse();
    }

    @Test
    void answersAFileWithItsEtagTypeAndNegotiatedCoding() {
        HttpRoute.Response res = route.answer(request("GET", "/socket.io/socket.io.min.js",
                Map.of("accept-encoding", "gzip, deflate, br")));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.headers().get("ETag")).isEqualTo('"' + route.version() + '"');
        assertThat(res.headers().get("Content-Type")).isEqualTo("application/javascript; charset=utf-8");
        assertThat(res.headers().get("Cache-Control")).isEqualTo("public, max-age=0");
        assertThat(res.headers().get("content-encoding")).isEqualTo("gzip");
        assertThat(res.body()).isNotEmpty();
        HttpRoute.Response map = route.answer(request("GET", "/socket.io/socket.io.js.map", Map.of()));
        assertThat(map.headers().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(map.headers().get("content-encoding")).isNull();
    }

    @Test
    void answers304ToAMatchingEtagWithoutBody() {
        String etag = '"' + route.version() + '"';
        for (String value : new String[] {etag, "W/" + etag}) {
            HttpRoute.Response res = route.answer(request("GET", "/socket.io/socket.io.js", Map.of("if-none-match", value)));
            assertThat(res.status()).isEqualTo(304);
            assertThat(res.body()).isNull();
        }
    }

    @Test
    void declinesOtherTargets() {
        assertThat(route.answer(request("GET", "/socket.io/?EIO=4&transport=polling", Map.of()))).isNull();
    }

    @Test
    void letsTheCorsPolicyAnswerAPreflight() {
        ClientBundleRoute withCors = new ClientBundleRoute("/socket.io", Cors.allowOrigin("*"));
        HttpRoute.Response res = withCors.answer(request("OPTIONS", "/socket.io/socket.io.js",
                Map.of("origin", "https://example.com", "access-control-request-method", "GET")));
        assertThat(res.status()).isEqualTo(204);
        assertThat(res.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(res.body()).isNull();
    }
}
