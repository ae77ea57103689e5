package dev.switchboard.postgres;

import static dev.switchboard.postgres.NodePeer.args;
import static dev.switchboard.postgres.NodePeer.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.RemoteSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Java servers and a Node server (socket.io 4.8 with {@code @socket.io/postgres-adapter}
 * 0.5.0 from npm) on a real PostgreSQL, each operation checked in both directions with the
 * official JS client connected to each server; binary and large payloads through the
 * attachments table, and its cleanup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresAdapterNodeInteropTest {

    /** Attachments older than 3 s are deleted every 3 s on the Java side (30 s on the Node side). */
    private static final PostgresAdapterOptions OPTIONS =
            PostgresAdapterOptions.DEFAULT.withCleanupInterval(Duration.ofSeconds(3));

    private PostgresServer postgres;
    private NodePeer peer;
    private JavaNode j1;
    private JavaNode j2;
    private String nodeUrl;
    private final List<String> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        postgres = PostgresServer.start();
        peer = NodePeer.start();
        j1 = new JavaNode("j1", postgres.url(), OPTIONS).awaitReady();
        j2 = new JavaNode("j2", postgres.url(), OPTIONS).awaitReady();
        nodeUrl = peer.startServer(postgres.url());
        eventually("every node knows the two others", () -> count(j1) == 3 && count(j2) == 3
                && peer.call("serverCount", null).asInt() == 3);
    }

    @AfterEach
    void closeClients() {
        for (String name : clients) {
            peer.call("closeClient", fields("name", name));
        }
        clients.clear();
        eventually("the clients of a test are gone", () -> j1.main().sockets().isEmpty()
                && j2.main().sockets().isEmpty() && peer.call("serverSockets", null).isEmpty());
    }

    @AfterAll
    void stopCluster() {
        Teardown.closeInOrder(peer, j1, j2, postgres);
    }

    private static int count(JavaNode node) {
        return await(node.adapter().serverCount());
    }

    private String client(String name, String url, String... events) {
        clients.add(name);
        return peer.connectClient(name, url, events);
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void eventually(String what, BooleanSupplier condition) {
        within(Duration.ofSeconds(20), what, condition);
    }

    private static void within(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private long attachments() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port()
                + "/postgres?user=postgres"); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM socket_io_attachments")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> texts(Iterable<JsonNode> values) {
        List<String> out = new ArrayList<>();
        values.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void everyNodeCountsThreeServersThroughHeartbeats() {
        assertThat(count(j1)).isEqualTo(3);
        assertThat(j1.adapter().knownNodes()).hasSize(2).contains(j2.adapter().uid());
        assertThat(peer.call("serverCount", null).asInt()).isEqualTo(3);
    }

    @Test
    void binaryBroadcastsTravelAsAttachmentsBothWays() {
        client("onNode", nodeUrl, "hello");
        client("onJ2", j2.url(), "hello");

        j1.io.emit("hello", "from-java", new byte[] {1, 2, 3});
        for (String name : List.of("onNode", "onJ2")) {
            JsonNode args = peer.nextEvent(name, "hello");
            assertThat(args.get(0).asText()).isEqualTo("from-java");
            assertThat(NodePeer.bin(args.get(1))).containsExactly(1, 2, 3);
        }
        peer.call("serverEmit", fields("event", "hello", "args", args("from-node", new byte[] {4, 5})));
        JsonNode atJava = peer.nextEvent("onJ2", "hello");
        assertThat(atJava.get(0).asText()).isEqualTo("from-node");
        assertThat(NodePeer.bin(atJava.get(1))).containsExactly(4, 5);
    }

    @Test
    void largePayloadsTravelAsAttachmentsBothWaysAndAreCleanedUp() {
        client("onNode", nodeUrl, "big");
        client("onJ2", j2.url(), "big");
        String big = "x".repeat(20_000);

        j1.io.emit("big", big);
        assertThat(peer.nextEvent("onNode", "big").get(0).asText()).isEqualTo(big);
        peer.call("serverEmit", fields("event", "big", "args", args(big + "!")));
        // j1's arrived at j2 before the Node server published its own.
        assertThat(peer.nextEvent("onJ2", "big").get(0).asText()).isEqualTo(big);
        assertThat(peer.nextEvent("onJ2", "big").get(0).asText()).isEqualTo(big + "!");
        assertThat(attachments()).as("both went through the table").isPositive();

        eventually("the attachments older than the cleanup interval are deleted", () -> attachments() == 0);
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
        j2.io.emit("end");
        peer.call("serverEmit", fields("event", "end"));

        for (String name : List.of("nodeMember", "javaMember", "javaOther")) {
            peer.nextEvent(name, "end");
            peer.nextEvent(name, "end");
        }
        for (String name : List.of("nodeMember", "javaMember")) {
            List<String> got = new ArrayList<>();
            peer.drainEvents(name, "news").forEach(a -> got.add(a.get(0).asText()));
            assertThat(got).as(name).containsExactlyInAnyOrder("java-to-room1", "node-to-room1");
        }
        assertThat(peer.drainEvents("javaOther", "news")).isEmpty();
    }

    @Test
    void broadcastsWithAckCollectEveryClientsAnswerBothWays() {
        client("n", nodeUrl);
        client("j", j1.url());

        EventArgs fromJava = await(j2.io.timeout(Duration.ofSeconds(5)).emitWithAck("ask"));
        List<String> javaAnswers = new ArrayList<>();
        fromJava.forEach(n -> javaAnswers.add(n.asText()));
        assertThat(javaAnswers).containsExactlyInAnyOrder("n", "j");
        assertThat(texts(peer.call("serverEmitWithAck", fields("event", "ask", "timeout", 5000))))
                .containsExactlyInAnyOrder("n", "j");
    }

    @Test
    void fetchSocketsSeesTheOtherSidesSocketsBothWays() {
        String nodeSocket = client("n", nodeUrl, "direct");
        String javaSocket = client("j", j1.url(), "direct");

        List<RemoteSocket> fromJava = await(j2.io.fetchSockets());
        assertThat(fromJava).extracting(RemoteSocket::id).containsExactlyInAnyOrder(nodeSocket, javaSocket);
        RemoteSocket remote = fromJava.stream().filter(s -> s.id().equals(nodeSocket)).findFirst().orElseThrow();
        assertThat(remote.data(JsonNode.class).get("node").asText()).isEqualTo("node");
        remote.emit("direct", "java-to-node-socket");
        assertThat(peer.nextEvent("n", "direct").get(0).asText()).isEqualTo("java-to-node-socket");

        List<String> ids = new ArrayList<>();
        peer.call("fetchSockets", null).forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).containsExactlyInAnyOrder(nodeSocket, javaSocket);
        peer.call("remoteEmit", fields("socketId", javaSocket, "event", "direct", "args", args("node-to-java-socket")));
        assertThat(peer.nextEvent("j", "direct").get(0).asText()).isEqualTo("node-to-java-socket");
    }

    @Test
    void socketsJoinAndDisconnectSocketsWorkBothWays() {
        String nodeSocket = client("n", nodeUrl, "in-x");
        String javaSocket = client("j", j1.url(), "in-x");

        j2.io.in(nodeSocket).socketsJoin("x-from-java");
        peer.call("socketsJoin", fields("rooms", List.of(javaSocket), "target", List.of("x-from-node")));
        eventually("both joined", () -> await(j2.io.in("x-from-java").fetchSockets()).size() == 1
                && await(j2.io.in("x-from-node").fetchSockets()).size() == 1);
        j1.io.to("x-from-java").emit("in-x", "n joined");
        assertThat(peer.nextEvent("n", "in-x").get(0).asText()).isEqualTo("n joined");

        j2.io.in(nodeSocket).disconnectSockets(true);
        assertThat(peer.call("awaitDisconnect", fields("name", "n")).asText()).isEqualTo("io server disconnect");
        peer.call("disconnectSockets", fields("rooms", List.of(javaSocket), "close", true));
        assertThat(peer.call("awaitDisconnect", fields("name", "j")).asText()).isEqualTo("io server disconnect");
    }

    @Test
    void serverSideEmitWithAndWithoutAckWorksBothWays() throws Exception {
        j1.io.serverSideEmit("ping", "from-j1", 1);
        assertThat(j2.serverSideEvents.poll(10, TimeUnit.SECONDS)).hasToString("[\"from-j1\",1]");
        eventually("the Node server got it", () -> peer.call("serverSideEvents", null).toString().equals("[[\"from-j1\",1]]"));

        EventArgs answers = await(j1.io.serverSideEmitWithAck("ping", "?"));
        List<String> fromJava = new ArrayList<>();
        answers.forEach(n -> fromJava.add(n.asText()));
        assertThat(fromJava).containsExactlyInAnyOrder("pong-j2", "pong-node");
        assertThat(texts(peer.call("serverSideEmitWithAck", fields("event", "ping", "args", args("?")))))
                .containsExactlyInAnyOrder("pong-j1", "pong-j2");
        j1.serverSideEvents.clear();
        j2.serverSideEvents.clear();
        peer.call("serverSideEvents", null);
    }

    @Test
    void aJavaServerThatClosesIsForgottenByTheNodeServerAtOnce() {
        JavaNode j3 = new JavaNode("j3", postgres.url(), OPTIONS).awaitReady();
        eventually("Node counts four", () -> peer.call("serverCount", null).asInt() == 4);

        j3.close();

        // Well before the 10 s heartbeat timeout: the goodbye (ADAPTER_CLOSE) did it.
        within(Duration.ofSeconds(3), "Node counts three again", () -> peer.call("serverCount", null).asInt() == 3);
        within(Duration.ofSeconds(3), "j1 counts three again", () -> count(j1) == 3);
    }
}
