package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.ConnectionLimits;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.Origins;
import dev.switchboard.server.RawHttp.RawResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection limits and the origin check on real connections: the exact refusals over
 * polling and for a WebSocket-first connect (before any upgrade), places coming back when
 * sessions close, and other clients still served.
 */
class ConnectionLimitsTest {

    private static final String HANDSHAKE = "/engine.io/?EIO=4&transport=polling";
    private static final String WS_HANDSHAKE = "/engine.io/?EIO=4&transport=websocket";

    private EchoServer echo;

    private EchoServer start(UnaryOperator<ConnectionLimits.Builder> limits) {
        echo = EchoServer.start(b -> b.limits(limits.apply(ConnectionLimits.builder()).build()));
        return echo;
    }

    @AfterEach
    void close() {
        if (echo != null) {
            echo.close();
        }
    }

    private RawResponse pollingHandshake(String from, String... headers) {
        try (RawHttp raw = RawHttp.connectFrom(from, echo.port())) {
            return raw.exchange(RawHttp.request("GET", HANDSHAKE, null, headers));
        }
    }

    private static String refusal(String message) {
        String body = "{\"code\":4,\"message\":\"" + message + "\"}";
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\ncontent-length: "
                + body.length() + "\r\n\r\n" + body;
    }

    private static String text(RawResponse res) {
        return res.head() + res.bodyText();
    }

    @Test
    void handshakePastMaxConnectionsIs503WithTheEngineErrorBodyAndAClosedSessionGivesItsPlaceBack() {
        start(l -> l.maxConnections(2));
        String first = echo.handshake();
        String second = echo.handshake();

        assertThat(text(pollingHandshake(null))).isEqualTo(refusal("Too many connections"));
        assertThat(echo.errors.poll()).satisfies(e -> {
            assertThat(e.error()).isEqualTo(EngineError.LIMIT_REACHED);
            assertThat(e.message()).isEqualTo("Too many connections");
        });
        echo.assertEchoes(first, "open sessions go on");

        echo.closeSession(first);
        String third = echo.handshake();
        echo.assertEchoes(third, "served again");
        echo.closeSession(second);
        echo.closeSession(third);
    }

    @Test
    void webSocketFirstConnectPastTheLimitGetsTheSameAnswerBeforeTheUpgrade() {
        start(l -> l.maxConnections(1));
        String sid = echo.handshake();

        try (RawWebSocket ws = RawWebSocket.connect(echo.port(), WS_HANDSHAKE)) {
            String body = "{\"code\":4,\"message\":\"Too many connections\"}";
            assertThat(ws.handshake().head()).isEqualTo("HTTP/1.1 503 Service Unavailable\r\n"
                    + "Content-Type: application/json\r\nconnection: close\r\ncontent-length: " + body.length()
                    + "\r\n\r\n");
            assertThat(ws.handshake().bodyText()).isEqualTo(body);
            ws.http().assertClosedByServer();
        }
        assertThat(echo.engine.clientsCount()).isEqualTo(1);

        echo.closeSession(sid);
        try (RawWebSocket ws = RawWebSocket.open(echo.port(), WS_HANDSHAKE)) {
            String wsSid = EchoServer.sidOf(ws.readFrame().text());
            ws.sendText("4over websocket");
            ws.expectText("4over websocket");
            ws.sendClose(1000);
            ws.expectClose(1000);
            echo.awaitClose(wsSid);
        }
    }

    @Test
    void upgradesAndPollsOfOpenSessionsAreNeverCounted() {
        start(l -> l.maxConnections(1));
        String sid = echo.handshake();

        try (RawWebSocket ws = RawWebSocket.open(echo.port(), "/engine.io/?EIO=4&transport=websocket&sid=" + sid)) {
            ws.sendText("2probe");
            ws.expectText("3probe");
            ws.sendText("5");
            ws.sendText("4upgraded");
            ws.expectText("4upgraded");
            ws.sendClose(1000);
        }
        echo.awaitClose(sid);
    }

