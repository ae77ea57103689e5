package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import org.junit.jupiter.api.Test;

/** {@link EngineChannelHandler}'s clocks: request heads and bodies that take too long, idle keep-alive connections. */
class EngineChannelHandlerIdleTest extends EngineChannelHarness {

    // ---- idle connections ----------------------------------------------------------------------

    private static void advance(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    /** Moves the clock of a {@link #newFrozenChannel()} channel. */
    private void advanceFrozen(EmbeddedChannel ch, long millis) {
        ticker.advanceMillis(millis);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    @Test
    void connectionThatSendsNoRequestIs408AfterSixtySeconds() {
        EmbeddedChannel ch = newFrozenChannel();

        advanceFrozen(ch, 59_999);
        assertThat(ch.isOpen()).isTrue();
        advanceFrozen(ch, 1);

        assertThat(readAll(ch)).isEqualTo(REQUEST_TIMEOUT);
        assertThat(ch.isOpen()).isFalse();
    }

    private static final String REQUEST_TIMEOUT = "HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n\r\n";

    @Test
    void headTrickledAByteAtATimeIs408SixtySecondsAfterItsFirstByte() {
        EmbeddedChannel ch = newFrozenChannel();
        String head = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX-Slow: ";

        advanceFrozen(ch, 10_000);
        for (int i = 0; i < 49; i++) {
            write(ch, head.substring(i, i + 1));
            advanceFrozen(ch, 1_000);
        }
        assertThat(ch.isOpen()).isTrue();
        advanceFrozen(ch, 10_000);

        assertThat(readAll(ch)).isEqualTo(REQUEST_TIMEOUT);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void headStartedAfterAKeepAliveResponseHasSixtySecondsFromItsFirstByte() {
        channel.freezeTime();
        String sid = handshake();
        advance(channel, 4_000);

        write(channel, "GET " + polling(sid));
        for (int i = 0; i < 59; i++) {
            write(channel, "x");
            advance(channel, 1_000);
        }
        assertThat(channel.isOpen()).isTrue();
        advance(channel, 1_000);

        assertThat(readAll(channel)).isEqualTo(REQUEST_TIMEOUT);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void bodyStillArrivingWhenTheRequestTimeoutEndsIs408AndTheSessionLosesThePost() {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpServerCodec(),
                new EngineChannelHandler(engine, HttpFallback.NOT_FOUND,
                        EngineChannelHandler.decoderConfig(engine.options()), new HttpTimeouts(2_000, 5_000, 1_000)));
        ch.freezeTime();
        assertThat(exchange(ch, get("/engine.io/?EIO=4&transport=polling"))).isEqualTo(OPEN_RESPONSE);
        write(ch, "POST " + polling(SID) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n4");
        for (int i = 0; i < 9; i++) {
            advance(ch, 500);
            write(ch, "a");
        }
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 500);

        assertThat(readAll(ch)).isEqualTo(REQUEST_TIMEOUT);
        assertThat(ch.isOpen()).isFalse();
        assertThat(closes).containsExactly(SID + " transport error data request connection closed prematurely");
    }

    @Test
    void keepAliveConnectionIdleForFiveSecondsAfterAResponseIsClosed() {
        channel.freezeTime();
        handshake();

        advance(channel, 4_999);
        assertThat(channel.isOpen()).isTrue();
        advance(channel, 1);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void bytesOfANewRequestEndTheKeepAliveWaitAndStartTheHeadsOwnClock() {
        channel.freezeTime();
        String sid = handshake();
        advance(channel, 4_000);

        write(channel, "GET " + polling(sid) + " HTTP/1.1\r\n");
        advance(channel, 4_000);
        assertThat(channel.isOpen()).isTrue();
        write(channel, "Host: x\r\n\r\n");

        // A poll is pending now: the connection is in use however long it waits (here until
        // just before the first ping, 25 s after the handshake).
        advance(channel, 16_000);
        assertThat(channel.isOpen()).isTrue();
        assertThat(readAll(channel)).isEmpty();
        engine.close();
        assertThat(readAll(channel)).isEqualTo(okPoll("1"));
    }

    @Test
    void requestWhoseBodyIsStillArrivingIsNotIdle() {
        channel.freezeTime();
        String sid = handshake();
        write(channel, "POST " + polling(sid) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n4a");

        advance(channel, 20_000);

        assertThat(channel.isOpen()).isTrue();
        assertThat(exchange("bcd")).isEqualTo(OK);
    }

    @Test
    void webSocketConnectionIsNeverClosedForIdleness() {
        channel.freezeTime();
        write(channel, "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + "\r\n");
        assertThat(readAllBytes(channel)).isNotEmpty();

        advance(channel, 20_000);

        assertThat(channel.isOpen()).isTrue();
        engine.close();
        assertThat(readAllBytes(channel)).containsExactly(0x88, 0x00);
    }
}
