package dev.switchboard.server;

import static dev.switchboard.server.EchoServer.polling;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.server.EchoServer.Closed;
import dev.switchboard.server.RawHttp.RawResponse;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a long-polling session does with input no correct client sends, over real sockets: each
 * case gets the reference's status, body and close reason, and leaves a server that serves the
 * next client with no session left behind.
 */
class PollingBadInputTest {

    private static final int LIMIT = 100;

    /** One event loop: see {@link EchoServer#start(int, java.util.function.UnaryOperator)}. */
    private final EchoServer echo = EchoServer.start(1, b -> b.maxHttpBufferSize(LIMIT));

    @AfterEach
    void serverStillServesAFreshClient() {
        try {
            echo.assertServesFreshClient();
        } finally {
            echo.close();
        }
    }

    /** Posts a payload while a poll waits, and returns what the poll receives. */
    private String postWhilePolling(String sid, String payload) {
        CompletableFuture<HttpResponse<String>> poll = echo.getAsync(polling(sid));
        echo.awaitPollPending(sid);
        echo.postOk(sid, payload);
        HttpResponse<String> res = poll.join();
        assertThat(res.statusCode()).isEqualTo(200);
        return res.body();
    }

    private void assertClosedWith(String sid, CloseReason reason, String description) {
        Closed closed = echo.awaitClose(sid);
        assertThat(closed.reason()).isEqualTo(reason);
        assertThat(closed.description()).isEqualTo(description);
        echo.assertUnknownSid(sid);
    }

    @Test
    void unknownPacketTypeClosesTheSessionWithParseErrorAndThePollGetsClose() {
        String sid = echo.handshake();

        assertThat(postWhilePolling(sid, "7")).isEqualTo("1");

        assertClosedWith(sid, CloseReason.PARSE_ERROR, "");
    }

    @Test
    void packetsBeforeAnInvalidRecordAreDeliveredThenTheSessionCloses() {
        String sid = echo.handshake();

        // The echo of "a" reaches the waiting poll before the bad record ends the session.
        assertThat(postWhilePolling(sid, "4a\u001e7\u001e4b")).isEqualTo("4a");

        assertClosedWith(sid, CloseReason.PARSE_ERROR, "");
    }

    @Test
    void emptyRecordClosesTheSessionWithParseError() {
        String sid = echo.handshake();

        assertThat(postWhilePolling(sid, "4a\u001e\u001e4b")).isEqualTo("4a");

        assertClosedWith(sid, CloseReason.PARSE_ERROR, "");
    }

    @Test
    void invalidBase64ClosesTheSessionWithParseError() {
        String sid = echo.handshake();

        assertThat(postWhilePolling(sid, "b!!!")).isEqualTo("1");

        assertClosedWith(sid, CloseReason.PARSE_ERROR, "");
    }

    @Test
    void validBase64IsEchoedAsBase64() {
        String sid = echo.handshake();

        assertThat(postWhilePolling(sid, "bAQIDBA==")).isEqualTo("bAQIDBA==");

        echo.closeSession(sid);
    }

    @Test
    void emptyPostBodyIsAnEmptyRecordAndClosesTheSessionWithParseError() {
        String sid = echo.handshake();

        assertThat(postWhilePolling(sid, "")).isEqualTo("1");

        assertClosedWith(sid, CloseReason.PARSE_ERROR, "");
    }