    @Test
    void perAddressLimitRefusesOneAddressAndServesAnother() {
        start(l -> l.maxConnectionsPerAddress(1));
        String sid = echo.handshake();

        assertThat(text(pollingHandshake("127.0.0.1"))).isEqualTo(refusal("Too many connections from this address"));
        RawResponse other = pollingHandshake("127.0.0.2");
        assertThat(other.status()).as(other.bodyText()).isEqualTo(200);
        String otherSid = EchoServer.sidOf(other.bodyText());
        assertThat(echo.engine.client(otherSid).request().remoteAddress()).isEqualTo("127.0.0.2");

        echo.closeSession(sid);
        echo.closeSession(otherSid);
        echo.assertServesFreshClient();
    }

    @Test
    void handshakeRateRefusesTheHandshakesPastTheBurstEvenOnceSessionsClosed() {
        start(l -> l.handshakeRate(2, Duration.ofHours(1)));
        echo.closeSession(echo.handshake());
        echo.closeSession(echo.handshake());

        assertThat(text(pollingHandshake("127.0.0.1"))).isEqualTo(refusal("Too many handshakes from this address"));
        try (RawWebSocket ws = RawWebSocket.connect(echo.port(), WS_HANDSHAKE)) {
            assertThat(ws.handshake().status()).isEqualTo(503);
            assertThat(ws.handshake().bodyText()).isEqualTo("{\"code\":4,\"message\":\"Too many handshakes from this address\"}");
        }
        assertThat(pollingHandshake("127.0.0.3").status()).as("another address has its own rate").isEqualTo(200);
    }

    @Test
    void handshakesWaitingForAllowRequestAreBoundedAndTheWaitingOneIsServedWhenItIsAllowed() throws Exception {
        CompletableFuture<AllowRequest.Verdict> verdict = new CompletableFuture<>();
        CompletableFuture<Void> asked = new CompletableFuture<>();
        echo = EchoServer.start(b -> b.allowRequest(req -> {
            asked.complete(null);
            return verdict;
        }).limits(ConnectionLimits.builder().maxPendingHandshakes(1).build()));
        try (RawHttp waiting = RawHttp.connect(echo.port())) {
            waiting.send(RawHttp.request("GET", HANDSHAKE, null));
            asked.get(5, TimeUnit.SECONDS);

            assertThat(text(pollingHandshake(null))).isEqualTo(refusal("Too many pending handshakes"));
            verdict.complete(AllowRequest.Verdict.allow());
            RawResponse served = waiting.read();
            assertThat(served.status()).isEqualTo(200);
            echo.closeSession(EchoServer.sidOf(served.bodyText()));
        }
    }

    @Test
    void originsHelperRefusesAnotherSitesPageOverPollingAndWebSocketAndLetsTheSiteAndNonBrowsersIn() {
        echo = EchoServer.start(b -> b.allowRequest(Origins.allow("https://chat.example")));

        RawResponse polling = pollingHandshake(null, "Origin: https://evil.example");
        assertThat(polling.status()).isEqualTo(403);
        assertThat(polling.bodyText()).isEqualTo("{\"code\":4,\"message\":\"Origin not allowed\"}");
        try (RawWebSocket ws = RawWebSocket.connect(echo.port(), WS_HANDSHAKE, "Origin: https://evil.example")) {
            assertThat(ws.handshake().head()).startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(ws.handshake().bodyText()).isEqualTo("Origin not allowed");
        }
        try (RawWebSocket ws = RawWebSocket.open(echo.port(), WS_HANDSHAKE, "Origin: https://chat.example")) {
            String sid = EchoServer.sidOf(ws.readFrame().text());
            ws.sendClose(1000);
            echo.awaitClose(sid);
        }
        echo.assertServesFreshClient();
    }
}
