package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.POLLING;
import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static dev.switchboard.engineio.internal.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.ConnectionError;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.internal.EngineFixture.Closed;
import dev.switchboard.engineio.internal.EngineFixture.Events;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeHttpExchange.Response;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import dev.switchboard.engineio.spi.FakeWebSocketConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineSessionTest {

    private EngineFixture fx;

    private EngineFixture start(EngineIoOptions options) {
        fx = new EngineFixture(options);
        return fx;
    }

    private EngineFixture start() {
        return start(EngineIoOptions.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static EngineIoOptions timers(long pingIntervalMs, long pingTimeoutMs) {
        return EngineIoOptions.builder().pingInterval(Duration.ofMillis(pingIntervalMs))
                .pingTimeout(Duration.ofMillis(pingTimeoutMs)).build();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private void assertGone(String sid) {
        Response r = fx.poll(sid).response();
        assertThat(r.text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    /** Records when the session closed, in {@link System#nanoTime()}. */
    private CompletableFuture<Long> closeTime(String sid) {
        CompletableFuture<Long> at = new CompletableFuture<>();
        fx.session(sid).onClose((reason, description) -> at.complete(System.nanoTime()));
        return at;
    }

    // ---- heartbeat -----------------------------------------------------------------------------

    @Test
    void pingIsSentPingIntervalAfterTheHandshake() {
        start(timers(150, 5000));
        long t0 = System.nanoTime();
        String sid = fx.handshake();
        Response ping = fx.poll(sid).response();
        assertThat(ping.text()).isEqualTo("2");
        assertThat(millisSince(t0)).isGreaterThanOrEqualTo(150);
    }

    @Test
    void missingPongClosesWithPingTimeout() {
        start(timers(50, 150));
        long t0 = System.nanoTime();
        String sid = fx.handshake();
        assertThat(fx.poll(sid).response().text()).isEqualTo("2");
        FakeHttpExchange next = fx.poll(sid);
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.PING_TIMEOUT);
        assertThat(millisSince(t0)).isGreaterThanOrEqualTo(200);
        assertThat(next.response().text()).isEqualTo("1");
        assertGone(sid);
    }

    @Test
    void pongCancelsTheTimeoutAndSchedulesTheNextPingFromNow() {
        // The next ping comes after the first one's timeout would have fired: only a cancelled
        // timeout lets it through.
        start(timers(300, 200));
        String sid = fx.handshake();
        assertThat(fx.poll(sid).response().text()).isEqualTo("2");
        long pongAt = System.nanoTime();
        fx.send(sid, "3");
        Response second = fx.poll(sid).response();
        assertThat(second.text()).isEqualTo("2");
        assertThat(millisSince(pongAt)).isGreaterThanOrEqualTo(300);
        Events e = fx.events(sid);
        assertThat(e.heartbeats.get()).isEqualTo(1);
        assertThat(e.closed).isNotDone();
        assertThat(e.packets).contains(new Packet.Pong(""));
    }

    @Test
    void firstMessageWhileAwaitingThePongExtendsTheWaitOnce() throws Exception {
        start(timers(50, 600));
        String sid = fx.handshake();
        assertThat(fx.poll(sid).response().text()).isEqualTo("2");
        CompletableFuture<Long> closedAt = closeTime(sid);
        CompletableFuture<Long> firstAt = new CompletableFuture<>();
        CompletableFuture<Long> secondAt = new CompletableFuture<>();
        String url = fx.path() + "?" + POLLING + "&sid=" + sid;
        fx.loop.schedule(() -> {
            firstAt.complete(System.nanoTime());
            fx.core.handleRequest(FakeHttpExchange.post(fx.loop, url, "4first"));
        }, 300, TimeUnit.MILLISECONDS);
        fx.loop.schedule(() -> {
            secondAt.complete(System.nanoTime());
            fx.core.handleRequest(FakeHttpExchange.post(fx.loop, url, "4second"));
        }, 700, TimeUnit.MILLISECONDS);

        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.PING_TIMEOUT);
        long closed = closedAt.get(5, TimeUnit.SECONDS);
        long first = firstAt.get(5, TimeUnit.SECONDS);
        long second = secondAt.get(5, TimeUnit.SECONDS);
        // Extended by the first message...
        assertThat(TimeUnit.NANOSECONDS.toMillis(closed - first)).isGreaterThanOrEqualTo(600);
        // ...but not again by the second.
        assertThat(TimeUnit.NANOSECONDS.toMillis(closed - second)).isLessThan(600);
        assertThat(fx.events(sid).messages).extracting(m -> ((Packet.Text) m).text())
                .containsExactly("first", "second");
    }

    @Test
    void heartbeatRunsOverWebSocketToo() {
        start(timers(50, 5000));
        FakeUpgradeExchange up = fx.openWebSocket();
        FakeWebSocketConnection ws = up.connection();
        assertThat(ws.nextText()).isEqualTo("2");
        ws.receiveText("3");
        assertThat(ws.nextText()).isEqualTo("2");
        String sid = fx.sidOf(up);
        assertThat(fx.events(sid).heartbeats.get()).isGreaterThanOrEqualTo(1);
    }

    // ---- sending and buffering -----------------------------------------------------------------

    @Test
    void sendsFromAnotherThreadKeepTheirOrder() {
        start();
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            s.send("m" + i);
            expected.append(i == 0 ? "" : "\u001e").append("4m").append(i);
        }
        assertThat(fx.poll(sid).response().text()).isEqualTo(expected.toString());
    }

    @Test
    void drainListenersRunWhenTheBufferIsHandedToTheTransport() {
        start();
        String sid = fx.handshake();
        int before = fx.events(sid).drains.get();
        fx.session(sid).send("x");
        fx.settle();
        assertThat(fx.events(sid).drains.get()).isEqualTo(before);
        fx.poll(sid).response();
        // Drain listeners run right after the transport wrote the response.
        fx.settle();
        assertThat(fx.events(sid).drains.get()).isEqualTo(before + 1);
    }

    @Test
    void sendPastMaxBufferedBytesClosesWithTransportError() {
        start(EngineIoOptions.builder().maxBufferedBytes(10).build());
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        s.send("12345");
        s.send("67890");
        fx.settle();
        assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
        s.send("x");
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("outbound buffer full");
        assertGone(sid);
    }

    @Test
    void batchPastMaxBufferedBytesIsRefusedWhole() {
        start(EngineIoOptions.builder().maxBufferedBytes(10).build());
        String sid = fx.handshake();
        FakeHttpExchange poll = fx.poll(sid);
        fx.settle();
        fx.session(sid).send(List.of(Packet.text("123456"), Packet.binary(new byte[5])));
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(poll.response().text()).isEqualTo("1");
    }

    @Test
    void bufferIsEmptiedByEachPoll() {
        start(EngineIoOptions.builder().maxBufferedBytes(10).build());
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        s.send("1234567890");
        assertThat(fx.poll(sid).response().text()).isEqualTo("41234567890");
        s.send("1234567890");
        assertThat(fx.poll(sid).response().text()).isEqualTo("41234567890");
        assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void failingListenerDoesNotStopTheOthers() {
        start();
        List<String> seen = new CopyOnWriteArrayList<>();
        fx.core.onConnection(s -> {
            s.onMessage(m -> {
                throw new IllegalStateException("application bug");
            });
            s.onMessage(m -> seen.add(((Packet.Text) m).text()));
        });
        String sid = fx.handshake();
        fx.send(sid, "4a\u001e4b");
        assertThat(seen).containsExactly("a", "b");
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void packetListenersSeeEveryPacketBeforeItIsHandled() {
        start();
        String sid = fx.handshake();
        fx.send(sid, "4a\u001e3\u001eb/w==");
        assertThat(fx.events(sid).packets).containsExactly(Packet.text("a"), new Packet.Pong(""),
                Packet.binary(new byte[] {(byte) 0xff}));
    }

    // ---- closing from the server ---------------------------------------------------------------

    @Test
    void closeWithAPendingPollAnswersItWithClose() {
        start();
        String sid = fx.handshake();
        FakeHttpExchange poll = fx.poll(sid);
        fx.settle();
        fx.session(sid).close();
        assertThat(poll.response().text()).isEqualTo("1");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertGone(sid);
    }

    @Test
    void closeWithoutAPendingPollSendsNoopAndCloseOnTheNextOne() {
        start();
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        s.close();
        fx.settle();
        assertThat(s.readyState()).isEqualTo(ReadyState.CLOSING);
        assertThat(fx.events(sid).closed).isNotDone();
        assertThat(fx.poll(sid).response().text()).isEqualTo("6\u001e1");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertGone(sid);
    }

    @Test
    void closeSendsWhatIsBufferedFirst() {
        start();
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        s.send("bye");
        s.close();
        assertThat(fx.poll(sid).response().text()).isEqualTo("4bye");
        assertThat(fx.events(sid).closed).isNotDone();
        assertThat(fx.poll(sid).response().text()).isEqualTo("6\u001e1");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void nothingIsSentAfterClose() {
        start();
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        s.close();
        s.send("late");
        s.close();
        assertThat(fx.poll(sid).response().text()).isEqualTo("6\u001e1");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void closeOverWebSocketClosesTheConnectionWithoutAClosePacket() {
        start();
        FakeUpgradeExchange up = fx.openWebSocket();
        String sid = fx.sidOf(up);
        fx.session(sid).close();
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat(up.connection().drainFrames()).isEmpty();
        assertThat(fx.core.clientsCount()).isZero();
    }

    // ---- upgrade -------------------------------------------------------------------------------

    @Test
    void upgradeProbesReleasesThePausedPollAndSwitchesOnUpgradePacket() {
        start();
        String sid = fx.handshake();
        FakeHttpExchange paused = fx.poll(sid);
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        assertThat(up.awaitAccepted()).isTrue();
        FakeWebSocketConnection ws = up.connection();

        ws.receiveText("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        assertThat(paused.response().text()).isEqualTo("6");
        EngineSession s = fx.session(sid);
        assertThat(s.transport()).isEqualTo(TransportType.POLLING);

        s.send("while upgrading");
        ws.receiveText("5");
        assertThat(await(fx.events(sid).upgraded)).isEqualTo(TransportType.WEBSOCKET);
        assertThat(ws.nextText()).isEqualTo("4while upgrading");
        assertThat(s.transport()).isEqualTo(TransportType.WEBSOCKET);
        assertThat(s.upgraded()).isTrue();

        ws.receiveText("4over ws");
        assertThat(fx.events(sid).nextMessage()).isEqualTo(Packet.text("over ws"));
        s.send("back");
        assertThat(ws.nextText()).isEqualTo("4back");
    }

    @Test
    void noopIsRepeatedEveryHundredMillisecondsWhileTheClientPolls() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        assertThat(up.connection().nextText()).isEqualTo("3probe");
        for (int i = 0; i < 3; i++) {
            long at = System.nanoTime();
            assertThat(fx.poll(sid).response().text()).isEqualTo("6");
            assertThat(millisSince(at)).isLessThan(2000);
        }
    }

    @Test
    void aPollWaitingWhenTheProbeIsAnsweredIsReleasedRightAfterThatTurnNotOnTheNoopTimer() throws Exception {
        start();
        String sid = fx.handshake();
        FakeHttpExchange pending = fx.poll(sid);
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        assertThat(up.awaitAccepted()).isTrue();
        fx.settle(); // the probe's listener is set by a task the upgrade queued
        fx.settle();
        CompletableFuture<Boolean> answeredByTheNextTask = new CompletableFuture<>();
        fx.loop.execute(() -> {
            up.connection().readNow("2probe");
            // Behind what the probe's turn queued, 100 ms before the noop timer's first tick.
            fx.loop.execute(() -> answeredByTheNextTask.complete(pending.answered()));
        });
        assertThat(up.connection().nextText()).isEqualTo("3probe");
        assertThat(answeredByTheNextTask.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pending.response().text()).isEqualTo("6");
    }

    @Test
    void pollStillPendingAtTheUpgradeIsAnsweredWithClose() {
        start();
        String sid = fx.handshake();
        FakeHttpExchange pending = fx.poll(sid);
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("5");
        assertThat(await(fx.events(sid).upgraded)).isEqualTo(TransportType.WEBSOCKET);
        assertThat(pending.response().text()).isEqualTo("1");
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void pollingAfterTheUpgradeIsATransportMismatch() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        up.connection().nextText();
        up.connection().receiveText("5");
        await(fx.events(sid).upgraded);

        for (FakeHttpExchange ex : List.of(fx.poll(sid), fx.post(POLLING + "&sid=" + sid, "4x"))) {
            Response r = ex.response();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        }
        assertThat(fx.errors).extracting(ConnectionError::context).containsExactly("TRANSPORT_MISMATCH",
                "TRANSPORT_MISMATCH");
        assertThat(fx.errors).extracting(ConnectionError::error).containsOnly(EngineError.BAD_REQUEST);
        assertThat(fx.events(sid).messages).isEmpty();
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void anyOtherPacketOnTheProbeAbortsTheUpgrade() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        up.connection().nextText();
        up.connection().receiveText("4too early");
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        EngineSession s = fx.session(sid);
        assertThat(s.transport()).isEqualTo(TransportType.POLLING);
        assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(fx.events(sid).messages).isEmpty();

        // The client may try again.
        FakeUpgradeExchange again = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        again.connection().receiveText("5");
        assertThat(await(fx.events(sid).upgraded)).isEqualTo(TransportType.WEBSOCKET);
    }

    @Test
    void closePacketOnTheProbeAbortsTheUpgrade() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("1");
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        assertThat(fx.session(sid).transport()).isEqualTo(TransportType.POLLING);
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void invalidPacketOnTheProbeAbortsTheUpgradeOnly() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("x");
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void probeClosedByTheClientAbortsTheUpgradeOnly() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        up.connection().nextText();
        up.connection().clientClose();
        fx.settle();
        fx.settle();
        EngineSession s = fx.session(sid);
        assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(fx.onLoop(s::upgrading)).isFalse();
        s.send("still polling");
        assertThat(fx.poll(sid).response().text()).isEqualTo("4still polling");
    }

    @Test
    void upgradeTimeoutClosesTheProbe() {
        start(EngineIoOptions.builder().upgradeTimeout(Duration.ofMillis(150)).build());
        String sid = fx.handshake();
        long at = System.nanoTime();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        assertThat(up.connection().nextText()).isEqualTo("3probe");
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        assertThat(millisSince(at)).isGreaterThanOrEqualTo(150);
        EngineSession s = fx.session(sid);
        assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(s.transport()).isEqualTo(TransportType.POLLING);
        assertThat(fx.onLoop(s::upgrading)).isFalse();
    }

    @Test
    void secondUpgradeWhileUpgradingIsClosedAtOnce() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange first = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        first.connection().receiveText("2probe");
        assertThat(first.connection().nextText()).isEqualTo("3probe");
        FakeUpgradeExchange second = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        assertThat(second.awaitAccepted()).isTrue();
        assertThat(await(second.connection().closedByServer())).isEqualTo(-1);
        first.connection().receiveText("5");
        assertThat(await(fx.events(sid).upgraded)).isEqualTo(TransportType.WEBSOCKET);
        assertThat(first.connection().isClosed()).isFalse();
    }

    @Test
    void upgradeOfAnUpgradedSessionIsClosedAtOnce() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange first = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        first.connection().receiveText("5");
        await(fx.events(sid).upgraded);
        FakeUpgradeExchange second = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        assertThat(await(second.connection().closedByServer())).isEqualTo(-1);
        assertThat(fx.session(sid).readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(first.connection().isClosed()).isFalse();
    }

    @Test
    void sessionEndDuringAnUpgradeClosesTheProbe() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        up.connection().nextText();
        await(fx.core.close());
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void closeDuringAnUpgradeClosesTheNewTransportOnceUpgraded() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        up.connection().nextText();
        fx.session(sid).close();
        up.connection().receiveText("5");
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void closeDuringAnUpgradeThatFailsStillCloses() {
        start();
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        up.connection().nextText();
        fx.session(sid).close();
        up.connection().receiveText("4not an upgrade");
        assertThat(await(up.connection().closedByServer())).isEqualTo(-1);
        // The client goes back to polling and learns of the close.
        assertThat(fx.poll(sid).response().text()).isEqualTo("6\u001e1");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.FORCED_CLOSE);
    }

    @Test
    void upgradeListenersAreToldOnce() {
        start();
        AtomicInteger upgrades = new AtomicInteger();
        fx.core.onConnection(s -> s.onUpgrade(t -> upgrades.incrementAndGet()));
        String sid = fx.handshake();
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        up.connection().receiveText("2probe");
        up.connection().receiveText("5");
        await(fx.events(sid).upgraded);
        up.connection().receiveText("5");
        fx.settle();
        assertThat(upgrades.get()).isEqualTo(1);
        List<Packet> packets = new ArrayList<>(fx.events(sid).packets);
        assertThat(packets).containsExactly(Packet.UPGRADE);
    }
}
