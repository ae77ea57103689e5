package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.POLLING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeHttpExchange.Response;
import dev.switchboard.engineio.internal.EngineFixture.Closed;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PollingTransportTest {

    private EngineFixture fx;
    private String sid;

    @BeforeEach
    void open() {
        fx = new EngineFixture(EngineIoOptions.builder().maxHttpBufferSize(100).build());
        sid = fx.handshake();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private List<Packet.Message> received() {
        List<Packet.Message> out = new ArrayList<>();
        fx.events(sid).messages.drainTo(out);
        return out;
    }

    private void assertSessionGone() {
        Response r = fx.poll(sid).response();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(fx.core.clientsCount()).isZero();
    }

    // ---- GET -----------------------------------------------------------------------------------

    @Test
    void pollIsHeldUntilSomethingIsSent() {
        FakeHttpExchange poll = fx.poll(sid);
        fx.settle();
        assertThat(poll.answered()).isFalse();
        assertThat(fx.session(sid).isWritable()).isTrue();
        fx.session(sid).send("hello");
        Response r = poll.response();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("4hello");
        assertThat(r.headerLines()).containsExactly("Content-Type: text/plain; charset=UTF-8", "cache-control: no-store");
        assertThat(fx.session(sid).isWritable()).isFalse();
    }

    @Test
    void packetsSentBetweenPollsAreBatchedWithTheRecordSeparator() {
        EngineSession s = fx.session(sid);
        s.send("a");
        s.send("b");
        assertThat(fx.poll(sid).response().text()).isEqualTo("4a\u001e4b");
    }

    @Test
    void binaryGoesOutAsBAndBase64() {
        EngineSession s = fx.session(sid);
        s.send("hello");
        s.send(new byte[] {1, 2, 3, 4});
        assertThat(fx.poll(sid).response().text()).isEqualTo("4hello\u001ebAQIDBA==");
    }

    @Test
    void unicodeTextIsSentAsUtf8() {
        fx.session(sid).send("\u00e9\u20ac\uD83D\uDE00");
        Response r = fx.poll(sid).response();
        assertThat(r.body()).containsExactly(0x34, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80);
    }

    @Test
    void messagesSentTogetherAreNeverSplit() {
        FakeHttpExchange poll = fx.poll(sid);
        fx.session(sid).send(List.of(Packet.text("451-[\"e\",{\"_placeholder\":true,\"num\":0}]"),
                Packet.binary(new byte[] {1})));
        assertThat(poll.response().text())
                .isEqualTo("4451-[\"e\",{\"_placeholder\":true,\"num\":0}]\u001ebAQ==");
    }

    @Test
    void overlappingPollsCloseTheSession() {
        FakeHttpExchange first = fx.poll(sid);
        fx.settle();
        FakeHttpExchange second = fx.poll(sid);
        Response r2 = second.response();
        assertThat(r2.status()).isEqualTo(400);
        assertThat(r2.body()).isEmpty();
        assertThat(first.response().text()).isEqualTo("1");
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("overlap from client");
        assertSessionGone();
    }

    @Test
    void abortedPollClosesTheSession() {
        FakeHttpExchange poll = fx.poll(sid);
        fx.settle();
        poll.abort();
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("poll connection closed prematurely");
        assertThat(poll.answered()).isFalse();
        assertSessionGone();
    }

    @Test
    void pollAbortedAfterItsAnswerChangesNothing() {
        FakeHttpExchange poll = fx.poll(sid);
        fx.session(sid).send("x");
        poll.response();
        poll.abort();
        fx.settle();
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    // ---- POST ----------------------------------------------------------------------------------

    @Test
    void postIsAnsweredOkAfterItsPacketsAreDispatched() {
        Response r = fx.send(sid, "4a\u001e4b\u001ebAQID");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("ok");
        assertThat(r.headerLines()).containsExactly("Content-Type: text/html", "cache-control: no-store");
        // Dispatch happens before the answer: no waiting needed.
        assertThat(received()).containsExactly(Packet.text("a"), Packet.text("b"),
                Packet.binary(new byte[] {1, 2, 3}));
    }

    @Test
    void postBodyIsReadAsTextWhateverItsContentType() {
        Response r = fx.post(POLLING + "&sid=" + sid, "4a", "Content-Type", "text/plain;charset=UTF-8").response();
        assertThat(r.text()).isEqualTo("ok");
        assertThat(received()).containsExactly(Packet.text("a"));
    }

    @Test
    void octetStreamPostIsRefusedAndClosesTheSession() {
        Response r = fx.post(POLLING + "&sid=" + sid, "4a", "Content-Type", "application/octet-stream").response();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEmpty();
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("invalid content");
        assertThat(received()).isEmpty();
        assertSessionGone();
    }

    @Test
    void tooLargePostIs413AndKeepsTheSessionOpen() {
        FakeHttpExchange post = fx.handle(FakeHttpExchange.postLater(fx.loop, fx.path() + "?" + POLLING + "&sid=" + sid));
        post.awaitBodyRequested();
        post.completeTooLarge();
        Response r = post.response();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).isEmpty();
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
        // The next POST is not an overlap.
        assertThat(fx.send(sid, "4after").text()).isEqualTo("ok");
        assertThat(received()).containsExactly(Packet.text("after"));
    }

    @Test
    void overlappingPostsCloseTheSession() {
        FakeHttpExchange first = fx.handle(FakeHttpExchange.postLater(fx.loop, fx.path() + "?" + POLLING + "&sid=" + sid));
        first.awaitBodyRequested();
        Response r2 = fx.post(POLLING + "&sid=" + sid, "4second").response();
        assertThat(r2.status()).isEqualTo(400);
        assertThat(r2.body()).isEmpty();
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("data request overlap from client");
        // The first POST can no longer be delivered anywhere.
        Response r1 = first.response();
        assertThat(r1.status()).isEqualTo(400);
        first.completeBody("4first");
        fx.settle();
        assertThat(received()).isEmpty();
        assertThat(first.respondCalls()).isEqualTo(1);
    }

    @Test
    void abortedPostClosesTheSession() {
        FakeHttpExchange post = fx.handle(FakeHttpExchange.postLater(fx.loop, fx.path() + "?" + POLLING + "&sid=" + sid));
        post.awaitBodyRequested();
        post.abort();
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("data request connection closed prematurely");
        assertSessionGone();
    }

    @Test
    void otherMethodsWithAValidSidAre500AndLeaveTheSessionAlone() {
        for (String method : List.of("PUT", "DELETE", "OPTIONS")) {
            Response r = fx.handle(FakeHttpExchange.of(fx.loop, method, fx.path() + "?" + POLLING + "&sid=" + sid))
                    .response();
            assertThat(r.status()).as(method).isEqualTo(500);
            assertThat(r.body()).isEmpty();
        }
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(fx.errors).isEmpty();
    }

    // ---- close and errors from the client ------------------------------------------------------

    @Test
    void closePacketReleasesThePendingPollWithNoopAndClosesTheSession() {
        FakeHttpExchange poll = fx.poll(sid);
        fx.settle();
        Response ok = fx.send(sid, "1");
        assertThat(ok.text()).isEqualTo("ok");
        assertThat(poll.response().text()).isEqualTo("6");
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertSessionGone();
    }

    @Test
    void closePacketWithoutPendingPollClosesTheSession() {
        assertThat(fx.send(sid, "1").text()).isEqualTo("ok");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertSessionGone();
    }

    @Test
    void pollHandedOverJustAfterACloseWithNoPollWaitingStillGetsTheNoop() {
        assertThat(fx.send(sid, "1").text()).isEqualTo("ok");
        FakeHttpExchange late = fx.poll(sid);

        assertThat(late.response().status()).isEqualTo(200);
        assertThat(late.response().text()).isEqualTo("6");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertSessionGone();
    }

    @Test
    void postHandedOverJustAfterACloseIsRefusedAndNotDispatched() {
        assertThat(fx.send(sid, "1").text()).isEqualTo("ok");
        assertThat(fx.send(sid, "4late").status()).isEqualTo(400);

        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertThat(received()).isEmpty();
        assertSessionGone();
    }

    @Test
    void packetsAfterAClosePacketAreNotDispatched() {
        fx.send(sid, "4a\u001e1\u001e4b");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertThat(received()).containsExactly(Packet.text("a"));
    }

    @Test
    void payloadStopsAtTheFirstInvalidPacketAndClosesWithParseError() {
        Response r = fx.send(sid, "4a\u001ex\u001e4b");
        assertThat(r.text()).isEqualTo("ok");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.PARSE_ERROR);
        assertThat(received()).containsExactly(Packet.text("a"));
        assertSessionGone();
    }

    @Test
    void emptyPayloadIsAParseError() {
        fx.send(sid, "");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.PARSE_ERROR);
    }

    @Test
    void invalidBase64IsAParseError() {
        fx.send(sid, "4a\u001eb@@@");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.PARSE_ERROR);
        assertThat(received()).containsExactly(Packet.text("a"));
    }

    @Test
    void clientPingIsATransportError() {
        FakeHttpExchange poll = fx.poll(sid);
        fx.settle();
        fx.send(sid, "2");
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("invalid heartbeat direction");
        assertThat(poll.response().text()).isEqualTo("1");
    }

    @Test
    void meaninglessClientPacketsAreIgnored() {
        fx.send(sid, "6\u001e5\u001e0{}\u001e4still");
        assertThat(received()).containsExactly(Packet.text("still"));
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    // ---- threading -----------------------------------------------------------------------------

    @Test
    void requestsArrivingOnAnotherLoopAreHandledOnTheSessionLoop() throws Exception {
        DefaultEventExecutor other = new DefaultEventExecutor();
        try {
            FakeHttpExchange poll = fx.handle(FakeHttpExchange.get(other, fx.path() + "?" + POLLING + "&sid=" + sid));
            FakeHttpExchange post = fx.handle(FakeHttpExchange.post(other, fx.path() + "?" + POLLING + "&sid=" + sid,
                    "4from another loop"));
            assertThat(post.response().text()).isEqualTo("ok");
            assertThat(fx.events(sid).nextMessage()).isEqualTo(Packet.text("from another loop"));
            fx.session(sid).send("back");
            assertThat(poll.response().text()).isEqualTo("4back");
        } finally {
            other.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
