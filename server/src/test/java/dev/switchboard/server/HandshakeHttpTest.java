package dev.switchboard.server;

import static dev.switchboard.server.EchoServer.polling;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.CookieOptions;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.server.RawHttp.RawResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The polling handshake and the responses around it on real connections: exact heads, the
 * session cookie, the header hooks, and the refusals of a bad handshake as JSON.
 */
class HandshakeHttpTest {

    private static final String HANDSHAKE = "/engine.io/?EIO=4&transport=polling&t=NzQ1";

    private EchoServer echo;

    private EchoServer start(UnaryOperator<EngineIoOptions.Builder> config) {
        echo = EchoServer.start(config);
        return echo;
    }

    @AfterEach
    void serverStillServesAFreshClient() {
        try {
            echo.assertServesFreshClient();
        } finally {
            echo.close();
        }
    }

    private RawResponse send(String request) {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            return raw.exchange(request);
        }
    }

    private RawResponse get(String target, String... headerLines) {
        return send(RawHttp.request("GET", target, null, headerLines));
    }

    @Test
    void handshakeHeadAndBodyAreExact() {
        start(b -> b);

        RawResponse res = get(HANDSHAKE);

        String sid = EchoServer.sidOf(res.bodyText());
        String open = "0{\"sid\":\"" + sid + "\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
                + "\"pingTimeout\":20000,\"maxPayload\":1000000}";
        assertThat(res.head()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "cache-control: no-store\r\ncontent-length: " + open.length() + "\r\n\r\n");
        assertThat(res.bodyText()).isEqualTo(open);
        echo.closeSession(sid);
    }

    @Test
    void postResponseHeadIsExact() {
        start(b -> b);
        String sid = echo.handshake();

        RawResponse res = send(RawHttp.request("POST", "/engine.io/?" + polling(sid), "4hi",
                "Content-Type: text/plain;charset=UTF-8"));

        assertThat(res.head()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\ncache-control: no-store\r\n"
                + "content-length: 2\r\n\r\n");
        assertThat(res.bodyText()).isEqualTo("ok");
        echo.closeSession(sid);
    }

    @Test
    void sessionIdsAreTwentyUrlSafeCharactersAndNeverRepeat() {
        start(b -> b);
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            sids.add(echo.handshake());
        }

        assertThat(sids).hasSize(20).allMatch(s -> s.matches("[A-Za-z0-9_-]{20}"));
        assertThat(echo.engine.clientsCount()).isEqualTo(20);
        sids.forEach(echo::closeSession);
    }

    @Test
    void initialPacketFollowsTheOpenPacketInTheSameResponse() {
        start(b -> b.initialPacket("welcome"));

        RawResponse res = get(HANDSHAKE);

        String sid = EchoServer.sidOf(res.bodyText());
        assertThat(res.bodyText()).isEqualTo(echo.openPacket(sid, "[\"websocket\"]") + "\u001e4welcome");
        echo.closeSession(sid);
    }

    @Test
    void oldInternetExplorerGetsXssProtectionOff() {
        start(b -> b);

        RawResponse res = get(HANDSHAKE, "User-Agent: Mozilla/4.0 (compatible;MSIE 7.0; Windows NT 6.0)");

        assertThat(res.head()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "X-XSS-Protection: 0\r\ncache-control: no-store\r\ncontent-length: " + res.body().length + "\r\n\r\n");
        echo.closeSession(EchoServer.sidOf(res.bodyText()));
    }

    // ---- request size --------------------------------------------------------------------------

    @Test
    void longQueryIsAcceptedAsNodeAcceptsHeadsUpTo16KiB() {
        start(b -> b);
        String token = "t".repeat(12_000);

        RawResponse res = get(HANDSHAKE + "&token=" + token, "X-Long: " + "h".repeat(12_000));

        assertThat(res.status()).isEqualTo(200);
        String sid = EchoServer.sidOf(res.bodyText());
        assertThat(echo.engine.client(sid).request().queryParam("token")).isEqualTo(token);
        echo.closeSession(sid);
    }

    @Test
    void headOver16KiBIs431AndTheConnectionCloses() {
        start(b -> b);
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            // No end of line: the server refuses as the limit passes, having read every byte sent,
            // so its close is a clean one rather than a reset that could discard the response.
            RawResponse res = raw.exchange("GET " + HANDSHAKE + " HTTP/1.1\r\nHost: x\r\nX-Huge: " + "h".repeat(17_000));

            assertThat(res.head()).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n\r\n");
            raw.assertClosedByServer();
        }
        assertThat(echo.engine.clientsCount()).isZero();
    }

    // ---- cookie --------------------------------------------------------------------------------

    @Test
    void cookieOptionSetsTheSessionCookieOnTheHandshakeOnly() {
        start(b -> b.cookie(true));

        RawResponse res = get(HANDSHAKE);

        String sid = EchoServer.sidOf(res.bodyText());
        assertThat(res.head()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "cache-control: no-store\r\nSet-Cookie: io=" + sid + "; Path=/; HttpOnly; SameSite=Lax\r\n"
                + "content-length: " + res.body().length + "\r\n\r\n");
        RawResponse post = send(RawHttp.request("POST", "/engine.io/?" + polling(sid), "4x"));
        RawResponse poll = get("/engine.io/?" + polling(sid));
        assertThat(post.header("set-cookie")).isNull();
        assertThat(poll.header("set-cookie")).isNull();
        echo.closeSession(sid);
    }

    @Test
    void cookieWithOtherAttributesIsWrittenAsTheCookiePackageDoes() {
        start(b -> b.cookie(new CookieOptions("my cookie".replace(" ", "-"), null, false, "strict", true, 60,
                "example.com")));

        RawResponse res = get(HANDSHAKE);

        String sid = EchoServer.sidOf(res.bodyText());
        assertThat(res.header("set-cookie"))
                .isEqualTo("my-cookie=" + sid + "; Max-Age=60; Domain=example.com; Secure; SameSite=Strict");
        echo.closeSession(sid);
    }

    @Test
    void cookieIsNotSetOnAWebSocketHandshake() {
        start(b -> b.cookie(true));

        try (RawWebSocket ws = RawWebSocket.open(echo.port(), "/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.handshake().header("set-cookie")).isNull();
            String sid = EchoServer.sidOf(ws.readFrame().text());
            ws.sendClose(1000);
            ws.expectClose(1000);
            echo.awaitClose(sid);
        }
    }

    // ---- header hooks --------------------------------------------------------------------------

    @Test
    void headerHooksReachEveryPollingResponseAndTheWebSocketHandshake() {
        start(b -> b.initialHeaders((h, req) -> h.set("X-Initial", "yes"))
                .headers((h, req) -> h.set("X-Every", req.method())));

        RawResponse handshake = get(HANDSHAKE);
        String sid = EchoServer.sidOf(handshake.bodyText());
        RawResponse post = send(RawHttp.request("POST", "/engine.io/?" + polling(sid), "4x"));

        assertThat(handshake.header("x-initial")).isEqualTo("yes");
        assertThat(handshake.header("x-every")).isEqualTo("GET");
        assertThat(post.header("x-initial")).isNull();
        assertThat(post.header("x-every")).isEqualTo("POST");
        try (RawWebSocket ws = RawWebSocket.open(echo.port(), "/engine.io/?EIO=4&transport=websocket")) {
            assertThat(ws.handshake().header("x-initial")).isEqualTo("yes");
            assertThat(ws.handshake().header("x-every")).isEqualTo("GET");
            String wsSid = EchoServer.sidOf(ws.readFrame().text());
            ws.sendClose(1000);
            ws.expectClose(1000);
            echo.awaitClose(wsSid);
        }
        echo.closeSession(sid);
    }

    // ---- refusals ------------------------------------------------------------------------------

    private void assertRefused(RawResponse res, int status, String reason, String json) {
        assertThat(res.head()).isEqualTo("HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Content-Type: application/json\r\ncontent-length: " + json.length() + "\r\n\r\n");
        assertThat(res.bodyText()).isEqualTo(json);
        assertThat(echo.engine.clientsCount()).isZero();
    }

    @Test
    void handshakeWithAnUnknownTransportIsCode0() {
        start(b -> b);
        assertRefused(get("/engine.io/?EIO=4&transport=smoke-signals"), 400, "Bad Request",
                "{\"code\":0,\"message\":\"Transport unknown\"}");
        assertRefused(get("/engine.io/?EIO=4"), 400, "Bad Request", "{\"code\":0,\"message\":\"Transport unknown\"}");
    }

    @Test
    void handshakeOverADisabledTransportIsCode0() {
        start(b -> b.transports(TransportType.WEBSOCKET));
        assertRefused(get(HANDSHAKE), 400, "Bad Request", "{\"code\":0,\"message\":\"Transport unknown\"}");
    }

    @Test
    void postHandshakeIsCode2() {
        start(b -> b);
        assertRefused(send(RawHttp.request("POST", HANDSHAKE, "4x")), 400, "Bad Request",
                "{\"code\":2,\"message\":\"Bad handshake method\"}");
    }

    @Test
    void plainGetNamingWebSocketIsCode3() {
        start(b -> b);
        assertRefused(get("/engine.io/?EIO=4&transport=websocket"), 400, "Bad Request",
                "{\"code\":3,\"message\":\"Bad request\"}");
    }

    @Test
    void handshakeWithoutEio4IsCode5() {
        start(b -> b);
        assertRefused(get("/engine.io/?transport=polling"), 400, "Bad Request",
                "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertRefused(get("/engine.io/?EIO=3&transport=polling"), 400, "Bad Request",
                "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
    }

    @Test
    void allowRequestDenialIs403WithItsMessage() {
        start(b -> b.allowRequest(req -> CompletableFuture.completedFuture(
                "stolen".equals(req.queryParam("token")) ? AllowRequest.Verdict.deny("token revoked")
                        : AllowRequest.Verdict.allow())));

        assertRefused(get(HANDSHAKE + "&token=stolen"), 403, "Forbidden",
                "{\"code\":4,\"message\":\"token revoked\"}");
        RawResponse allowed = get(HANDSHAKE + "&token=mine");
        assertThat(allowed.status()).isEqualTo(200);
        echo.closeSession(EchoServer.sidOf(allowed.bodyText()));
    }

    @Test
    void allowRequestDenialWithoutAMessageSaysForbidden() {
        start(b -> b.allowRequest(req -> CompletableFuture.completedFuture(req.header("x-ban") != null
                ? AllowRequest.Verdict.deny() : AllowRequest.Verdict.allow())));

        assertRefused(get(HANDSHAKE, "X-Ban: 1"), 403, "Forbidden", "{\"code\":4,\"message\":\"Forbidden\"}");
        try (RawWebSocket ws = RawWebSocket.connect(echo.port(), "/engine.io/?EIO=4&transport=websocket",
                "X-Ban: 1")) {
            // A refused upgrade is always 400, with the message as text.
            assertThat(ws.handshake().head() + ws.handshake().bodyText()).isEqualTo("HTTP/1.1 400 Bad Request\r\n"
                    + "connection: close\r\ncontent-type: text/html\r\ncontent-length: 9\r\n\r\nForbidden");
        }
    }
}
