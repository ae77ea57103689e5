package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.SocketDetails;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Node discovery by heartbeats, and requests that wait for the nodes they know. */
class ClusterAdapterWithHeartbeatTest {

    private static final ClusterAdapterOptions FAST =
            ClusterAdapterOptions.DEFAULT.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(400));

    private final MemoryBus bus = new MemoryBus();
    private final FakeContext a = new FakeContext("a", false);
    private final FakeContext b = new FakeContext("b", false);
    private final FakeContext c = new FakeContext("c", false);
    private final MemoryBus.Beating nodeA = bus.new Beating(a, FAST);
    private final MemoryBus.Beating nodeB = bus.new Beating(b, FAST);
    private final MemoryBus.Beating nodeC = bus.new Beating(c, FAST);

    @AfterEach
    void close() throws Exception {
        for (MemoryBus.Beating n : List.of(nodeA, nodeB, nodeC)) {
            n.close();
        }
        bus.close();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static int count(ClusterAdapter node) {
        return node.serverCount().toCompletableFuture().join();
    }

    @Test
    void nodesThatStartFindEachOtherThroughTheInitialHeartbeat() throws Exception {
        nodeA.init();
        nodeB.init();
        nodeC.init();

        eventually("every node counts three", () -> count(nodeA) == 3 && count(nodeB) == 3 && count(nodeC) == 3);
        assertThat(nodeA.knownNodes()).containsExactlyInAnyOrder(nodeB.uid(), nodeC.uid());
    }

    @Test
    void aNodeThatClosesIsForgottenAtOnceAndASilentOneAfterTheTimeout() throws Exception {
        nodeA.init();
        nodeB.init();
        nodeC.init();
        eventually("three nodes", () -> count(nodeA) == 3);

        nodeB.close();
        eventually("b said goodbye", () -> !nodeA.knownNodes().contains(nodeB.uid()));

        // c keeps heart-beating while it is attached, so it stays counted past the timeout...
        Thread.sleep(FAST.heartbeatTimeout().toMillis() + 200);
        assertThat(nodeA.knownNodes()).containsExactly(nodeC.uid());
        // ...until its process dies without a word.
        bus.detach(nodeC);
        eventually("c forgotten", () -> count(nodeA) == 1);
    }

    @Test
    void fetchSocketsWaitsForEachKnownNodeAndCompletesWhenTheSilentOneIsForgotten() throws Exception {
        nodeA.init();
        nodeB.init();
        nodeC.init();
        eventually("three nodes", () -> count(nodeA) == 3);
        b.connect("b1");
        c.connect("c1");
        bus.detach(nodeC);

        List<SocketDetails> found = nodeA.fetchSockets(BroadcastOptions.ALL).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(found).extracting(SocketDetails::id).containsExactly("b1");
    }

    @Test
    void aRequestToANodeThatStopsAnsweringTimesOutNamingTheMissingAnswers() throws Exception {
        MemoryBus quiet = new MemoryBus();
        var x = quiet.new Beating(new FakeContext("x", false), FAST.withRequestsTimeout(Duration.ofMillis(200)));
        var y = quiet.new Beating(new FakeContext("y", false), FAST);
        x.init();
        y.init();
        eventually("two nodes", () -> count(x) == 2);
        quiet.deaf.add(y.uid());

        var pending = x.fetchSockets(BroadcastOptions.ALL).toCompletableFuture();

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class).hasMessage("timeout reached: missing 1 responses");
        x.close();
        y.close();
        quiet.close();
    }
}
