package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection clock on a loop whose time the test moves: which deadline fires, and when. */
class HttpClockTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> fired = new ArrayList<>();
    private final HttpClock clock = new HttpClock(new HttpTimeouts(60_000, 300_000, 5_000)) {
        @Override
        void requestTimedOut() {
            fired.add("request");
        }

        @Override
        void idleTimedOut() {
            fired.add("idle");
        }
    };

    HttpClockTest() {
        channel.freezeTime();
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
    }

    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void theFirstHeadIsTimedFromTheOpeningAndBytesDoNotMoveItsDeadline() {
        clock.opened(channel.eventLoop());
        for (int i = 0; i < 59; i++) {
            advance(1_000);
            clock.readComplete(false);
        }
        advance(999);
        assertThat(fired).isEmpty();
        advance(1);
        assertThat(fired).containsExactly("request");
    }

    @Test
    void aBodyHasRequestTimeoutFromTheRequestsFirstByte() {
        clock.opened(channel.eventLoop());
        advance(10_000);
        clock.headRead();
        clock.readComplete(true);
        for (int i = 0; i < 289; i++) {
            advance(1_000);
            clock.readComplete(true);
        }
        advance(999);
        assertThat(fired).isEmpty();
        advance(1);
        assertThat(fired).containsExactly("request");
    }

    @Test
    void aHeadReadInOneGoBeginsItsRequestThen() {
        clock.opened(channel.eventLoop());
        clock.headRead();
        clock.requestRead();
        clock.idle();
        clock.readComplete(false);
        advance(4_000);
        clock.headRead();
        clock.readComplete(true);
        advance(299_999);
        assertThat(fired).isEmpty();
        advance(1);
        assertThat(fired).containsExactly("request");
    }

    @Test
    void anIdleConnectionGetsKeepAliveTimeoutAfterItsResponse() {
        clock.opened(channel.eventLoop());
        clock.headRead();
        clock.readComplete(false);
        clock.requestRead();
        clock.idle();
        advance(4_999);
        assertThat(fired).isEmpty();
        advance(1);
        assertThat(fired).containsExactly("idle");
    }

    @Test
    void bytesAfterTheResponseEndTheKeepAliveWaitAndStartANewHeadsClock() {
        clock.opened(channel.eventLoop());
        // One read: a whole bodiless request, answered at once.
        clock.headRead();
        clock.requestRead();
        clock.idle();
        clock.readComplete(false);
        advance(4_000);
        clock.readComplete(false);
        advance(2_000);
        assertThat(fired).isEmpty();
        advance(58_000);
        assertThat(fired).containsExactly("request");
    }

    @Test
    void aCancelledClockNeverFires() {
        clock.opened(channel.eventLoop());
        clock.cancel();
        advance(600_000);
        assertThat(fired).isEmpty();
    }
}
