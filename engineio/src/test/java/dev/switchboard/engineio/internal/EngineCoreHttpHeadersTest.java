package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.POLLING;
import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeHttpExchange.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the engine adds to its HTTP answers: CORS headers (and preflights) and compressed bodies. */
class EngineCoreHttpHeadersTest {

    private EngineFixture fx;

    private EngineFixture start(EngineIoOptions options) {
        fx = new EngineFixture(options);
        return fx;
    }

    private EngineFixture start() {
        return start(EngineIoOptions.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static EngineIoOptions.Builder options() {
        return EngineIoOptions.builder();
    }

    // ---- CORS ----------------------------------------------------------------------------------

    @Test
    void corsPreflightIsAnsweredBeforeAnyEngineCheck() {
        start(options().cors(Cors.allowOrigin("*")).build());
        FakeHttpExchange ex = fx.handle(FakeHttpExchange.of(fx.loop, "OPTIONS", fx.path() + "?EIO=4&transport=polling",
                "Origin", "https://a.com", "Access-Control-Request-Headers", "content-type"));
        Response r = ex.response();
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(r.headerLines()).containsExactly("Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                "Vary: Access-Control-Request-Headers", "Access-Control-Allow-Headers: content-type",
                "Content-Length: 0");
        assertThat(fx.errors).isEmpty();
        assertThat(fx.core.clientsCount()).isZero();
        // Even a preflight the engine would refuse (no transport) is answered by CORS.
        Response bare = fx.handle(FakeHttpExchange.of(fx.loop, "OPTIONS", fx.path(), "Origin", "https://a.com"))
                .response();
        assertThat(bare.status()).isEqualTo(204);
        assertThat(fx.errors).isEmpty();
    }

    @Test
    void corsHeadersComeFirstOnPollingResponses() {
        start(options().cors(Cors.builder().origin(true).credentials(true).build()).build());
        Response r = fx.get(POLLING, "Origin", "https://a.com").response();
        assertThat(r.headerLines()).containsExactly("Access-Control-Allow-Origin: https://a.com", "Vary: Origin",
                "Access-Control-Allow-Credentials: true", "Content-Type: text/plain; charset=UTF-8",
                "cache-control: no-store");
    }

    @Test
    void corsHeadersAreOnTheWebSocketHandshake() {
        start(options().cors(Cors.allowOrigin("*")).build());
        Headers h = fx.upgrade(WEBSOCKET, "Origin", "https://a.com").acceptedHeaders();
        assertThat(h.get("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void failingCorsPolicyIsAMiddlewareFailure() {
        start(options().cors(Cors.builder().origin(origin -> {
            throw new IllegalStateException("origin lookup failed");
        }).build()).build());
        for (String method : List.of("GET", "OPTIONS")) {
            Response r = fx.handle(FakeHttpExchange.of(fx.loop, method, fx.path() + "?" + POLLING,
                    "Origin", "https://a.com")).response();
            assertThat(r.status()).as(method).isEqualTo(400);
            assertThat(r.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            assertThat(r.headerLines()).containsExactly("Content-Type: application/json");
        }
        assertThat(fx.upgrade(WEBSOCKET, "Origin", "https://a.com").rejection()).isEqualTo("Bad request");
        assertThat(fx.errors).hasSize(3).allSatisfy(e -> {
            assertThat(e.error()).isEqualTo(EngineError.BAD_REQUEST);
            assertThat(e.context()).isEqualTo("MIDDLEWARE_FAILURE");
        });
        assertThat(fx.core.clientsCount()).isZero();
    }

    // ---- compression ---------------------------------------------------------------------------

    private static String inflate(byte[] body, boolean gzip) throws IOException {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body))
                : new InflaterInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Response pollLongMessage(EngineIoOptions options, int length, String... headers) {
        start(options);
        String sid = fx.handshake();
        fx.session(sid).send("x".repeat(length));
        return fx.poll(sid, headers).response();
    }

    @Test
    void responsesFromTheThresholdOnAreGzippedWhenAccepted() throws IOException {
        // 1023 characters + the type digit = 1024 bytes: exactly the default threshold.
        Response r = pollLongMessage(EngineIoOptions.DEFAULT, 1023, "Accept-Encoding", "gzip, deflate, br");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.headerLines()).containsExactly("Content-Type: text/plain; charset=UTF-8",
                "cache-control: no-store", "Content-Encoding: gzip");
        assertThat(inflate(r.body(), true)).isEqualTo("4" + "x".repeat(1023));
    }

    @Test
    void responsesBelowTheThresholdAreNotCompressed() {
        Response r = pollLongMessage(EngineIoOptions.DEFAULT, 1022, "Accept-Encoding", "gzip");
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.text()).isEqualTo("4" + "x".repeat(1022));
    }

    @Test
    void deflateIsUsedWhenOnlyDeflateIsAccepted() throws IOException {
        Response r = pollLongMessage(options().httpCompressionThreshold(10).build(), 100, "Accept-Encoding", "deflate");
        assertThat(r.header("Content-Encoding")).isEqualTo("deflate");
        assertThat(inflate(r.body(), false)).isEqualTo("4" + "x".repeat(100));
    }

    @Test
    void noCompressionWithoutAcceptEncoding() {
        Response r = pollLongMessage(EngineIoOptions.DEFAULT, 5000);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.text()).hasSize(5001);
    }

    @Test
    void noCompressionWhenItIsOff() {
        Response r = pollLongMessage(options().httpCompression(false).build(), 5000, "Accept-Encoding", "gzip");
        assertThat(r.header("Content-Encoding")).isNull();
    }

    @Test
    void aResponseWhoseMessagesAllHaveCompressionOffIsNotCompressed() {
        start();
        String sid = fx.handshake();
        String big = "x".repeat(3000);
        fx.session(sid).send(List.of(Packet.text(big).withCompress(false), Packet.text("y").withCompress(false)));
        Response r = fx.poll(sid, "Accept-Encoding", "gzip").response();
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.text()).isEqualTo("4" + big + "\u001e4y");
    }

    @Test
    void oneCompressibleMessageMakesTheWholeResponseCompressible() throws IOException {
        start();
        String sid = fx.handshake();
        String big = "x".repeat(3000);
        fx.session(sid).send(List.of(Packet.text(big).withCompress(false), Packet.text("y")));
        Response r = fx.poll(sid, "Accept-Encoding", "gzip").response();
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(inflate(r.body(), true)).isEqualTo("4" + big + "\u001e4y");
    }

    @Test
    void encodingIsNegotiatedAsTheAcceptsPackageDoes() {
        start(options().httpCompressionThreshold(1).build());
        String sid = fx.handshake();
        String[][] cases = {
            {"gzip;q=0, deflate", "deflate"},
            {"deflate, gzip", "deflate"},
            {"gzip;q=0.5, deflate;q=0.8", "deflate"},
            {"*", "gzip"},
            {"*, gzip;q=0", "deflate"},
            {"identity", null},
            {"br", null},
            {"GZIP", "gzip"},
            {"x-gzip", null},
        };
        for (String[] c : cases) {
            fx.session(sid).send("hello");
            Response r = fx.poll(sid, "Accept-Encoding", c[0]).response();
            assertThat(r.header("Content-Encoding")).as(c[0]).isEqualTo(c[1]);
        }
    }
}
