package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.POLLING;
import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code engine.use(...)}: Express-style middlewares on every Engine.IO request. */
class EngineMiddlewareTest {

    private EngineFixture fx = new EngineFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void middlewaresRunInOrderOnEveryRequestAndTheirHeadersReachTheResponses() {
        List<String> seen = new CopyOnWriteArrayList<>();
        fx.core.use((request, response, next) -> {
            seen.add("1 " + request.method() + " " + request.queryParam("sid"));
            response.set("X-Frame-Options", "DENY");
            next.next();
        });
        fx.core.use((request, response, next) -> {
            seen.add("2 " + request.method());
            next.next();
        });
        FakeHttpExchange.Response open = fx.get(POLLING).response();
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(open.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        String sid = EngineFixture.sidOf(open.text());
        FakeHttpExchange.Response ok = fx.send(sid, "4hi");
        assertThat(ok.text()).isEqualTo("ok");
        assertThat(ok.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(seen).containsExactly("1 GET null", "2 GET", "1 POST " + sid, "2 POST");
    }

    @Test
    void anErrorRefusesTheRequestWith400Code3MiddlewareFailureAndOpensNoSession() {
        fx.core.use((request, response, next) -> next.error(new IllegalStateException("no session cookie")));
        FakeHttpExchange.Response r = fx.get(POLLING).response();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(fx.errors).singleElement().satisfies(e -> assertThat(e.context()).isEqualTo("MIDDLEWARE_FAILURE"));
        assertThat(fx.core.clientsCount()).isZero();
    }

    @Test
    void aMiddlewareThatThrowsRefusesAsAnError() {
        fx.core.use((request, response, next) -> {
            throw new IllegalStateException("bug");
        });
        assertThat(fx.get(POLLING).response().text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
    }

    @Test
    void aMiddlewareMayGoOnLaterFromAnotherThread() {
        fx.core.use((request, response, next) -> ForkJoinPool.commonPool().execute(next::next));
        FakeHttpExchange.Response r = fx.get(POLLING).response();
        assertThat(r.status()).isEqualTo(200);
        String sid = EngineFixture.sidOf(r.text());
        assertThat(EngineFixture.await(fx.events(sid).listenerOnLoop)).isTrue();
    }

    @Test
    void upgradesGoThroughTheMiddlewaresTooAndTheirHeadersReachThe101() {
        fx.core.use((request, response, next) -> {
            response.set("X-Checked", request.queryParam("transport"));
            next.next();
        });
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET);
        assertThat(up.acceptedHeaders().get("X-Checked")).isEqualTo("websocket");
        fx.core.use((request, response, next) -> next.error(new IllegalStateException("no")));
        assertThat(fx.upgrade(WEBSOCKET).rejection()).isEqualTo("Bad request");
    }

    @Test
    void aCorsPreflightIsAnsweredBeforeAnyMiddleware() {
        fx.close();
        fx = new EngineFixture(EngineIoOptions.builder().cors(Cors.allowOrigin("*")).build());
        List<String> seen = new CopyOnWriteArrayList<>();
        fx.core.use((request, response, next) -> {
            seen.add(request.method());
            next.next();
        });
        FakeHttpExchange preflight = fx.handle(FakeHttpExchange.of(fx.loop, "OPTIONS", fx.path() + "?" + POLLING,
                "Origin", "https://a.example", "Access-Control-Request-Method", "POST"));
        assertThat(preflight.response().status()).isEqualTo(204);
        assertThat(seen).isEmpty();
    }
}
