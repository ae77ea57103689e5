package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.POLLING;
import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static dev.switchboard.engineio.internal.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.ConnectionError;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeHttpExchange.Response;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import dev.switchboard.engineio.spi.FakeWebSocketConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineCoreTest {

    private static final String SID = "[A-Za-z0-9_-]{20}";

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

    // ---- handshake -----------------------------------------------------------------------------

    @Test
    void pollingHandshakeAnswersTheOpenPacketWithTheReferenceKeyOrder() {
        start();
        Response r = fx.get(POLLING).response();
        String sid = EngineFixture.sidOf(r.text());
        assertThat(sid).matches(SID);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("0{\"sid\":\"" + sid + "\",\"upgrades\":[\"websocket\"],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertThat(fx.core.clientsCount()).isEqualTo(1);
        assertThat(fx.core.client(sid).transport()).isEqualTo(TransportType.POLLING);
        assertThat(fx.core.client(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void handshakeAdvertisesTheConfiguredTimersAndPayloadLimit() {
        start(options().pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200)).maxHttpBufferSize(5000).build());
        String body = fx.get(POLLING).response().text();
        String sid = EngineFixture.sidOf(body);
        assertThat(body).isEqualTo("0{\"sid\":\"" + sid + "\",\"upgrades\":[\"websocket\"],"
                + "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":5000}");
    }

    @Test
    void handshakeResponseHasTheReferenceHeaders() {
        start();
        Response r = fx.get(POLLING).response();
        assertThat(r.headerLines())
                .containsExactly("Content-Type: text/plain; charset=UTF-8", "cache-control: no-store");
    }

    @Test
    void oldInternetExplorerGetsXssProtectionOff() {
        start();
        Response r = fx.get(POLLING, "User-Agent", "Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0)").response();
        assertThat(r.headerLines()).containsExactly("Content-Type: text/plain; charset=UTF-8",
                "X-XSS-Protection: 0", "cache-control: no-store");
        Response msie = fx.get(POLLING, "User-Agent", "Mozilla/4.0 (compatible;MSIE 6.0)").response();
        assertThat(msie.header("X-XSS-Protection")).isEqualTo("0");
    }

    @Test
    void sessionIdsAreTwentyUrlSafeCharactersAndDistinct() {
        start();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String sid = fx.handshake();
            assertThat(sid).matches(SID);
            ids.add(sid);
        }
        assertThat(ids).hasSize(50);
        assertThat(fx.core.clientsCount()).isEqualTo(50);
    }

    @Test
    void upgradesAreEmptyWhenUpgradesAreNotAllowed() {
        start(options().allowUpgrades(false).build());
        String body = fx.get(POLLING).response().text();
        assertThat(body).contains("\"upgrades\":[],");
    }

    @Test
    void upgradesAreEmptyWhenWebSocketIsNotATransport() {
        start(options().transports(TransportType.POLLING).build());
        String body = fx.get(POLLING).response().text();
        assertThat(body).contains("\"upgrades\":[],");
    }

    @Test
    void webSocketHandshakeSendsTheOpenPacketWithNoUpgrades() {
        start();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET);
        assertThat(up.acceptedHeaders().size()).isZero();
        String open = up.connection().nextText();
        String sid = EngineFixture.sidOf(open);
        assertThat(open).isEqualTo("0{\"sid\":\"" + sid + "\",\"upgrades\":[],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertThat(fx.core.client(sid).transport()).isEqualTo(TransportType.WEBSOCKET);
    }

    @Test
    void initialPacketFollowsTheOpenPacketInTheSameResponse() {
        start(options().initialPacket("hello").build());
        String body = fx.get(POLLING).response().text();
        String sid = EngineFixture.sidOf(body);
        assertThat(body).isEqualTo("0{\"sid\":\"" + sid + "\",\"upgrades\":[\"websocket\"],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}\u001e4hello");
    }

    @Test
    void initialPacketFollowsTheOpenPacketOverWebSocket() {
        start(options().initialPacket("hello").build());
        FakeWebSocketConnection ws = fx.upgrade(WEBSOCKET).connection();
        assertThat(ws.nextText()).startsWith("0{\"sid\":");
        assertThat(ws.nextText()).isEqualTo("4hello");
    }

    @Test
    void cookieIsSetOnThePollingHandshakeOnly() {
        start(options().cookie(true).build());
        Response r = fx.get(POLLING).response();
        String sid = EngineFixture.sidOf(r.text());
        assertThat(r.headerLines()).containsExactly("Content-Type: text/plain; charset=UTF-8",
                "cache-control: no-store", "Set-Cookie: io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
        fx.session(sid).send("x");
        assertThat(fx.poll(sid).response().header("Set-Cookie")).isNull();
        assertThat(fx.upgrade(WEBSOCKET).acceptedHeaders().contains("Set-Cookie")).isFalse();
    }

    @Test
    void initialHeadersHookEditsHandshakesAndHeadersHookEditsEveryResponse() {
        start(options()
                .initialHeaders((h, req) -> h.set("X-Initial", req.method()))
                .headers((h, req) -> h.set("X-Every", req.queryParam("sid") == null ? "handshake" : "later"))
                .build());
        Response handshake = fx.get(POLLING).response();
        String sid = EngineFixture.sidOf(handshake.text());
        assertThat(handshake.headerLines()).containsExactly("Content-Type: text/plain; charset=UTF-8",
                "cache-control: no-store", "X-Initial: GET", "X-Every: handshake");

        FakeHttpExchange poll = fx.poll(sid);
        Response ok = fx.send(sid, "4hi");
        assertThat(ok.headerLines()).containsExactly("Content-Type: text/html", "cache-control: no-store",
                "X-Every: later");
        fx.session(sid).send("x");
        assertThat(poll.response().headerLines()).containsExactly("Content-Type: text/plain; charset=UTF-8",
                "cache-control: no-store", "X-Every: later");

        Headers direct = fx.upgrade(WEBSOCKET).acceptedHeaders();
        assertThat(direct.get("X-Initial")).isEqualTo("GET");
        assertThat(direct.get("X-Every")).isEqualTo("handshake");
    }

    @Test
    void headersHookEditsTheResponseToAnUpgradeOfAPollingSession() {
        start(options().headers((h, req) -> h.set("X-Every", "yes")).build());
        String sid = fx.handshake();
        Headers upgrade = fx.upgrade(WEBSOCKET + "&sid=" + sid).acceptedHeaders();
        assertThat(upgrade.get("X-Every")).isEqualTo("yes");
    }

    @Test
    void customIdGeneratorNamesTheSession() {
        start(options().generateId(req -> "custom-" + req.queryParam("t")).build());
        Response r = fx.get(POLLING + "&t=abc").response();
        assertThat(r.text()).startsWith("0{\"sid\":\"custom-abc\",");
        assertThat(fx.core.client("custom-abc")).isNotNull();
    }

    @Test
    void failingIdGeneratorRefusesTheHandshake() {
        start(options().generateId(req -> {
            throw new IllegalStateException("boom");
        }).build());
        Response r = fx.get(POLLING).response();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(fx.upgrade(WEBSOCKET).rejection()).isEqualTo("Bad request");
        assertThat(fx.errors).hasSize(2).allSatisfy(e -> {
            assertThat(e.error()).isEqualTo(EngineError.BAD_REQUEST);
            assertThat(e.context()).isEqualTo("ID_GENERATION_ERROR");
        });
        assertThat(fx.core.clientsCount()).isZero();
    }

    @Test
    void connectionListenersRunOnTheSessionLoopAfterTheOpenPacketIsQueued() {
        start();
        String sid = fx.handshake();
        assertThat(await(fx.events(sid).listenerOnLoop)).isTrue();
    }

    @Test
    void handshakeHandedOverOffTheLoopStillOpensTheSessionOnItsLoop() {
        start();
        // A binding may call from another thread; EngineIoServer promises thread safety.
        FakeHttpExchange ex = FakeHttpExchange.get(fx.loop, fx.path() + "?" + POLLING);
        fx.core.handleRequest(ex);
        String sid = EngineFixture.sidOf(ex.response().text());
        assertThat(await(fx.events(sid).listenerOnLoop)).isTrue();
    }

    // ---- errors of the table -------------------------------------------------------------------

    private Response refused(FakeHttpExchange ex, int status, String body) {
        Response r = ex.response();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.text()).isEqualTo(body);
        assertThat(r.headerLines()).containsExactly("Content-Type: application/json");
        return r;
    }

    private ConnectionError onlyError() {
        assertThat(fx.errors).hasSize(1);
        return fx.errors.get(0);
    }

    @Test
    void missingTransportIsCode0() {
        start();
        refused(fx.get("EIO=4"), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(onlyError().error()).isEqualTo(EngineError.UNKNOWN_TRANSPORT);
        assertThat(fx.core.clientsCount()).isZero();
    }

    @Test
    void unknownTransportIsCode0WithTheTransportAsContext() {
        start();
        refused(fx.get("EIO=4&transport=flash"), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        ConnectionError e = onlyError();
        assertThat(e.error()).isEqualTo(EngineError.UNKNOWN_TRANSPORT);
        assertThat(e.message()).isEqualTo("Transport unknown");
        assertThat(e.context()).isEqualTo("flash");
        assertThat(e.request().url()).isEqualTo("/engine.io/?EIO=4&transport=flash");
    }

    @Test
    void webTransportAndPrototypeNamesAreUnknownTransports() {
        start();
        for (String t : List.of("webtransport", "__proto__", "constructor")) {
            refused(fx.get("EIO=4&transport=" + t), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        }
    }

    @Test
    void disabledTransportIsCode0() {
        start(options().transports(TransportType.WEBSOCKET).build());
        refused(fx.get(POLLING), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
    }

    @Test
    void unknownSidIsCode1WithTheSidAsContext() {
        start();
        refused(fx.poll("nope"), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
        ConnectionError e = onlyError();
        assertThat(e.error()).isEqualTo(EngineError.UNKNOWN_SID);
        assertThat(e.context()).isEqualTo("nope");
    }

    @Test
    void unknownSidIsCode1EvenWithAnotherProtocolVersion() {
        start();
        refused(fx.get("EIO=3&transport=polling&sid=nope"), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    @Test
    void handshakeWithAnotherMethodThanGetIsCode2() {
        start();
        refused(fx.post(POLLING, "4x"), 400, "{\"code\":2,\"message\":\"Bad handshake method\"}");
        assertThat(onlyError().context()).isEqualTo("POST");
        refused(fx.handle(FakeHttpExchange.of(fx.loop, "PUT", fx.path() + "?" + POLLING)), 400,
                "{\"code\":2,\"message\":\"Bad handshake method\"}");
    }

    @Test
    void preflightWithoutCorsIsABadHandshakeMethod() {
        start();
        refused(fx.handle(FakeHttpExchange.of(fx.loop, "OPTIONS", fx.path() + "?" + POLLING, "Origin", "https://a.com")),
                400, "{\"code\":2,\"message\":\"Bad handshake method\"}");
    }

    @Test
    void webSocketTransportOnAPlainGetIsCode3TransportHandshakeError() {
        start();
        refused(fx.get(WEBSOCKET), 400, "{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(onlyError().context()).isEqualTo("TRANSPORT_HANDSHAKE_ERROR");
    }

    @Test
    void originWithControlCharactersIsCode3InvalidOrigin() {
        start();
        refused(fx.get(POLLING, "Origin", "https://a.com\u0001"), 400, "{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(onlyError().context()).isEqualTo("INVALID_ORIGIN");
        assertThat(fx.get(POLLING, "Origin", "https://\u00e9t\u00e9.fr\t").response().status()).isEqualTo(200);
    }

    @Test
    void pollingRequestWithAnotherProtocolVersionThanItsSessionIsCode3() {
        start();
        String sid = fx.handshake();
        refused(fx.get("EIO=3&transport=polling&sid=" + sid), 400, "{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(onlyError().context()).isEqualTo("PROTOCOL_MISMATCH");
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void plainRequestNamingWebSocketForAPollingSessionIsCode3TransportMismatch() {
        start();
        String sid = fx.handshake();
        refused(fx.get(WEBSOCKET + "&sid=" + sid), 400, "{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(onlyError().context()).isEqualTo("TRANSPORT_MISMATCH");
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void deniedHandshakeIs403Forbidden() {
        start(options().allowRequest(req -> CompletableFuture.completedFuture(AllowRequest.Verdict.deny())).build());
        refused(fx.get(POLLING), 403, "{\"code\":4,\"message\":\"Forbidden\"}");
        ConnectionError e = onlyError();
        assertThat(e.error()).isEqualTo(EngineError.FORBIDDEN);
        assertThat(e.message()).isEqualTo("Forbidden");
        assertThat(fx.core.clientsCount()).isZero();
    }

    @Test
    void deniedHandshakeCarriesTheCustomMessage() {
        start(options().allowRequest(req ->
                CompletableFuture.completedFuture(AllowRequest.Verdict.deny("no \"guests\""))).build());
        refused(fx.get(POLLING), 403, "{\"code\":4,\"message\":\"no \\\"guests\\\"\"}");
        assertThat(onlyError().message()).isEqualTo("no \"guests\"");
    }

    @Test
    void asynchronousAllowRequestDecidesLater() {
        CompletableFuture<AllowRequest.Verdict> verdict = new CompletableFuture<>();
        start(options().allowRequest(req -> verdict).build());
        FakeHttpExchange ex = fx.get(POLLING);
        fx.settle();
        assertThat(ex.answered()).isFalse();
        ForkJoinPool.commonPool().execute(() -> verdict.complete(AllowRequest.Verdict.allow()));
        String sid = EngineFixture.sidOf(ex.response().text());
        assertThat(await(fx.events(sid).listenerOnLoop)).isTrue();
    }

    @Test
    void allowRequestThatFailsDeniesWithItsMessage() {
        start(options().allowRequest(req -> CompletableFuture.failedFuture(new IllegalStateException("db down")))
                .build());
        refused(fx.get(POLLING), 403, "{\"code\":4,\"message\":\"db down\"}");
    }

    @Test
    void allowRequestIsNotAskedForLaterRequestsOfASession() {
        int[] calls = {0};
        start(options().allowRequest(req -> {
            calls[0]++;
            return CompletableFuture.completedFuture(AllowRequest.Verdict.allow());
        }).build());
        String sid = fx.handshake();
        fx.send(sid, "4a");
        fx.settle();
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void otherProtocolVersionsAreCode5() {
        start();
        refused(fx.get("EIO=3&transport=polling"), 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        refused(fx.get("transport=polling"), 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(fx.errors).extracting(ConnectionError::error)
                .containsExactly(EngineError.UNSUPPORTED_PROTOCOL_VERSION, EngineError.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @Test
    void protocolVersionIsCheckedAfterAllowRequest() {
        start(options().allowRequest(req -> CompletableFuture.completedFuture(AllowRequest.Verdict.deny())).build());
        refused(fx.get("EIO=3&transport=polling"), 403, "{\"code\":4,\"message\":\"Forbidden\"}");
    }

    @Test
    void errorResponsesCarryCorsHeadersFirst() {
        start(options().cors(Cors.allowOrigin("*")).build());
        Response r = fx.poll("nope", "Origin", "https://a.com").response();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headerLines()).containsExactly("Access-Control-Allow-Origin: *", "Content-Type: application/json");
    }

    // ---- WebSocket refusals --------------------------------------------------------------------

    @Test
    void refusedUpgradesAreRejectedWithTheMessage() {
        start();
        assertThat(fx.upgrade("EIO=4&transport=flash").rejection()).isEqualTo("Transport unknown");
        assertThat(fx.upgrade(WEBSOCKET + "&sid=nope").rejection()).isEqualTo("Session ID unknown");
        assertThat(fx.upgrade("EIO=3&transport=websocket").rejection()).isEqualTo("Unsupported protocol version");
        assertThat(fx.errors).extracting(ConnectionError::error).containsExactly(EngineError.UNKNOWN_TRANSPORT,
                EngineError.UNKNOWN_SID, EngineError.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @Test
    void deniedUpgradeIsRejectedWithTheCustomMessage() {
        start(options().allowRequest(req ->
                CompletableFuture.completedFuture(AllowRequest.Verdict.deny("go away"))).build());
        assertThat(fx.upgrade(WEBSOCKET).rejection()).isEqualTo("go away");
        assertThat(onlyError().error()).isEqualTo(EngineError.FORBIDDEN);
    }

    @Test
    void upgradeToAPollingSessionNamingPollingIsAcceptedThenClosed() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(POLLING + "&sid=" + sid);
        assertThat(up.awaitAccepted()).isTrue();
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(fx.session(sid).transport()).isEqualTo(TransportType.POLLING);
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

    // ---- server close --------------------------------------------------------------------------

    @Test
    void closeEndsEverySessionWithForcedCloseAndEmptiesTheRegistry() {
        start();
        String waiting = fx.handshake();
        String idle = fx.handshake();
        FakeHttpExchange pending = fx.poll(waiting);
        FakeUpgradeExchange ws = fx.openWebSocket();
        fx.settle();
        assertThat(fx.core.clientsCount()).isEqualTo(3);

        CompletableFuture<Void> done = fx.core.close();
        await(done);
        assertThat(fx.core.clientsCount()).isZero();
        assertThat(fx.core.clients()).isEmpty();
        assertThat(pending.response().text()).isEqualTo("1");
        assertThat(await(ws.connection().closedByServer())).isEqualTo(-1);
        assertThat(fx.events(waiting).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat(fx.events(idle).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        refused(fx.poll(idle), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    @Test
    void closeCompletesOnlyAfterTheCloseListenersRan() {
        start();
        List<String> finished = new CopyOnWriteArrayList<>();
        fx.core.onConnection(s -> s.onClose((reason, description) -> {
            try {
                // A slow disconnect handler: close() must wait for it.
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.add(s.id());
        }));
        String sid = fx.handshake();
        await(fx.core.close());
        assertThat(finished).containsExactly(sid);
    }

    @Test
    void handshakeAllowedAfterCloseBeganIsRefused() {
        CompletableFuture<AllowRequest.Verdict> verdict = new CompletableFuture<>();
        start(options().allowRequest(req -> verdict).build());
        FakeHttpExchange ex = fx.get(POLLING);
        fx.settle();
        await(fx.core.close());
        verdict.complete(AllowRequest.Verdict.allow());
        assertThat(ex.response().status()).isEqualTo(503);
        assertThat(fx.core.clientsCount()).isZero();
    }

    @Test
    void closeWithoutSessionsCompletesAtOnce() {
        start();
        assertThat(fx.core.close()).isCompleted();
    }

    @Test
    void handlesMatchesByPrefixOfTheRawTarget() {
        start();
        assertThat(fx.core.handles("/engine.io/?EIO=4&transport=polling")).isTrue();
        assertThat(fx.core.handles("/engine.io/anything")).isTrue();
        assertThat(fx.core.handles("/engine.io?EIO=4")).isFalse();
        assertThat(fx.core.handles("/other")).isFalse();
    }
}
