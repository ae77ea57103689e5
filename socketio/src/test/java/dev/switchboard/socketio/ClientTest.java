package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientTest {

    private Harness h = new Harness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    private Harness use(SocketIoServer io) {
        h.close();
        h = new Harness(io);
        return h;
    }

    @Test
    void secondConnectToTheSameNamespaceClosesTheConnection() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> s.onDisconnect((r, d) -> reasons.add(r.text())));
        FakeEngineSocket conn = h.connect("/");
        conn.receive("0");
        assertThat(conn.closed()).isTrue();
        assertThat(reasons).containsExactly("forced server close");
    }

    @Test
    void packetForANamespaceNotJoinedClosesTheConnection() {
        h.io.of("/admin");
        FakeEngineSocket conn = h.connect("/");
        conn.receive("2/admin,[\"x\"]");
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void connectErrorFromTheClientClosesTheConnection() {
        FakeEngineSocket conn = h.connect("/");
        conn.receive("4{\"message\":\"x\"}");
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void undecodablePacketReachesErrorListenersThenClosesWithForcedClose() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> {
            s.onError(e -> got.add("error " + e.getMessage()));
            s.onDisconnect((r, d) -> got.add("disconnect " + r.text()));
        });
        FakeEngineSocket conn = h.connect("/");
        conn.receive("2[\"disconnect\"]");
        assertThat(conn.closed()).isTrue();
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).startsWith("error ");
        assertThat(got.get(1)).isEqualTo("disconnect forced close");
    }

    @Test
    void connectTimeoutClosesAConnectionThatJoinedNoNamespace() throws Exception {
        use(SocketIoServer.builder().connectTimeout(Duration.ofMillis(50)).build());
        FakeEngineSocket idle = h.open();
        CountDownLatch closed = new CountDownLatch(1);
        idle.onClose((r, d) -> closed.countDown());
        assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(idle.closeCalls()).isEqualTo(1);
    }

    @Test
    void connectTimeoutIsClearedByTheFirstConnect() throws Exception {
        use(SocketIoServer.builder().connectTimeout(Duration.ofMillis(50)).build());
        FakeEngineSocket joined = h.connect("/");
        FakeEngineSocket idle = h.open();
        CountDownLatch idleClosed = new CountDownLatch(1);
        idle.onClose((r, d) -> idleClosed.countDown());
        // The idle connection's timer fired later than the joined one's would have.
        assertThat(idleClosed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(joined.closed()).isFalse();
        assertThat(joined.closeCalls()).isZero();
    }

    @Test
    void unknownNamespaceIsRefusedAndTheConnectionStays() {
        FakeEngineSocket conn = h.open();
        conn.receive("0/random,");
        assertThat(conn.sent()).containsExactly("4/random,{\"message\":\"Invalid namespace\"}");
        assertThat(conn.closed()).isFalse();
        conn.receive("0");
        assertThat(conn.sent()).hasSize(2);
    }

    @Test
    void namespacesConnectOnOneConnection() {
        h.io.of("/admin");
        FakeEngineSocket conn = h.connect("/");
        conn.receive("0/admin,{\"token\":\"abc\"}");
        String reply = conn.sent().get(1);
        assertThat(reply).matches("0/admin,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
        Socket admin = h.io.of("/admin").socket(Harness.sid(reply));
        assertThat(admin.handshake().auth().get("token").asText()).isEqualTo("abc");
        assertThat(admin.id()).isNotEqualTo(Harness.sid(conn.sent().get(0)));
    }

    @Test
    void packetsWrittenAfterAForcedCloseAreDropped() {
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> {
            sockets.add(s);
            s.onDisconnect((r, d) -> s.emit("too late"));
        });
        FakeEngineSocket conn = h.connect("/");
        conn.clearSent();
        conn.receive("0");
        assertThat(conn.closed()).isTrue();
        sockets.get(0).emit("after");
        assertThat(conn.sent()).isEmpty();
    }

    @Test
    void binaryAttachmentsAreReassembledAcrossMessages() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> s.on("two", (args, ack) -> got.add(args.size() + " "
                + args.get(0, byte[].class).length + " " + args.get(1, byte[].class).length)));
        FakeEngineSocket conn = h.connect("/");
        conn.receive("52-[\"two\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        conn.receive(new byte[] {1, 2});
        assertThat(got).isEmpty();
        conn.receive(new byte[] {3});
        assertThat(got).containsExactly("2 2 1");
    }
}
