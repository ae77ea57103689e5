package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.POLLING;
import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static dev.switchboard.engineio.internal.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.ConnectionError;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeHttpExchange.Response;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests the engine refuses: each error of the reference's table with its status, body and reported {@link ConnectionError}, and refused upgrades. */
class EngineCoreRefusalTest {

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

    private static final String SID = "[A-Za-z0-9_-]{20}";

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
}
