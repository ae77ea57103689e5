package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts to a whole namespace made on the recipients' loop are kept for the turn and written
 * recipient by recipient, each in one write, without any socket's packets changing order.
 */
class LoopBroadcastsTest {

    private final Harness h = new Harness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** Runs a task on the harness's loop (where the sockets live) and waits for it. */
    private void onLoop(Runnable task) {
        try {
            h.loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theTurnsBroadcastsReachEverySocketInOneWriteInOrder() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        a.clearSent();
        b.clearSent();
        int writesA = a.writes();
        int writesB = b.writes();
        onLoop(() -> {
            h.io.emit("m", 1);
            h.io.emit("m", 2);
            h.io.emit("m", 3);
        });
        assertThat(a.sent()).containsExactly("2[\"m\",1]", "2[\"m\",2]", "2[\"m\",3]");
        assertThat(b.sent()).containsExactly("2[\"m\",1]", "2[\"m\",2]", "2[\"m\",3]");
        assertThat(a.writes() - writesA).isEqualTo(1);
        assertThat(b.writes() - writesB).isEqualTo(1);
    }

    @Test
    void outgoingAnyListenersAddedAfterTheFirstBroadcastsSeeTheFollowingOnes() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        onLoop(() -> h.io.emit("before", 0));
        java.util.List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        h.socket(b, "/").onAnyOutgoing((ev, args) -> got.add(ev + args));
        onLoop(() -> {
            h.io.emit("m", 1);
            h.io.emit("m", 2);
        });
        b.sync(); // the listeners run where the socket's handlers run
        assertThat(got).containsExactly("m[1]", "m[2]");
        assertThat(a.sent()).endsWith("2[\"m\",1]", "2[\"m\",2]");
    }

    @Test
    void aDirectEmitBetweenBroadcastsKeepsItsPlace() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        Socket socketA = h.socket(a, "/");
        a.clearSent();
        b.clearSent();
        onLoop(() -> {
            h.io.emit("all", 1);
            socketA.emit("direct");
            h.io.emit("all", 2);
        });
        assertThat(a.sent()).containsExactly("2[\"all\",1]", "2[\"direct\"]", "2[\"all\",2]");
        assertThat(b.sent()).containsExactly("2[\"all\",1]", "2[\"all\",2]");
    }

    @Test
    void roomAndVolatileBroadcastsBetweenBroadcastsKeepTheirPlace() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        h.socket(a, "/").join("r");
        a.clearSent();
        b.clearSent();
        onLoop(() -> {
            h.io.emit("all", 1);
            h.io.to("r").emit("room");
            h.io.volatile_().emit("fleeting");
            h.io.emit("all", 2);
        });
        assertThat(a.sent()).containsExactly("2[\"all\",1]", "2[\"room\"]", "2[\"fleeting\"]", "2[\"all\",2]");
        assertThat(b.sent()).containsExactly("2[\"all\",1]", "2[\"fleeting\"]", "2[\"all\",2]");
    }

    @Test
    void aSocketThatConnectsAfterABroadcastDoesNotGetIt() {
        FakeEngineSocket a = h.connect("/");
        a.clearSent();
        FakeEngineSocket late = h.open();
        onLoop(() -> {
            h.io.emit("before");
            late.receive("0");
            h.io.emit("after");
        });
        assertThat(a.sent()).containsExactly("2[\"before\"]", "2[\"after\"]");
        assertThat(late.sent()).hasSize(2);
        assertThat(late.sent().get(0)).startsWith("0{\"sid\":\"");
        assertThat(late.sent().get(1)).isEqualTo("2[\"after\"]");
    }

    @Test
    void everyPacketToEveryRecipientIsCounted() {
        h.connect("/");
        FakeEngineSocket b = h.connect("/");
        long before = h.io.stats().packetsOut();
        onLoop(() -> {
            h.io.emit("m", 1);
            h.io.emit("m", 2);
        });
        b.sync();
        assertThat(h.io.stats().packetsOut() - before).isEqualTo(4);
    }

    @Test
    void aDisconnectAfterABroadcastWritesTheBroadcastFirst() {
        FakeEngineSocket a = h.connect("/");
        Socket socketA = h.socket(a, "/");
        a.clearSent();
        onLoop(() -> {
            h.io.emit("bye");
            socketA.disconnect(false);
        });
        assertThat(a.sent()).containsExactly("2[\"bye\"]", "1");
    }

    @Test
    void theTurnsBroadcastsGoOutAtOnceWhenNoTaskWaitsBehindThem() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        a.clearSent();
        b.clearSent();
        int writesA = a.writes();
        // Queued without waiting on the loop: the test thread adds no task behind the broadcasts.
        h.loop.execute(() -> {
            h.io.emit("m", 1);
            h.io.emit("m", 2);
        });
        assertThat(a.awaitSent(2)).containsExactly("2[\"m\",1]", "2[\"m\",2]");
        assertThat(b.awaitSent(2)).containsExactly("2[\"m\",1]", "2[\"m\",2]");
        assertThat(a.writes() - writesA).isEqualTo(1);
        assertThat(a.writesAtOnce()).isEqualTo(1);
        assertThat(b.writesAtOnce()).isEqualTo(1);
    }

    @Test
    void broadcastsATaskWaitsBehindAreLeftForTheEndOfTheTurn() {
        FakeEngineSocket a = h.connect("/");
        a.clearSent();
        h.loop.execute(() -> {
            h.io.emit("m", 1);
            h.loop.execute(() -> { }); // might add to the recipients' writes of this turn
        });
        assertThat(a.awaitSent(1)).containsExactly("2[\"m\",1]");
        assertThat(a.writesAtOnce()).isZero();
    }
}
