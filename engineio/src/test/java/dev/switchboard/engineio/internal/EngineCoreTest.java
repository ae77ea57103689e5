package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.POLLING;
import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static dev.switchboard.engineio.internal.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeHttpExchange.Response;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import dev.switchboard.engineio.spi.FakeWebSocketConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine's handshake over both transports, and how it closes: what a new session is told and what it is allowed. */
class EngineCoreTest {

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

    private Response refused(FakeHttpExchange ex, int status, String body) {
        Response r = ex.response();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.text()).isEqualTo(body);
        assertThat(r.headerLines()).containsExactly("Content-Type: application/json");
        return r;
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
