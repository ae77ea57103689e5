package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static dev.switchboard.engineio.internal.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import dev.switchboard.engineio.spi.FakeWebSocketConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session that ends while a WebSocket probe is pending closes the probe at once, for every cause:
 * client close over polling, ping timeout, the engine's close, and a server-side close while the
 * client still polls (probe not answered yet, or a poll waiting for the close packet). One case
 * waits, by design: a server close after the probe was answered and no poll is left, where the
 * official clients have paused polling and send {@code 5} next; the probe then closes right after
 * that upgrade. The upgrade timeout is set far beyond the test's deadline, so a probe left to that
 * timer fails the test.
 */
class EngineSessionCloseDuringUpgradeTest {

    /** How long the probe may stay open after the session ends; far below the upgrade timeout. */
    private static final long PROMPT_MS = 1_000;

    private final EngineFixture fx = new EngineFixture(EngineIoOptions.builder()
            .upgradeTimeout(Duration.ofSeconds(60))
            .pingInterval(Duration.ofSeconds(25))
            .pingTimeout(Duration.ofSeconds(20))
            .build());

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Opens a probe WebSocket for {@code sid}, its listener set, nothing sent over it yet. */
    private FakeWebSocketConnection openProbe(String sid) {
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        assertThat(up.awaitAccepted()).isTrue();
        // Once the upgrade's task has run, the probe's listener is set by a task it queued: a
        // frame must not be held for it, or a close queued behind the frame would overtake it.
        fx.settle();
        fx.settle();
        assertThat(up.connection().hasListener()).isTrue();
        assertThat(fx.onLoop(fx.session(sid)::upgrading)).isTrue();
        return up.connection();
    }

    /** Opens a probe for {@code sid} and has it answered with {@code 3probe}. */
    private FakeWebSocketConnection probe(String sid) {
        FakeWebSocketConnection ws = openProbe(sid);
        ws.receiveText("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        return ws;
    }

    /** Asserts that the server closed the probe within {@link #PROMPT_MS}, leaving no upgrade timer. */
    private void assertProbeClosedPromptly(EngineSession s, FakeWebSocketConnection ws) {
        try {
            assertThat(ws.closedByServer().get(PROMPT_MS, TimeUnit.MILLISECONDS)).isEqualTo(-1);
        } catch (TimeoutException e) {
            throw new AssertionError("the probe was still open " + PROMPT_MS + " ms after the session ended", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(fx.onLoop(s::upgrading)).isFalse();
        assertThat(fx.onLoop(s::upgradeTimersScheduled)).isFalse();
    }

    @Test
    void serverCloseWithAPendingPollClosesTheProbeAndAnswersThePollWithClose() {
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        FakeHttpExchange poll = fx.poll(sid);
        FakeWebSocketConnection ws = openProbe(sid);
        // The probe's noop would release the waiting poll after this turn; the close comes within
        // the turn that read the probe, so it runs first and the poll carries the close packet.
        fx.loop.execute(() -> {
            ws.readNow("2probe");
            s.close();
        });
        assertThat(ws.nextText()).isEqualTo("3probe");
        assertProbeClosedPromptly(s, ws);
        assertThat(poll.response().text()).isEqualTo("1");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void serverCloseBeforeTheProbeIsAnsweredClosesItAtOnceAndTheNextPollGetsClose() {
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        FakeWebSocketConnection ws = openProbe(sid);
        s.close();
        assertProbeClosedPromptly(s, ws);
        // The client still polls and learns of the close there.
        assertThat(fx.poll(sid).response().text()).isEqualTo("6\u001e1");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    /**
     * Answered, with no poll left to answer: an official client (JS or Java) has paused polling
     * and sends {@code 5} next over the probe, and would never poll again if the probe closed
     * under it. So the close waits for that upgrade and then closes the new transport at once.
     */
    @Test
    void serverCloseAfterTheLastPollWasAnsweredClosesTheProbeRightAfterTheUpgrade() {
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        FakeHttpExchange poll = fx.poll(sid);
        FakeWebSocketConnection ws = openProbe(sid);
        // In the turn that read the probe, before its noop: the last words go out on the waiting
        // poll, the close after them.
        fx.loop.execute(() -> {
            ws.readNow("2probe");
            s.send("last words");
            s.close();
        });
        assertThat(ws.nextText()).isEqualTo("3probe");
        assertThat(poll.response().text()).isEqualTo("4last words");
        assertThat(ws.isClosed()).isFalse();
        ws.receiveText("5");
        assertProbeClosedPromptly(s, ws);
        assertThat(fx.onLoop(s::upgraded)).isTrue();
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void engineCloseClosesTheProbe() {
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        FakeWebSocketConnection ws = probe(sid);
        await(fx.core.close());
        assertProbeClosedPromptly(s, ws);
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void clientCloseOverPollingClosesTheProbe() {
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        FakeWebSocketConnection ws = probe(sid);
        assertThat(fx.send(sid, "1").text()).isEqualTo("ok");
        assertProbeClosedPromptly(s, ws);
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void pingTimeoutClosesTheProbe() {
        try (EngineFixture quick = new EngineFixture(EngineIoOptions.builder()
                .upgradeTimeout(Duration.ofSeconds(60))
                .pingInterval(Duration.ofMillis(100))
                .pingTimeout(Duration.ofMillis(100))
                .build())) {
            String sid = quick.handshake();
            EngineSession s = quick.session(sid);
            FakeWebSocketConnection ws = quick.upgrade(WEBSOCKET + "&sid=" + sid).connection();
            ws.receiveText("2probe");
            assertThat(ws.nextText()).isEqualTo("3probe");
            // No pong ever comes: the session ends by ping timeout with the probe still pending.
            assertThat(quick.events(sid).awaitClose().reason()).isEqualTo(CloseReason.PING_TIMEOUT);
            try {
                assertThat(ws.closedByServer().get(PROMPT_MS, TimeUnit.MILLISECONDS)).isEqualTo(-1);
            } catch (Exception e) {
                throw new AssertionError("the probe outlived its session's ping timeout", e);
            }
            assertThat(quick.onLoop(s::upgrading)).isFalse();
            assertThat(quick.onLoop(s::upgradeTimersScheduled)).isFalse();
        }
    }

    @Test
    void probeFramesAfterTheCloseFindNothingToActOn() {
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        FakeWebSocketConnection ws = openProbe(sid);
        s.close();
        assertProbeClosedPromptly(s, ws);
        ws.receiveText("2probe");
        ws.receiveText("5");
        fx.settle();
        assertThat(ws.drainFrames()).isEmpty();
        assertThat(fx.onLoop(s::upgraded)).isFalse();
        assertThat(fx.events(sid).upgraded).isNotDone();
    }
}
