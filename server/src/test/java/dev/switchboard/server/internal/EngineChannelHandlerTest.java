package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import org.junit.jupiter.api.Test;

/**
 * {@link EngineChannelHandler} over plain HTTP: routing, decoder failures, bodies, keep-alive and
 * pipelining, and connections that close before the engine answered.
 */
class EngineChannelHandlerTest extends EngineChannelHarness {

    // ---- routing -------------------------------------------------------------------------------

    @Test
    void handshakeUnderThePathIsAnsweredWithTheOpenPacket() {
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
        assertThat(channel.isOpen()).isTrue();
        assertThat(engine.clientsCount()).isEqualTo(1);
    }

    @Test
    void anyTargetStartingWithThePathIsServed() {
        assertThat(exchange(get("/engine.io/anything/else?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
    }

    @Test
    void pathWithoutItsTrailingSlashIsNotServed() {
        assertThat(exchange(get("/engine.io?EIO=4&transport=polling"))).isEqualTo(NOT_FOUND);
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void otherPathsGet404AndTheConnectionStaysOpen() {
        assertThat(exchange(get("/"))).isEqualTo(NOT_FOUND);
        assertThat(exchange(get("/socket.io/?EIO=4&transport=polling"))).isEqualTo(NOT_FOUND);
        assertThat(exchange(get("/ENGINE.IO/?EIO=4&transport=polling"))).isEqualTo(NOT_FOUND);
        assertThat(exchange(request("POST", "/other", "some body"))).isEqualTo(NOT_FOUND);
        assertThat(channel.isOpen()).isTrue();
        // The skipped body was not taken for the next request.
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
    }

    @Test
    void engineRefusalsReachTheClientAsJson() {
        String body = "{\"code\":0,\"message\":\"Transport unknown\"}";
        assertThat(exchange(get("/engine.io/?EIO=4&transport=bogus"))).isEqualTo("HTTP/1.1 400 Bad Request\r\n"
                + "Content-Type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body);
    }

    @Test
    void headRequestIsAnsweredWithoutABodyAndTheConnectionGoesOn() {
        String body = "{\"code\":2,\"message\":\"Bad handshake method\"}";
        assertThat(exchange(request("HEAD", "/engine.io/?EIO=4&transport=polling", null)))
                .isEqualTo("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\ncontent-length: "
                        + body.length() + "\r\n\r\n");
        assertThat(exchange(request("HEAD", "/favicon.ico", null)))
                .isEqualTo("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain; charset=UTF-8\r\n"
                        + "content-length: 9\r\n\r\n");
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
    }

    // ---- decoder failures ----------------------------------------------------------------------

    /** As Node's HTTP server answers a request its parser rejects: status, Connection: close, no body. */
    @Test
    void malformedRequestLineIs400AndTheConnectionCloses() {
        assertThat(exchange("G@T /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n"))
                .isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void versionNodeDoesNotKnowIs400AndTheConnectionClosesRatherThanAnAnswerInThatVersion() {
        // Found by PipelineFuzzTest: a bit flip in the version got "HTTP/3.1 400 Bad Request" back.
        assertThat(exchange("GET /engine.io/?EIO=4&transport=polling HTTP/3.1\r\nHost: x\r\n\r\n"))
                .isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void versionWithAnotherProtocolNameOrMinorIs400AndTheConnectionCloses() {
        for (String version : new String[] {"FOO/1.1", "HTTP/1.2"}) {
            EmbeddedChannel ch = newChannel();
            assertThat(exchange(ch, "GET /engine.io/?EIO=4&transport=polling " + version + "\r\nHost: x\r\n\r\n"))
                    .as(version).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
            assertThat(ch.isOpen()).as(version).isFalse();
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void http20RequestLineIsAnsweredAsHttp10AsNodeDoes() {
        String response = exchange("GET /engine.io/?EIO=4&transport=polling HTTP/2.0\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.0 200 OK\r\n").endsWith(OPEN);
        assertThat(channel.isOpen()).as("one request, as HTTP/1.0 without keep-alive").isFalse();
        engine.clients().forEach(s -> s.close());
        channel.runPendingTasks();
    }

    @Test
    void oversizedHeaderIs431AndTheConnectionCloses() {
        // The codec here has Netty's default 8 KB header limit; NettyServer sets Node's 16 KB.
        String response = exchange(get("/engine.io/?EIO=4&transport=polling", "X-Big: " + "a".repeat(9000)));
        assertThat(response).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void invalidChunkInAPostBodyIs400AndClosesTheSession() {
        String sid = handshake();

        String response = exchange("POST " + polling(sid) + " HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\n4hi\r\nzz\r\n");

        // The half-read body is not delivered: the request as a whole is bad.
        assertThat(response).isEqualTo("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(closes).containsExactly(sid + " transport error data request connection closed prematurely");
    }

    // ---- bodies --------------------------------------------------------------------------------

    @Test
    void chunkedBodyIsAssembledFromCopiesOfEveryChunk() {
        String sid = handshake();
        write(channel, "POST " + polling(sid) + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        write(channel, "3\r\n4he\r\n");
        write(channel, "4\r\nllo\u001e\r\n");
        assertThat(readAll(channel)).isEmpty();

        assertThat(exchange("3\r\n4!!\r\n0\r\n\r\n")).isEqualTo(OK);

        assertThat(exchange(get(polling(sid)))).isEqualTo(okPoll("4hello\u001e4!!"));
    }

    @Test
    void bodyOverMaxHttpBufferSizeIs413AndTheRestOfItIsSkipped() {
        String sid = handshake();

        assertThat(exchange(request("POST", polling(sid), "4" + "x".repeat(20))))
                .isEqualTo("HTTP/1.1 413 Request Entity Too Large\r\ncontent-length: 0\r\n\r\n");
        assertThat(channel.isOpen()).isTrue();

        assertThat(exchange(request("POST", polling(sid), "4" + "y".repeat(19)))).isEqualTo(OK);
        assertThat(exchange(get(polling(sid)))).isEqualTo(okPoll("4" + "y".repeat(19)));
        assertThat(closes).isEmpty();
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        String sid = handshake();
        write(channel, "POST " + polling(sid) + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        write(channel, "10\r\n4" + "x".repeat(15) + "\r\n");
        write(channel, "10\r\n" + "x".repeat(16) + "\r\n");

        assertThat(exchange("0\r\n\r\n")).isEqualTo("HTTP/1.1 413 Request Entity Too Large\r\ncontent-length: 0\r\n\r\n");
        assertThat(closes).isEmpty();
    }

    // ---- connection management -----------------------------------------------------------------

    @Test
    void keepAliveConnectionServesSeveralRequests() {
        String sid = handshake();
        assertThat(exchange(request("POST", polling(sid), "4a"))).isEqualTo(OK);
        assertThat(exchange(get(polling(sid)))).isEqualTo(okPoll("4a"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void connectionCloseIsHonouredAfterTheResponse() {
        assertThat(exchange(get("/engine.io/?EIO=4&transport=polling", "Connection: close")))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                        + "content-length: " + OPEN.length() + "\r\nconnection: close\r\n\r\n" + OPEN);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void connectionCloseIsHonouredOnA404() {
        assertThat(exchange(get("/nothing", "Connection: close")))
                .isEqualTo("HTTP/1.1 404 Not Found\r\ncontent-type: text/plain; charset=UTF-8\r\n"
                        + "content-length: 9\r\nconnection: close\r\n\r\nNot Found");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void http10RequestIsAnsweredAndClosed() {
        assertThat(exchange("GET /engine.io/?EIO=4&transport=polling HTTP/1.0\r\n\r\n"))
                .isEqualTo("HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                        + "content-length: " + OPEN.length() + "\r\nconnection: close\r\n\r\n" + OPEN);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void http10KeepAliveRequestIsAnsweredWithKeepAlive() {
        assertThat(exchange("GET /engine.io/?EIO=4&transport=polling HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"))
                .isEqualTo("HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                        + "content-length: " + OPEN.length() + "\r\nconnection: keep-alive\r\n\r\n" + OPEN);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void clientClosingDuringAPollClosesTheSession() {
        String sid = handshake();
        assertThat(exchange(get(polling(sid)))).isEmpty();

        channel.close();
        channel.runPendingTasks();

        assertThat(closes).containsExactly(sid + " transport error poll connection closed prematurely");
    }

    @Test
    void pipelinedRequestIsHandledAtOnceButAnsweredAfterTheOneBeforeIt() {
        String sid = handshake();
        // A poll that waits, then a POST on the same connection: its pong is handled at once, its
        // answer waits for the poll's.
        write(channel, get(polling(sid)) + request("POST", polling(sid), "3") + get("/elsewhere"));
        assertThat(readAll(channel)).isEmpty();

        EmbeddedChannel other = newChannel();
        assertThat(exchange(other, request("POST", polling(sid), "4release"))).isEqualTo(OK);

        assertThat(readAll(channel)).isEqualTo(okPoll("4release") + OK + NOT_FOUND);
        assertThat(other.finishAndReleaseAll()).isFalse();
    }

    @Test
    void pipelinedMessageReleasesThePollBeforeIt() {
        String sid = handshake();
        write(channel, get(polling(sid)) + request("POST", polling(sid), "4pipelined"));

        assertThat(readAll(channel)).isEqualTo(okPoll("4pipelined") + OK);
    }

    @Test
    void closingWithPipelinedRequestsPendingAbortsEveryOne() {
        String sid = handshake();
        EmbeddedChannel other = newChannel();
        write(other, get(polling(sid)) + get("/engine.io/?EIO=4&transport=polling"));

        other.close();
        other.runPendingTasks();

        assertThat(closes).containsExactly(sid + " transport error poll connection closed prematurely");
        assertThat(readAll(other)).isEmpty();
        assertThat(other.finishAndReleaseAll()).isFalse();
    }

    @Test
    void sessionAllowedAfterItsConnectionClosedEndsAtOnce() {
        java.util.concurrent.CompletableFuture<dev.switchboard.engineio.AllowRequest.Verdict> verdict =
                new java.util.concurrent.CompletableFuture<>();
        EngineIoServer slow = EngineIoServer.create(EngineIoOptions.builder().allowRequest(req -> verdict).build());
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(slow, HttpFallback.NOT_FOUND));
        write(ch, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        ch.close();
        ch.runPendingTasks();

        verdict.complete(dev.switchboard.engineio.AllowRequest.Verdict.allow());
        ch.runPendingTasks();

        // Nobody can ever use the session: it must not wait for a heartbeat to time out.
        assertThat(slow.clientsCount()).isZero();
        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void pollingSessionAllowedAfterItsConnectionClosedEndsAtOnce() {
        java.util.concurrent.CompletableFuture<dev.switchboard.engineio.AllowRequest.Verdict> verdict =
                new java.util.concurrent.CompletableFuture<>();
        EngineIoServer slow = EngineIoServer.create(EngineIoOptions.builder().allowRequest(req -> verdict).build());
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(), new EngineChannelHandler(slow, HttpFallback.NOT_FOUND));
        write(ch, get("/engine.io/?EIO=4&transport=polling"));
        ch.close();
        ch.runPendingTasks();

        verdict.complete(dev.switchboard.engineio.AllowRequest.Verdict.allow());
        ch.runPendingTasks();

        assertThat(slow.clientsCount()).isZero();
        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void closeTracksNothingForAnUnusedConnection() {
        EmbeddedChannel ch = newChannel();
        ch.close();
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(closes).isEmpty();
    }
}