    @Test
    void clientPingOverPollingIsTheWrongHeartbeatDirectionAndClosesTheSession() {
        String sid = echo.handshake();

        assertThat(postWhilePolling(sid, "2")).isEqualTo("1");

        assertClosedWith(sid, CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction");
    }

    @Test
    void postOverMaxHttpBufferSizeIs413WithAnEmptyBodyAndTheSessionStaysOpen() {
        String sid = echo.handshake();

        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("POST", "/engine.io/?" + polling(sid),
                    "4" + "x".repeat(LIMIT), "Content-Type: text/plain;charset=UTF-8"));
            assertThat(res.head()).isEqualTo("HTTP/1.1 413 Request Entity Too Large\r\n"
                    + "content-length: 0\r\n\r\n");
            assertThat(res.body()).isEmpty();
            // The connection stays usable: the rest of the body was skipped, not parsed as a request.
            RawResponse next = raw.exchange(RawHttp.request("POST", "/engine.io/?" + polling(sid),
                    "4" + "y".repeat(LIMIT - 1), "Content-Type: text/plain;charset=UTF-8"));
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.bodyText()).isEqualTo("ok");
        }

        echo.assertOpen(sid);
        HttpResponse<String> poll = echo.get(polling(sid));
        assertThat(poll.body()).isEqualTo("4" + "y".repeat(LIMIT - 1));
        echo.assertEchoes(sid, "still here");
        echo.closeSession(sid);
    }

    @Test
    void postOfExactlyMaxHttpBufferSizeIsAccepted() {
        String sid = echo.handshake();
        String payload = "4" + "é".repeat((LIMIT - 1) / 2);
        assertThat(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(LIMIT - 1);

        assertThat(postWhilePolling(sid, payload + "z")).isEqualTo(payload + "z");

        echo.closeSession(sid);
    }

    @Test
    void octetStreamPostIs400WithAnEmptyBodyAndClosesTheSession() {
        String sid = echo.handshake();

        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("POST", "/engine.io/?" + polling(sid), "4hi",
                    "Content-Type: application/octet-stream"));
            assertThat(res.head()).isEqualTo("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        }

        assertClosedWith(sid, CloseReason.TRANSPORT_ERROR, "invalid content");
    }

    @Test
    void otherContentTypesAreReadAsText() {
        String sid = echo.handshake();

        HttpResponse<String> res = echo.post(polling(sid), "4json?", "Content-Type", "application/json");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(echo.get(polling(sid)).body()).isEqualTo("4json?");

        echo.closeSession(sid);
    }

    @Test
    void secondGetWhileOneIsPendingIs400AndTheFirstGetsClose() {
        String sid = echo.handshake();
        CompletableFuture<HttpResponse<String>> first = echo.getAsync(polling(sid));
        echo.awaitPollPending(sid);

        HttpResponse<String> second = echo.get(polling(sid));

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).isEmpty();
        assertThat(first.join().body()).isEqualTo("1");
        assertClosedWith(sid, CloseReason.TRANSPORT_ERROR, "overlap from client");
    }

    @Test
    void secondPostWhileOneIsUnderWayIs400AndClosesTheSession() {
        String sid = echo.handshake();
        try (RawHttp slow = RawHttp.connect(echo.port())) {
            // The head first: the POST is under way until its body arrives. The interim 100
            // response is written on the one loop just before the request reaches the session.
            RawResponse interim = slow.exchange("POST /engine.io/?" + polling(sid) + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            assertThat(interim.head()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            slow.send("4sl");

            HttpResponse<String> second = echo.post(polling(sid), "4fast");

            assertThat(second.statusCode()).isEqualTo(400);
            assertThat(second.body()).isEmpty();
            assertClosedWith(sid, CloseReason.TRANSPORT_ERROR, "data request overlap from client");
            // The first POST cannot be delivered any more: it is refused at once, body unread.
            RawResponse first = slow.read();
            assertThat(first.head()).isEqualTo("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
            // The rest of its body is skipped, and the connection serves the next request.
            slow.send("ow");
            RawResponse next = slow.exchange(RawHttp.request("GET", "/engine.io/?" + polling(sid), null));
            assertThat(next.status()).isEqualTo(400);
            assertThat(next.bodyText()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        }
    }

    @Test
    void clientThatVanishesDuringAPollClosesTheSession() {
        String sid = echo.handshake();
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            raw.send(RawHttp.request("GET", "/engine.io/?" + polling(sid), null));
            echo.awaitPollPending(sid);
        }

        assertClosedWith(sid, CloseReason.TRANSPORT_ERROR, "poll connection closed prematurely");
    }

    @Test
    void clientThatResetsDuringAPollClosesTheSession() {
        String sid = echo.handshake();
        RawHttp raw = RawHttp.connect(echo.port());
        raw.send(RawHttp.request("GET", "/engine.io/?" + polling(sid), null));
        echo.awaitPollPending(sid);

        raw.reset();

        assertClosedWith(sid, CloseReason.TRANSPORT_ERROR, "poll connection closed prematurely");
    }

    @Test
    void clientThatVanishesMidPostClosesTheSession() {
        String sid = echo.handshake();
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            raw.send("POST /engine.io/?" + polling(sid) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: 50\r\n\r\n4partial");
        }

        assertClosedWith(sid, CloseReason.TRANSPORT_ERROR, "data request connection closed prematurely");
    }

    @Test
    void otherMethodWithASidIs500AndLeavesTheSessionAlone() {
        String sid = echo.handshake();

        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("PUT", "/engine.io/?" + polling(sid), "4x"));
            assertThat(res.head()).isEqualTo("HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n");
        }

        echo.assertOpen(sid);
        echo.assertEchoes(sid, "after put");
        echo.closeSession(sid);
    }
}
