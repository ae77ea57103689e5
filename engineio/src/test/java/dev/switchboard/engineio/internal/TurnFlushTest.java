package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import dev.switchboard.engineio.spi.FakeWebSocketConnection;
import dev.switchboard.engineio.spi.FakeWebSocketConnection.Frame;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Packets sent to a session during one event-loop turn leave with one flush at its end, in order,
 * over WebSocket and in one poll response; a lone packet is not held past its turn.
 */
class TurnFlushTest {

    private EngineFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    /**
     * Opens a WebSocket session; its open packet has been flushed and taken.
     *
     * @param out receives the session's connection
     * @return the session
     */
    private EngineSession open(FakeWebSocketConnection[] out) {
        Set<String> before = fx.onLoop(() -> fx.core.clients().stream().map(c -> c.id()).collect(Collectors.toSet()));
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET);
        out[0] = up.connection();
        assertThat(out[0].nextText()).startsWith("0{\"sid\":\"");
        fx.settle();
        return fx.onLoop(() -> fx.core.clients().stream()
                .map(EngineSession.class::cast)
                .filter(c -> !before.contains(c.id()))
                .findFirst().orElseThrow());
    }

    @Test
    void packetsSentInOneTurnLeaveWithOneFlushInOrder() {
        fx = new EngineFixture();
        FakeWebSocketConnection[] ws = new FakeWebSocketConnection[1];
        EngineSession s = open(ws);
        int before = ws[0].flushes();
        fx.onLoop(() -> {
            s.send("a");
            s.send("b");
            s.send(List.of(Packet.text("c"), Packet.text("d")));
            return null;
        });
        fx.settle();
        assertThat(ws[0].flushes() - before).isEqualTo(1);
        assertThat(ws[0].drainFrames()).extracting(Frame::text).containsExactly("4a", "4b", "4c", "4d");
    }

    @Test
    void packetsFlushedAtTheEndOfTheTurnAreCountedOnceItIsOver() {
        fx = new EngineFixture();
        FakeWebSocketConnection[] a = new FakeWebSocketConnection[1];
        FakeWebSocketConnection[] b = new FakeWebSocketConnection[1];
        EngineSession sa = open(a);
        EngineSession sb = open(b);
        long packets = fx.core.stats().packetsOut();
        long bytes = fx.core.stats().bytesOut();
        fx.onLoop(() -> {
            sa.send("abc");
            sb.send("abc");
            sb.send("de");
            return null;
        });
        fx.settle();
        assertThat(fx.core.stats().packetsOut() - packets).isEqualTo(3);
        assertThat(fx.core.stats().bytesOut() - bytes).isEqualTo(8);
    }

    @Test
    void aListSentToSeveralSessionsStaysEachOnesWhenOneIsSentMore() {
        fx = new EngineFixture();
        FakeWebSocketConnection[] a = new FakeWebSocketConnection[1];
        FakeWebSocketConnection[] b = new FakeWebSocketConnection[1];
        EngineSession sa = open(a);
        EngineSession sb = open(b);
        List<Packet.Message> broadcast = List.of(Packet.text("x"), Packet.text("y"));
        fx.onLoop(() -> {
            sa.send(broadcast);
            sb.send(broadcast);
            sa.send("z");
            sb.send(List.of(Packet.text("w"), Packet.text("v")));
            return null;
        });
        fx.settle();
        assertThat(a[0].drainFrames()).extracting(Frame::text).containsExactly("4x", "4y", "4z");
        assertThat(b[0].drainFrames()).extracting(Frame::text).containsExactly("4x", "4y", "4w", "4v");
        assertThat(broadcast).extracting(m -> ((Packet.Text) m).text()).containsExactly("x", "y");
    }

    @Test
    void aLonePacketIsFlushedBeforeTheNextTaskRunsNotByATimer() {
        fx = new EngineFixture();
        FakeWebSocketConnection[] ws = new FakeWebSocketConnection[1];
        EngineSession s = open(ws);
        fx.onLoop(() -> {
            s.send("alone");
            return null;
        });
        // The first task queued after the sending one finds the packet written and flushed.
        List<Frame> seen = fx.onLoop(ws[0]::drainFrames);
        assertThat(seen).extracting(Frame::text).containsExactly("4alone");
    }

    @Test
    void eachTurnHasItsOwnFlush() {
        fx = new EngineFixture();
        FakeWebSocketConnection[] ws = new FakeWebSocketConnection[1];
        EngineSession s = open(ws);
        int before = ws[0].flushes();
        fx.onLoop(() -> {
            s.send("1");
            return null;
        });
        fx.settle();
        fx.onLoop(() -> {
            s.send("2");
            return null;
        });
        fx.settle();
        assertThat(ws[0].flushes() - before).isEqualTo(2);
        assertThat(ws[0].drainFrames()).extracting(Frame::text).containsExactly("41", "42");
    }

    @Test
    void tasksQueuedTogetherFromOtherThreadsShareOneFlush() throws InterruptedException {
        fx = new EngineFixture();
        FakeWebSocketConnection[] ws = new FakeWebSocketConnection[1];
        EngineSession s = open(ws);
        int before = ws[0].flushes();
        CountDownLatch hold = new CountDownLatch(1);
        fx.loop.execute(() -> {
            try {
                hold.await(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Two broadcasts from this thread: one task each on the session's loop, queued behind
        // each other while the loop is busy.
        s.send("first");
        s.send("second");
        hold.countDown();
        // The first settling task was queued right behind the two sends, before the flush that
        // the first send queued; the second one runs after it.
        fx.settle();
        fx.settle();
        assertThat(ws[0].flushes() - before).isEqualTo(1);
        assertThat(ws[0].drainFrames()).extracting(Frame::text).containsExactly("4first", "4second");
    }

    @Test
    void everySessionWrittenInATurnIsFlushedOnce() {
        fx = new EngineFixture();
        FakeWebSocketConnection[] a = new FakeWebSocketConnection[1];
        FakeWebSocketConnection[] b = new FakeWebSocketConnection[1];
        EngineSession sa = open(a);
        EngineSession sb = open(b);
        int beforeA = a[0].flushes();
        int beforeB = b[0].flushes();
        fx.onLoop(() -> {
            sa.send("x");
            sb.send("x");
            sa.send("y");
            sb.send("y");
            return null;
        });
        fx.settle();
        assertThat(a[0].flushes() - beforeA).isEqualTo(1);
        assertThat(b[0].flushes() - beforeB).isEqualTo(1);
        assertThat(a[0].drainFrames()).extracting(Frame::text).containsExactly("4x", "4y");
        assertThat(b[0].drainFrames()).extracting(Frame::text).containsExactly("4x", "4y");
    }

    @Test
    void whatAReadMadeItsSessionSendLeavesWhenTheReadEndsNotBehindTheRestOfTheTurn() {
        fx = new EngineFixture();
        FakeWebSocketConnection[] a = new FakeWebSocketConnection[1];
        FakeWebSocketConnection[] b = new FakeWebSocketConnection[1];
        EngineSession sa = open(a);
        EngineSession sb = open(b);
        fx.onLoop(() -> {
            sa.onMessage(m -> {
                sa.send("pong");
                sb.send("seen");
            });
            return null;
        });
        int beforeA = a[0].flushes();
        int beforeB = b[0].flushes();
        int[] whenTheReadEnded = fx.onLoop(() -> {
            a[0].readNow("4ping", "4ping");
            return new int[] {a[0].flushes() - beforeA, b[0].flushes() - beforeB};
        });
        // The session that was read answers both messages with one flush as its read ends; the
        // one that was only sent to waits for the end of the turn, with whatever else comes.
        assertThat(whenTheReadEnded).containsExactly(1, 0);
        fx.settle();
        assertThat(a[0].flushes() - beforeA).isEqualTo(1);
        assertThat(b[0].flushes() - beforeB).isEqualTo(1);
        assertThat(a[0].drainFrames()).extracting(Frame::text).containsExactly("4pong", "4pong");
        assertThat(b[0].drainFrames()).extracting(Frame::text).containsExactly("4seen", "4seen");
    }

    @Test
    void whatIsSentAfterTheReadEndedStillLeavesAtTheEndOfTheTurn() {
        fx = new EngineFixture();
        FakeWebSocketConnection[] ws = new FakeWebSocketConnection[1];
        EngineSession s = open(ws);
        fx.onLoop(() -> {
            s.onMessage(m -> s.send("pong"));
            return null;
        });
        int before = ws[0].flushes();
        int whenTheReadEnded = fx.onLoop(() -> {
            ws[0].readNow("4ping");
            s.send("later");
            return ws[0].flushes() - before;
        });
        assertThat(whenTheReadEnded).isEqualTo(1);
        fx.settle();
        assertThat(ws[0].flushes() - before).isEqualTo(2);
        assertThat(ws[0].drainFrames()).extracting(Frame::text).containsExactly("4pong", "4later");
    }

    @Test
    void aPendingPollGetsEverythingSentInTheTurnInOneResponse() {
        fx = new EngineFixture();
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        FakeHttpExchange poll = fx.poll(sid);
        fx.settle();
        fx.onLoop(() -> {
            s.send("a");
            s.send("b");
            s.send("c");
            return null;
        });
        assertThat(poll.response().text()).isEqualTo("4a\u001e4b\u001e4c");
        assertThat(poll.respondCalls()).isEqualTo(1);
    }

    @Test
    void packetsWaitingForTheEndOfTheTurnCountAgainstMaxBufferedBytes() {
        fx = new EngineFixture(EngineIoOptions.builder().maxBufferedBytes(10).build());
        FakeWebSocketConnection[] ws = new FakeWebSocketConnection[1];
        EngineSession s = open(ws);
        fx.onLoop(() -> {
            s.send("1234");
            s.send("5678");
            // Nothing was flushed yet in this turn; the bound still sees the 8 bytes waiting.
            s.send("9ab");
            return null;
        });
        EngineFixture.Closed c = fx.events(s.id()).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("outbound buffer full");
        assertThat(fx.onLoop(s::readyState)).isEqualTo(ReadyState.CLOSED);
    }

    /** A session opened over WebSocket, with its connection's flush count at that point. */
    private record Opened(EngineSession session, FakeWebSocketConnection ws, int flushesBefore) {
        int flushesSince() {
            return ws.flushes() - flushesBefore;
        }
    }

    private Opened opened() {
        FakeWebSocketConnection[] ws = new FakeWebSocketConnection[1];
        EngineSession s = open(ws);
        return new Opened(s, ws[0], ws[0].flushes());
    }

    @Test
    void whatASessionIsSentWhileItWaitsInTheFlushUnderWayLeavesWithItsOtherPackets() {
        fx = new EngineFixture();
        Opened a = opened();
        Opened b = opened();
        fx.onLoop(() -> {
            // Flushed first, a's drain sends to b, whose packets of the turn are not flushed yet.
            a.session().onDrain(() -> b.session().send("late"));
            a.session().send("x");
            b.session().send("y");
            return null;
        });
        fx.settle();
        assertThat(b.flushesSince()).isEqualTo(1);
        assertThat(b.ws().drainFrames()).extracting(Frame::text).containsExactly("4y", "4late");
        assertThat(a.flushesSince()).isEqualTo(1);
        assertThat(a.ws().drainFrames()).extracting(Frame::text).containsExactly("4x");
    }

    @Test
    void whatASessionIsSentAfterItsFlushInTheFlushUnderWayLeavesWithTheNextOne() {
        fx = new EngineFixture();
        Opened a = opened();
        Opened b = opened();
        fx.onLoop(() -> {
            // b is flushed after a, and its drain sends to a again.
            b.session().onDrain(() -> a.session().send("again"));
            a.session().send("x");
            b.session().send("y");
            return null;
        });
        fx.settle();
        fx.settle();
        assertThat(a.flushesSince()).isEqualTo(2);
        assertThat(a.ws().drainFrames()).extracting(Frame::text).containsExactly("4x", "4again");
    }

    @Test
    void sendAndFlushWithNothingWaitingWritesAtOnceNotAtTheEndOfTheTurn() {
        fx = new EngineFixture();
        Opened a = opened();
        List<Frame> inTheTask = fx.onLoop(() -> {
            a.session().sendAndFlush(List.of(Packet.text("x"), Packet.text("y")));
            return a.ws().drainFrames();
        });
        assertThat(inTheTask).extracting(Frame::text).containsExactly("4x", "4y");
        fx.settle();
        assertThat(a.flushesSince()).isEqualTo(1);
        assertThat(a.ws().drainFrames()).isEmpty();
    }

    @Test
    void sendAndFlushBehindWaitingPacketsLeavesWithThemAtTheEndOfTheTurnInOrder() {
        fx = new EngineFixture();
        Opened a = opened();
        List<Frame> inTheTask = fx.onLoop(() -> {
            a.session().send("first");
            a.session().sendAndFlush(List.of(Packet.text("x")));
            return a.ws().drainFrames();
        });
        assertThat(inTheTask).isEmpty();
        fx.settle();
        assertThat(a.flushesSince()).isEqualTo(1);
        assertThat(a.ws().drainFrames()).extracting(Frame::text).containsExactly("4first", "4x");
    }

    @Test
    void packetsWrittenAtOnceAreCountedOnceTheTaskIsOver() {
        fx = new EngineFixture();
        Opened a = opened();
        Opened b = opened();
        long packets = fx.core.stats().packetsOut();
        long bytes = fx.core.stats().bytesOut();
        long countedInTheTask = fx.onLoop(() -> {
            a.session().sendAndFlush(List.of(Packet.text("abc")));
            b.session().sendAndFlush(List.of(Packet.text("abc"), Packet.text("de")));
            return fx.core.stats().packetsOut() - packets;
        });
        assertThat(countedInTheTask).isZero(); // one shared add for the whole task, not one per session
        fx.settle();
        assertThat(fx.core.stats().packetsOut() - packets).isEqualTo(3);
        assertThat(fx.core.stats().bytesOut() - bytes).isEqualTo(8);
    }

    @Test
    void sendAndFlushPastMaxBufferedBytesClosesTheSessionAsSendDoes() {
        fx = new EngineFixture(EngineIoOptions.builder().maxBufferedBytes(4).build());
        Opened a = opened();
        fx.onLoop(() -> {
            a.session().sendAndFlush(List.of(Packet.text("12345")));
            return null;
        });
        EngineFixture.Closed c = fx.events(a.session().id()).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("outbound buffer full");
        assertThat(a.ws().drainFrames()).extracting(Frame::text).doesNotContain("412345");
    }
}
