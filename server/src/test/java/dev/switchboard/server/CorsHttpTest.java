package dev.switchboard.server;

import static dev.switchboard.server.EchoServer.polling;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Cors;
import dev.switchboard.server.RawHttp.RawResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The CORS headers a browser sees on real connections: on polls, POSTs, refusals and WebSocket
 * handshakes, and the preflight answer, exactly as the npm {@code cors} middleware writes them in
 * front of engine.io.
 */
class CorsHttpTest {

    private static final String ORIGIN = "Origin: https://app.example";

    private static RawResponse send(EchoServer echo, String request) {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            return raw.exchange(request);
        }
    }

    private static String sid(RawResponse handshake) {
        return EchoServer.sidOf(handshake.bodyText());
    }

    /** A fixed origin with credentials: the configuration most applications use. */
    @Nested
    class FixedOriginWithCredentials {

        private final EchoServer echo = EchoServer.start(b -> b.cors(Cors.builder()
                .origin("https://app.example").credentials(true).exposedHeaders("X-Trace").build()));

        @AfterEach
        void serverStillServesAFreshClient() {
            try {
                echo.assertServesFreshClient();
            } finally {
                echo.close();
            }
        }

        private static final String CORS = "Access-Control-Allow-Origin: https://app.example\r\n"
                + "Vary: Origin\r\nAccess-Control-Allow-Credentials: true\r\nAccess-Control-Expose-Headers: X-Trace\r\n";

        @Test
        void handshakeCarriesTheCorsHeadersBeforeItsOwn() {
            RawResponse res = send(echo, RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null, ORIGIN));
            String body = res.bodyText();

            assertThat(res.head()).isEqualTo("HTTP/1.1 200 OK\r\n" + CORS
                    + "Content-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                    + "content-length: " + body.length() + "\r\n\r\n");
            echo.closeSession(sid(res));
        }

        @Test
        void postAndPollCarryTheCorsHeaders() {
            String sid = echo.handshake();

            RawResponse post = send(echo, RawHttp.request("POST", "/engine.io/?" + polling(sid), "4x", ORIGIN));
            RawResponse poll = send(echo, RawHttp.request("GET", "/engine.io/?" + polling(sid), null, ORIGIN));

            assertThat(post.head()).isEqualTo("HTTP/1.1 200 OK\r\n" + CORS
                    + "Content-Type: text/html\r\ncache-control: no-store\r\ncontent-length: 2\r\n\r\n");
            assertThat(post.bodyText()).isEqualTo("ok");
            assertThat(poll.head()).isEqualTo("HTTP/1.1 200 OK\r\n" + CORS
                    + "Content-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\ncontent-length: 2\r\n\r\n");
            assertThat(poll.bodyText()).isEqualTo("4x");
            echo.closeSession(sid);
        }

        @Test
        void refusalsCarryTheCorsHeaders() {
            RawResponse res = send(echo, RawHttp.request("GET",
                    "/engine.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA", null, ORIGIN));

            String body = "{\"code\":1,\"message\":\"Session ID unknown\"}";
            assertThat(res.head()).isEqualTo("HTTP/1.1 400 Bad Request\r\n" + CORS
                    + "Content-Type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n");
            assertThat(res.bodyText()).isEqualTo(body);
        }

        /**
         * The cors package also sets {@code Content-Length: 0}; Netty's encoder drops it from a
         * 204, which RFC 9110 forbids to carry one, so browsers see no length and no body.
         */
        @Test
        void preflightIsAnswered204ByTheMiddlewareWhateverTheSid() {
            RawResponse res = send(echo, RawHttp.request("OPTIONS",
                    "/engine.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA", null, ORIGIN,
                    "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type"));

            assertThat(res.head()).isEqualTo("HTTP/1.1 204 No Content\r\n"
                    + "Access-Control-Allow-Origin: https://app.example\r\n"
                    + "Vary: Origin, Access-Control-Request-Headers\r\n"
                    + "Access-Control-Allow-Credentials: true\r\n"
                    + "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE\r\n"
                    + "Access-Control-Allow-Headers: content-type\r\n"
                    + "Access-Control-Expose-Headers: X-Trace\r\n\r\n");
            assertThat(res.body()).isEmpty();
            assertThat(echo.errors).isEmpty();
        }

        @Test
        void webSocketHandshakeCarriesTheCorsHeaders() {
            try (RawWebSocket ws = RawWebSocket.open(echo.port(), "/engine.io/?EIO=4&transport=websocket", ORIGIN)) {
                assertThat(ws.handshake().head()).isEqualTo("HTTP/1.1 101 Switching Protocols\r\n" + CORS
                        + "upgrade: websocket\r\nconnection: upgrade\r\n"
                        + "sec-websocket-accept: " + RawWebSocket.SAMPLE_ACCEPT + "\r\n\r\n");
                String sid = EchoServer.sidOf(ws.readFrame().text());
                ws.sendClose(1000);
                ws.expectClose(1000);
                echo.awaitClose(sid);
            }
        }

        @Test
        void webSocketRefusalIsPlainText() {
            try (RawWebSocket ws = RawWebSocket.connect(echo.port(),
                    "/engine.io/?EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA", ORIGIN)) {
                assertThat(ws.handshake().head()).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n"
                        + "content-type: text/html\r\ncontent-length: 18\r\n\r\n");
            }
        }
    }

    /** A list of allowed origins with a preflight cache. */
    @Nested
    class OriginList {

        private final EchoServer echo = EchoServer.start(b -> b.cors(Cors.builder()
                .origins("https://a.example", "https://b.example").maxAge(Duration.ofMinutes(10))
                .allowedHeaders("content-type", "x-token").build()));

        @AfterEach
        void serverStillServesAFreshClient() {
            try {
                echo.assertServesFreshClient();
            } finally {
                echo.close();
            }
        }

        @Test
        void allowedOriginIsReflected() {
            RawResponse res = send(echo, RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null,
                    "Origin: https://b.example"));

            assertThat(res.header("access-control-allow-origin")).isEqualTo("https://b.example");
            assertThat(res.header("vary")).isEqualTo("Origin");
            echo.closeSession(sid(res));
        }

        @Test
        void otherOriginIsServedWithoutAllowOrigin() {
            RawResponse res = send(echo, RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null,
                    "Origin: https://evil.example"));

            assertThat(res.status()).isEqualTo(200);
            assertThat(res.head()).startsWith("HTTP/1.1 200 OK\r\nVary: Origin\r\nContent-Type: ");
            assertThat(res.header("access-control-allow-origin")).isNull();
            echo.closeSession(sid(res));
        }

        @Test
        void preflightListsTheConfiguredHeadersAndMaxAge() {
            RawResponse res = send(echo, RawHttp.request("OPTIONS", "/engine.io/?EIO=4&transport=polling", null,
                    "Origin: https://a.example", "Access-Control-Request-Method: POST"));

            assertThat(res.head()).isEqualTo("HTTP/1.1 204 No Content\r\n"
                    + "Access-Control-Allow-Origin: https://a.example\r\n"
                    + "Vary: Origin\r\n"
                    + "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE\r\n"
                    + "Access-Control-Allow-Headers: content-type,x-token\r\n"
                    + "Access-Control-Max-Age: 600\r\n\r\n");
        }
    }

    /** Without the cors option: no CORS headers at all, and OPTIONS is refused by the engine. */
    @Nested
    class WithoutCors {

        private final EchoServer echo = EchoServer.start();

        @AfterEach
        void serverStillServesAFreshClient() {
            try {
                echo.assertServesFreshClient();
            } finally {
                echo.close();
            }
        }

        @Test
        void noCorsHeadersOnAHandshakeFromAnotherOrigin() {
            RawResponse res = send(echo, RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null, ORIGIN));

            assertThat(res.head()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                    + "cache-control: no-store\r\ncontent-length: " + res.body().length + "\r\n\r\n");
            echo.closeSession(sid(res));
        }

        @Test
        void preflightWithoutASidIsABadHandshakeMethod() {
            RawResponse res = send(echo, RawHttp.request("OPTIONS", "/engine.io/?EIO=4&transport=polling", null,
                    ORIGIN, "Access-Control-Request-Method: POST"));

            String body = "{\"code\":2,\"message\":\"Bad handshake method\"}";
            assertThat(res.head()).isEqualTo("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                    + "content-length: " + body.length() + "\r\n\r\n");
            assertThat(res.bodyText()).isEqualTo(body);
        }

        @Test
        void preflightWithASidIs500AndLeavesTheSessionAlone() {
            String sid = echo.handshake();

            RawResponse res = send(echo, RawHttp.request("OPTIONS", "/engine.io/?" + polling(sid), null, ORIGIN));

            assertThat(res.head()).isEqualTo("HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n");
            echo.assertEchoes(sid, "untouched");
            echo.closeSession(sid);
        }
    }
}
