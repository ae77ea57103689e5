package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.RemoteSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every Redis adapter mode must do: three Java servers on one real Redis, with official Java
 * clients on each; every cross-server operation, acknowledgements across servers, binary
 * payloads, many rooms. Subclasses choose the mode.
 */
// Clients opened only to be counted or answered are never referenced in their try blocks.
@SuppressWarnings("try")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterContract {

    RedisServer redis;
    JavaNode n1;
    JavaNode n2;
    JavaNode n3;

    /** The adapter options of the three servers. */
    abstract RedisAdapterOptions options();

    @BeforeAll
    void startCluster() {
        redis = RedisServer.start();
        n1 = new JavaNode("n1", redis.uri(), options()).awaitReady();
        n2 = new JavaNode("n2", redis.uri(), options()).awaitReady();
        n3 = new JavaNode("n3", redis.uri(), options()).awaitReady();
    }

    @AfterEach
    void awaitClientsGone() {
        for (JavaNode n : new JavaNode[] {n1, n2, n3}) {
            n.awaitNoSockets();
        }
    }

    @AfterAll
    void stopCluster() {
        Teardown.closeInOrder(n1, n2, n3, redis);
    }

    static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void countsThreeServers() {
        assertThat(await(n1.main().adapter().serverCount())).isEqualTo(3);
    }

    @Test
    void broadcastWithBinaryReachesTheClientsOfEveryServer() {
        try (TestClient c1 = n1.client("c1", "hello"); TestClient c2 = n2.client("c2", "hello");
                TestClient c3 = n3.client("c3", "hello")) {
            n1.io.emit("hello", "world", new byte[] {1, 2, 3});

            for (TestClient c : List.of(c1, c2, c3)) {
                Object[] args = c.next("hello");
                assertThat(args[0]).isEqualTo("world");
                assertThat((byte[]) args[1]).containsExactly(1, 2, 3);
            }
        }
    }

    @Test
    void roomBroadcastsReachOnlyTheRoomsMembersOnOtherServersMinusExceptRooms() {
        try (TestClient a = n1.client("a", "news", "end"); TestClient b = n2.client("b", "news", "end");
                TestClient c = n3.client("c", "news", "end")) {
            b.emitWithAck("join", "room1");
            c.emitWithAck("join", "room1");
            c.emitWithAck("join", "quiet");

            n1.io.to("room1").except("quiet").emit("news", "for room1");
            n1.io.emit("end");

            for (TestClient x : List.of(a, b, c)) {
                x.next("end");
            }
            assertThat(b.drain("news")).extracting(args -> args[0]).containsExactly("for room1");
            assertThat(a.drain("news")).isEmpty();
            assertThat(c.drain("news")).isEmpty();
        }
    }

    @Test
    void socketBroadcastReachesEveryoneButTheSenderAcrossServers() {
        try (TestClient a = n1.client("a", "relayed"); TestClient b = n2.client("b", "relayed");
                TestClient c = n3.client("c", "relayed")) {
            a.socket().emit("relay", "from-a");

            assertThat(b.next("relayed")[0]).isEqualTo("from-a");
            assertThat(c.next("relayed")[0]).isEqualTo("from-a");
            n1.io.emit("relayed", "marker");
            assertThat(a.next("relayed")[0]).isEqualTo("marker");
        }
    }

    @Test
    void localBroadcastsStayOnTheirServer() {
        try (TestClient a = n1.client("a", "x"); TestClient b = n2.client("b", "x")) {
            n1.io.local().emit("x", "local");
            n1.io.emit("x", "global");

            assertThat(a.next("x")[0]).isEqualTo("local");
            assertThat(a.next("x")[0]).isEqualTo("global");
            assertThat(b.next("x")[0]).isEqualTo("global");
            assertThat(b.drain("x")).isEmpty();
        }
    }

    @Test
    void broadcastWithAckCollectsTheAnswersOfClientsOnEveryServer() {
        try (TestClient a = n1.client("a"); TestClient b = n2.client("b"); TestClient b2 = n2.client("b2")) {
            // n3 has no client: it must still report a count of 0, or this would time out.
            EventArgs answers = await(n1.io.timeout(Duration.ofSeconds(5)).emitWithAck("ask", "q"));

            List<String> names = new ArrayList<>();
            answers.forEach(n -> names.add(n.asText()));
            assertThat(names).containsExactlyInAnyOrder("a", "b", "b2");
        }
    }

    @Test
    void broadcastWithAckToARoomOnAnotherServer() {
        try (TestClient a = n1.client("a"); TestClient c = n3.client("c")) {
            c.emitWithAck("join", "acked");

            EventArgs answers = await(n2.io.to("acked").timeout(Duration.ofSeconds(5)).emitWithAck("ask"));

            assertThat(answers.size()).isEqualTo(1);
            assertThat(answers.get(0).asText()).isEqualTo("c");
        }
    }

    @Test
    void fetchSocketsReturnsTheSocketsOfEveryServerWithTheirDetails() throws Exception {
        try (TestClient a = n1.client("a", "direct"); TestClient b = n2.client("b", "direct");
                TestClient c = n3.client("c", "direct")) {
            b.emitWithAck("join", "fetched");

            List<RemoteSocket> all = await(n3.io.fetchSockets());
            assertThat(all).extracting(RemoteSocket::id).containsExactlyInAnyOrder(a.id(), b.id(), c.id());

            RemoteSocket remoteB = all.stream().filter(s -> s.id().equals(b.id())).findFirst().orElseThrow();
            assertThat(remoteB.rooms()).containsExactlyInAnyOrder(b.id(), "fetched");
            assertThat(remoteB.data(JsonNode.class).get("node").asText()).isEqualTo("n2");
            assertThat(remoteB.handshake().url()).startsWith("/socket.io/?EIO=4");
            assertThat(remoteB.handshake().address()).contains("127.0.0.1");

            List<RemoteSocket> inRoom = await(n1.io.in("fetched").fetchSockets());
            assertThat(inRoom).extracting(RemoteSocket::id).containsExactly(b.id());

            // Operations on a remote socket travel through the adapter.
            inRoom.get(0).emit("direct", "to-b");
            assertThat(b.next("direct")[0]).isEqualTo("to-b");
            assertThat(a.drain("direct")).isEmpty();
        }
    }

    @Test
    void socketsJoinAndLeaveApplyToSocketsOnOtherServers() {
        try (TestClient b = n2.client("b", "in-x", "end")) {
            n1.io.in(b.id()).socketsJoin("room-x");
            // socketsJoin is fire-and-forget: a fetch after it sees the result once it is applied.
            awaitRooms(b.id(), true);
            n3.io.to("room-x").emit("in-x", 1);
            assertThat(b.next("in-x")[0]).isEqualTo(1);

            n3.io.in("room-x").socketsLeave("room-x");
            awaitRooms(b.id(), false);
            n1.io.to("room-x").emit("in-x", 2);
            n1.io.emit("end");
            b.next("end");
            assertThat(b.drain("in-x")).isEmpty();
        }
    }

    private void awaitRooms(String id, boolean inRoomX) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Set<String> rooms = await(n1.io.in(id).fetchSockets()).get(0).rooms();
            if (rooms.contains("room-x") == inRoomX) {
                return;
            }
        }
        throw new AssertionError(id + (inRoomX ? " never joined" : " never left") + " room-x");
    }

    @Test
    void disconnectSocketsClosesSocketsOnOtherServers() {
        try (TestClient a = n1.client("a"); TestClient b = n2.client("b")) {
            n3.io.in(a.id()).disconnectSockets(true);

            assertThat(a.awaitDisconnect()).isEqualTo("io server disconnect");
            assertThat(b.isDisconnected()).isFalse();
        }
    }

    @Test
    void serverSideEmitReachesTheOtherServersOnly() throws Exception {
        n1.io.serverSideEmit("ping", 42, Map.of("k", "v"));

        JsonNode at2 = n2.serverSideEvents.poll(10, TimeUnit.SECONDS);
        JsonNode at3 = n3.serverSideEvents.poll(10, TimeUnit.SECONDS);
        assertThat(at2).hasToString("[42,{\"k\":\"v\"}]");
        assertThat(at3).hasToString("[42,{\"k\":\"v\"}]");
        assertThat(n1.serverSideEvents).isEmpty();
    }

    @Test
    void serverSideEmitWithAckCollectsOneAnswerPerOtherServer() {
        EventArgs answers = await(n2.io.serverSideEmitWithAck("ping", "?"));

        List<String> texts = new ArrayList<>();
        answers.forEach(n -> texts.add(n.asText()));
        assertThat(texts).containsExactlyInAnyOrder("pong-n1", "pong-n3");
        n1.serverSideEvents.clear();
        n3.serverSideEvents.clear();
    }

    @Test
    void manyRoomsEachReceiveTheirOwnBroadcastsInOrder() {
        int count = 60;
        try (TestClient b = n2.client("b", "room-msg", "end")) {
            for (int i = 0; i < count; i++) {
                b.emitWithAck("join", "many-" + i);
            }
            for (int i = 0; i < count; i++) {
                n1.io.to("many-" + i).emit("room-msg", i, new byte[] {(byte) i});
            }
            n1.io.emit("end");
            b.next("end");

            List<Object[]> got = b.drain("room-msg");
            assertThat(got).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(got.get(i)[0]).isEqualTo(i);
                assertThat((byte[]) got.get(i)[1]).containsExactly((byte) i);
            }
        }
    }

    @Test
    void requestsToTheOtherServersAreCountedInTheAskingServersStats() {
        long requests = n2.io.stats().adapterRequests();
        long failures = n2.io.stats().adapterFailures();
        long answererRequests = n1.io.stats().adapterRequests();

        await(n2.io.fetchSockets());
        await(n2.io.serverSideEmitWithAck("ping", "counted"));

        assertThat(n2.io.stats().adapterRequests()).isEqualTo(requests + 2);
        assertThat(n2.io.stats().adapterFailures()).isEqualTo(failures);
        assertThat(n1.io.stats().adapterRequests()).as("answering is not asking").isEqualTo(answererRequests);
        n1.serverSideEvents.clear();
        n3.serverSideEvents.clear();
    }

    @Test
    void objectsAndNestedBinaryArriveIntact() throws Exception {
        try (TestClient c = n3.client("c", "obj")) {
            n1.io.emit("obj", Map.of("name", "ann", "blob", new byte[] {9, 8}));

            JSONObject obj = (JSONObject) c.next("obj")[0];
            assertThat(obj.getString("name")).isEqualTo("ann");
            assertThat((byte[]) obj.get("blob")).containsExactly(9, 8);
        }
    }
}
