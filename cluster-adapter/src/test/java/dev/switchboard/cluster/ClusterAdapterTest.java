package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.adapter.BroadcastAckHandler;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.protocol.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster protocol between nodes of the in-memory driver, each operation across nodes. */
class ClusterAdapterTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private final MemoryBus bus = new MemoryBus();
    private final FakeContext a = new FakeContext("a", false);
    private final FakeContext b = new FakeContext("b", false);
    private final MemoryBus.Plain nodeA = bus.new Plain(a, ClusterAdapterOptions.DEFAULT);
    private final MemoryBus.Plain nodeB = bus.new Plain(b, ClusterAdapterOptions.DEFAULT);

    @AfterEach
    void close() throws InterruptedException {
        bus.close();
    }

    static ArrayNode data(Object... values) {
        ArrayNode out = N.arrayNode();
        for (Object v : values) {
            out.add(v instanceof byte[] bytes ? N.binaryNode(bytes) : N.textNode(String.valueOf(v)));
        }
        return out;
    }

    static Packet.Event event(Object... values) {
        return new Packet.Event("/", data(values), Packet.NO_ACK);
    }

    static BroadcastOptions to(Set<String> rooms, Set<String> except) {
        return new BroadcastOptions(rooms, except, BroadcastFlags.DEFAULT);
    }

    static String next(FakeContext ctx) throws InterruptedException {
        String line = ctx.log.poll(5, TimeUnit.SECONDS);
        assertThat(line).as("a line of node " + ctx.node).isNotNull();
        return line;
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBroadcastReachesTheTargetedSocketsOfEveryNodeButNotTheExcepted() throws Exception {
        a.connect("a1", "room");
        b.connect("b1", "room");
        b.connect("b2", "room", "muted");
        b.connect("b3");

        nodeA.broadcast(event("hi"), to(Set.of("room"), Set.of("muted")));

        assertThat(next(a)).isEqualTo("send a1 [\"hi\"]");
        assertThat(next(b)).isEqualTo("send b1 [\"hi\"]");
        assertThat(b.log.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aLocalBroadcastIsNotPublished() throws Exception {
        a.connect("a1");
        b.connect("b1");

        nodeA.broadcast(event("only-here"), new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withLocal()));
        nodeA.broadcast(event("everywhere"), BroadcastOptions.ALL);

        assertThat(next(a)).isEqualTo("send a1 [\"only-here\"]");
        assertThat(next(b)).isEqualTo("send b1 [\"everywhere\"]");
    }

    @Test
    void binaryDataCrossesNodes() throws Exception {
        b.connect("b1");

        nodeA.broadcast(event("bin", new byte[] {1, 2, 3}), BroadcastOptions.ALL);

        assertThat(next(b)).isEqualTo("send b1 [\"bin\",\"AQID\"]");
    }

    @Test
    void withRecoveryEveryNodeAppendsTheSameOffsetButNotToVolatileBroadcasts() throws Exception {
        MemoryBus recovering = new MemoryBus();
        FakeContext x = new FakeContext("x", true);
        FakeContext y = new FakeContext("y", true);
        MemoryBus.Plain nodeX = recovering.new Plain(x, ClusterAdapterOptions.DEFAULT);
        recovering.new Plain(y, ClusterAdapterOptions.DEFAULT);
        x.connect("x1");
        y.connect("y1");

        nodeX.broadcast(event("kept"), BroadcastOptions.ALL);
        nodeX.broadcast(event("dropped"), new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withVolatile()));

        String atX = next(x);
        String atY = next(y);
        assertThat(atX).matches("send x1 \\[\"kept\",\"\\d+-0\"]");
        assertThat(atY).isEqualTo(atX.replace("x1", "y1"));
        assertThat(next(x)).isEqualTo("send x1 [\"dropped\"]");
        assertThat(next(y)).isEqualTo("send y1 [\"dropped\"]");
        recovering.close();
    }

    @Test
    void withRecoveryABroadcastThatCannotBePublishedIsStillDeliveredHereWithoutOffset() throws Exception {
        MemoryBus broken = new MemoryBus();
        FakeContext x = new FakeContext("x", true);
        MemoryBus.Plain nodeX = broken.new Plain(x, ClusterAdapterOptions.DEFAULT);
        x.connect("x1");
        broken.down = true;

        nodeX.broadcast(event("anyway"), BroadcastOptions.ALL);

        assertThat(next(x)).isEqualTo("send x1 [\"anyway\"]");
        broken.close();
    }

    @Test
    void withoutRecoveryNoOffsetIsAppended() throws Exception {
        b.connect("b1");

        nodeA.broadcast(event("plain"), BroadcastOptions.ALL);

        assertThat(next(b)).isEqualTo("send b1 [\"plain\"]");
    }

    @Test
    void aBroadcastWithAckCountsTheClientsOfEachNodeAndCollectsTheirAnswers() throws Exception {
        a.connect("a1");
        b.connect("b1");
        b.connect("b2");
        List<Integer> counts = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> all = new CompletableFuture<>();

        nodeA.broadcastWithAck(event("ask"), new BroadcastOptions(Set.of(), Set.of(),
                BroadcastFlags.DEFAULT.withTimeout(Duration.ofSeconds(5))), new BroadcastAckHandler() {
                    @Override
                    public void clientCount(int count) {
                        counts.add(count);
                    }

                    @Override
                    public void ack(JsonNode response) {
                        answers.add(response.asText());
                        if (answers.size() == 3) {
                            all.complete(null);
                        }
                    }
                });

        all.get(5, TimeUnit.SECONDS);
        // A node reports its count after its clients answered (they answer at once here).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counts.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(counts).containsExactlyInAnyOrder(1, 2);
        assertThat(answers).containsExactlyInAnyOrder("a1", "b1", "b2");
    }

    @Test
    void socketsJoinLeaveAndDisconnectReachTheOtherNode() throws Exception {
        b.connect("b1", "old");

        nodeA.addSockets(to(Set.of("b1"), Set.of()), Set.of("new"));
        awaitRooms(b, "b1", Set.of("b1", "old", "new"));
        nodeA.delSockets(to(Set.of("old"), Set.of()), Set.of("old"));
        awaitRooms(b, "b1", Set.of("b1", "new"));
        nodeA.disconnectSockets(to(Set.of("new"), Set.of()), true);

        assertThat(next(b)).isEqualTo("disconnect b1 true");
    }

    private static void awaitRooms(FakeContext ctx, String id, Set<String> rooms) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!rooms.equals(ctx.adapter.socketRooms(id))) {
            assertThat(System.nanoTime()).as(id + " in " + rooms).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void fetchSocketsGathersEveryNodesSockets() throws Exception {
        a.connect("a1", "r");
        b.connect("b1", "r");
        b.connect("b2");

        List<SocketDetails> found = await(nodeA.fetchSockets(to(Set.of("r"), Set.of())));

        assertThat(found).extracting(SocketDetails::id).containsExactly("a1", "b1");
        SocketDetails remote = found.get(1);
        assertThat(remote.rooms()).containsExactlyInAnyOrder("b1", "r");
        assertThat(remote.data().get("node").asText()).isEqualTo("b");
        assertThat(remote.handshake().get("url").asText()).isEqualTo("/b");
    }

    @Test
    void fetchSocketsFailsWhenANodeDoesNotAnswerInTime() {
        bus.deaf.add(nodeB.uid());

        var pending = nodeA.fetchSockets(new BroadcastOptions(Set.of(), Set.of(),
                BroadcastFlags.DEFAULT.withTimeout(Duration.ofMillis(200)))).toCompletableFuture();

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class)
                .hasMessage("timeout reached: only 0 responses received out of 1");
    }

    @Test
    void serverSideEmitReachesTheOtherNodesListenersAndCollectsTheirAnswers() throws Exception {
        nodeA.serverSideEmit(data("ping", "1"));
        assertThat(next(b)).isEqualTo("server-side [\"ping\",\"1\"]");

        CompletableFuture<List<String>> answers = new CompletableFuture<>();
        nodeA.serverSideEmitWithAck(data("ping", "2"), (error, responses) -> {
            List<String> texts = new ArrayList<>();
            responses.forEach(r -> texts.add(r.asText()));
            answers.complete(error == null ? texts : List.of(error.getMessage()));
        });

        assertThat(answers.get(5, TimeUnit.SECONDS)).containsExactly("pong-b");
        assertThat(next(b)).isEqualTo("server-side [\"ping\",\"2\"]");
        assertThat(a.log).isEmpty();
    }

    @Test
    void serverSideEmitWithAckHandsOverPartialAnswersOnTimeout() throws Exception {
        MemoryBus slow = new MemoryBus();
        FakeContext x = new FakeContext("x", false);
        MemoryBus.Plain nodeX = slow.new Plain(x, ClusterAdapterOptions.DEFAULT.withRequestsTimeout(Duration.ofMillis(300)));
        slow.new Plain(new FakeContext("y", false), ClusterAdapterOptions.DEFAULT);
        MemoryBus.Plain z = slow.new Plain(new FakeContext("z", false), ClusterAdapterOptions.DEFAULT);
        slow.deaf.add(z.uid());
        CompletableFuture<String> outcome = new CompletableFuture<>();

        nodeX.serverSideEmitWithAck(data("ping"), (error, responses) ->
                outcome.complete(error.getMessage() + " " + responses));

        assertThat(outcome.get(5, TimeUnit.SECONDS))
                .isEqualTo("timeout reached: only 1 responses received out of 2 [\"pong-y\"]");
        slow.close();
    }

    @Test
    void messagesOfOtherNamespacesAndOwnMessagesAreIgnored() throws Exception {
        b.connect("b1");

        nodeB.onMessage(new ClusterMessage(MessageType.SERVER_SIDE_EMIT,
                N.objectNode().set("packet", data("elsewhere")), "other", "/admin"), null);
        nodeB.onMessage(new ClusterMessage(MessageType.SERVER_SIDE_EMIT,
                N.objectNode().set("packet", data("mine")), nodeB.uid(), "/"), null);
        nodeB.onMessage(new ClusterMessage(MessageType.SERVER_SIDE_EMIT,
                N.objectNode().set("packet", data("from-emitter")), ClusterAdapter.EMITTER_UID, "/"), null);

        assertThat(next(b)).isEqualTo("server-side [\"from-emitter\"]");
        assertThat(b.log).isEmpty();
    }
}
