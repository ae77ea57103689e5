package dev.switchboard.redis;

import static dev.switchboard.redis.NodePeer.args;
import static dev.switchboard.redis.NodePeer.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.RemoteSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Java servers and a Node server (socket.io 4.8 with {@code @socket.io/redis-adapter} 8.x from
 * npm) on one Redis, each operation checked in both directions, with the official JS client
 * connected to each server. Subclasses choose the protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MixedClusterContract {

    RedisServer redis;
    NodePeer peer;
    JavaNode j1;
    JavaNode j2;
    String nodeUrl;
    private final List<String> clients = new ArrayList<>();

    /** The Java servers' options. */
    abstract RedisAdapterOptions options();

    /** The peer's mode: {@code classic}, {@code sharded} or {@code streams}. */
    abstract String nodeMode();

    /** Starts a Java server of the cluster, on the adapter under test. */
    JavaNode javaNode(String name) {
        return new JavaNode(name, redis.uri(), options());
    }

    @BeforeAll
    void startCluster() {
        redis = RedisServer.start();
        peer = NodePeer.start();
        j1 = javaNode("j1").awaitReady();
        j2 = javaNode("j2").awaitReady();
        nodeUrl = peer.startServer(redis.uri(), nodeMode());
    }

    @AfterEach
    void closeClients() {
        for (String name : clients) {
            peer.call("closeClient", fields("name", name));
        }
        clients.clear();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!j1.main().sockets().isEmpty() || !j2.main().sockets().isEmpty()
                || !peer.call("serverSockets", null).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clients of a test are still connected");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @AfterAll
    void stopCluster() {
        Teardown.closeInOrder(peer, j1, j2, redis);
    }

    /** Connects an official JS client to a server; returns its socket id. */
    String client(String name, String url, String... events) {
        clients.add(name);
        return peer.connectClient(name, url, events);
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(EventArgs args) {
        List<String> out = new ArrayList<>();
        args.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void bothSidesCountThreeServers() {
        assertThat(await(j1.main().adapter().serverCount())).isEqualTo(3);
        assertThat(peer.call("serverCount", null).asInt()).isEqualTo(3);
    }

    @Test
    void javaBroadcastsWithBinaryReachClientsOfTheNodeServer() {
        client("onNode", nodeUrl, "hello");
        client("onJ2", j2.url(), "hello");

        j1.io.emit("hello", "from-java", new byte[] {1, 2, 3});

        for (String name : List.of("onNode", "onJ2")) {
            JsonNode args = peer.nextEvent(name, "hello");
            assertThat(args.get(0).asText()).isEqualTo("from-java");
            assertThat(NodePeer.bin(args.get(1))).containsExactly(1, 2, 3);
        }
    }

    @Test
    void nodeBroadcastsWithBinaryReachClientsOfJavaServers() {
        client("onJ1", j1.url(), "hello");
        client("onJ2", j2.url(), "hello");

        peer.call("serverEmit", fields("event", "hello", "args", args("from-node", new byte[] {4, 5})));

        for (String name : List.of("onJ1", "onJ2")) {
            JsonNode args = peer.nextEvent(name, "hello");
            assertThat(args.get(0).asText()).isEqualTo("from-node");
            assertThat(NodePeer.bin(args.get(1))).containsExactly(4, 5);
        }
    }

    @Test
    void roomBroadcastsCrossInBothDirectionsAndRespectExcept() {
        client("nodeMember", nodeUrl, "news", "end");
        client("javaMember", j1.url(), "news", "end");
        client("javaOther", j2.url(), "news", "end");
        peer.call("clientEmitWithAck", fields("name", "nodeMember", "event", "join", "args", args("room1")));
        peer.call("clientEmitWithAck", fields("name", "javaMember", "event", "join", "args", args("room1")));
        peer.call("clientEmitWithAck", fields("name", "javaOther", "event", "join", "args", args("quiet")));

        j2.io.to("room1").emit("news", "java-to-room1");
        peer.call("serverEmit", fields("rooms", List.of("room1", "quiet"), "except", List.of("quiet"),
                "event", "news", "args", args("node-to-room1")));
        // One end marker per publisher: Redis keeps each publisher's order, not the order between them.
        j2.io.emit("end");
        peer.call("serverEmit", fields("event", "end"));

        for (String name : List.of("nodeMember", "javaMember", "javaOther")) {
            peer.nextEvent(name, "end");
            peer.nextEvent(name, "end");
        }
        assertThat(texts(flatten(peer.drainEvents("nodeMember", "news")))).containsExactlyInAnyOrder("java-to-room1", "node-to-room1");
        assertThat(texts(flatten(peer.drainEvents("javaMember", "news")))).containsExactlyInAnyOrder("java-to-room1", "node-to-room1");
        assertThat(peer.drainEvents("javaOther", "news")).isEmpty();
    }

    /** The first argument of each arrival. */
    private static JsonNode flatten(JsonNode arrivals) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        arrivals.forEach(a -> out.add(a.get(0)));
        return out;
    }

    @Test
    void socketBroadcastsFromEitherSideReachTheOther() {
        client("n", nodeUrl, "relayed");
        client("j", j1.url(), "relayed");

        peer.call("clientEmit", fields("name", "n", "event", "relay", "args", args("from-n")));
        assertThat(peer.nextEvent("j", "relayed").get(0).asText()).isEqualTo("from-n");

        peer.call("clientEmit", fields("name", "j", "event", "relay", "args", args("from-j")));
        assertThat(peer.nextEvent("n", "relayed").get(0).asText()).isEqualTo("from-j");
    }

    @Test
    void javaBroadcastWithAckCollectsTheNodeClientsAnswer() {
        client("n", nodeUrl);
        client("j", j1.url());

        // j2 has no client and must still be counted.
        EventArgs answers = await(j2.io.timeout(Duration.ofSeconds(5)).emitWithAck("ask"));

        assertThat(texts(answers)).containsExactlyInAnyOrder("n", "j");
    }

    @Test
    void nodeBroadcastWithAckCollectsTheJavaClientsAnswersIncludingZeroCounts() {
        client("j", j1.url());
        client("n", nodeUrl);

        // j2 has no client: it must answer with a client count of 0 or Node times out.
        JsonNode answers = peer.call("serverEmitWithAck", fields("event", "ask", "timeout", 5000));

        assertThat(texts(answers)).containsExactlyInAnyOrder("j", "n");
    }

    @Test
    void fetchSocketsSeesTheOtherSidesSocketsAndCanEmitToThem() {
        String nodeSocket = client("n", nodeUrl, "direct");
        String javaSocket = client("j", j1.url(), "direct");
        peer.call("clientEmitWithAck", fields("name", "n", "event", "join", "args", args("fetch-me")));

        List<RemoteSocket> fromJava = await(j2.io.fetchSockets());
        assertThat(fromJava).extracting(RemoteSocket::id).containsExactlyInAnyOrder(nodeSocket, javaSocket);
        RemoteSocket remote = fromJava.stream().filter(s -> s.id().equals(nodeSocket)).findFirst().orElseThrow();
        assertThat(remote.rooms()).containsExactlyInAnyOrder(nodeSocket, "fetch-me");
        assertThat(remote.data(JsonNode.class).get("node").asText()).isEqualTo("node");
        assertThat(remote.handshake().url()).startsWith("/socket.io/?EIO=4");
        remote.emit("direct", "java-to-node-socket");
        assertThat(peer.nextEvent("n", "direct").get(0).asText()).isEqualTo("java-to-node-socket");

        JsonNode fromNode = peer.call("fetchSockets", null);
        List<String> ids = new ArrayList<>();
        fromNode.forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(nodeSocket, javaSocket);
        JsonNode javaEntry = null;
        for (JsonNode s : fromNode) {
            if (s.get("id").asText().equals(javaSocket)) {
                javaEntry = s;
            }
        }
        assertThat(javaEntry.get("data").get("node").asText()).isEqualTo("j1");
        assertThat(javaEntry.get("rooms")).hasSize(1);
        assertThat(javaEntry.get("url").asText()).startsWith("/socket.io/?EIO=4");
        peer.call("remoteEmit", fields("socketId", javaSocket, "event", "direct", "args", args("node-to-java-socket")));
        assertThat(peer.nextEvent("j", "direct").get(0).asText()).isEqualTo("node-to-java-socket");
    }

    @Test
    void socketsJoinAndLeaveWorkInBothDirections() {
        String nodeSocket = client("n", nodeUrl, "in-x");
        String javaSocket = client("j", j1.url(), "in-x");

        j2.io.in(nodeSocket).socketsJoin("x-from-java");
        peer.call("socketsJoin", fields("rooms", List.of(javaSocket), "target", List.of("x-from-node")));
        awaitRoom(nodeSocket, "x-from-java", true);
        awaitRoom(javaSocket, "x-from-node", true);

        j1.io.to("x-from-java").emit("in-x", "n joined");
        assertThat(peer.nextEvent("n", "in-x").get(0).asText()).isEqualTo("n joined");
        peer.call("serverEmit", fields("rooms", List.of("x-from-node"), "event", "in-x", "args", args("j joined")));
        assertThat(peer.nextEvent("j", "in-x").get(0).asText()).isEqualTo("j joined");

        j2.io.in(nodeSocket).socketsLeave("x-from-java");
        peer.call("socketsLeave", fields("rooms", List.of(javaSocket), "target", List.of("x-from-node")));
        awaitRoom(nodeSocket, "x-from-java", false);
        awaitRoom(javaSocket, "x-from-node", false);
    }

    private void awaitRoom(String id, String room, boolean member) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<RemoteSocket> found = await(j2.io.in(id).fetchSockets());
            if (!found.isEmpty() && found.get(0).rooms().contains(room) == member) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError(id + (member ? " never joined " : " never left ") + room);
    }

    @Test
    void disconnectSocketsWorksInBothDirections() {
        String nodeSocket = client("n", nodeUrl);
        String javaSocket = client("j", j1.url());

        j2.io.in(nodeSocket).disconnectSockets(true);
        assertThat(peer.call("awaitDisconnect", fields("name", "n")).asText()).isEqualTo("io server disconnect");

        peer.call("disconnectSockets", fields("rooms", List.of(javaSocket), "close", true));
        assertThat(peer.call("awaitDisconnect", fields("name", "j")).asText()).isEqualTo("io server disconnect");
    }

    @Test
    void serverSideEmitWorksInBothDirections() throws Exception {
        j1.io.serverSideEmit("ping", "from-j1", 1);
        JsonNode atJ2 = j2.serverSideEvents.poll(10, TimeUnit.SECONDS);
        assertThat(atJ2).hasToString("[\"from-j1\",1]");
        JsonNode atNode = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((atNode == null || atNode.isEmpty()) && System.nanoTime() < deadline) {
            atNode = peer.call("serverSideEvents", null);
        }
        assertThat(atNode).hasToString("[[\"from-j1\",1]]");

        peer.call("serverSideEmit", fields("event", "ping", "args", args("from-node")));
        assertThat(j1.serverSideEvents.poll(10, TimeUnit.SECONDS)).hasToString("[\"from-node\"]");
        assertThat(j2.serverSideEvents.poll(10, TimeUnit.SECONDS)).hasToString("[\"from-node\"]");
    }

    @Test
    void serverSideEmitWithAckWorksInBothDirections() {
        assertThat(texts(await(j1.io.serverSideEmitWithAck("ping", "?")))).containsExactlyInAnyOrder("pong-j2", "pong-node");
        assertThat(texts(peer.call("serverSideEmitWithAck", fields("event", "ping", "args", args("?")))))
                .containsExactlyInAnyOrder("pong-j1", "pong-j2");
        j1.serverSideEvents.clear();
        j2.serverSideEvents.clear();
        peer.call("serverSideEvents", null);
    }
}
