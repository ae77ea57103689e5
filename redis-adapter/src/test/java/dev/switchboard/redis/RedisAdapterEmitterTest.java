package dev.switchboard.redis;

import static dev.switchboard.redis.NodePeer.args;
import static dev.switchboard.redis.NodePeer.fields;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code @socket.io/redis-emitter} 5.1 (a Node process with no socket.io server) publishing into a
 * cluster of two Java servers: official Java clients receive what it emits, and its join, leave,
 * disconnect and server-side emits are applied.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisAdapterEmitterTest {

    private RedisServer redis;
    private NodePeer emitter;
    private JavaNode j1;
    private JavaNode j2;

    @BeforeAll
    void start() throws Exception {
        redis = RedisServer.start();
        emitter = NodePeer.start();
        j1 = new JavaNode("j1", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
        j2 = new JavaNode("j2", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
        for (JavaNode n : List.of(j1, j2)) {
            ((RedisAdapter) n.io.of("/admin").adapter()).ready().get(10, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void awaitClientsGone() {
        j1.awaitNoSockets();
        j2.awaitNoSockets();
    }

    @AfterAll
    void stop() {
        Teardown.closeInOrder(emitter, j1, j2, redis);
    }

    private void emit(Object... keyValues) {
        Object[] all = new Object[keyValues.length + 2];
        all[0] = "redisUrl";
        all[1] = redis.uri();
        System.arraycopy(keyValues, 0, all, 2, keyValues.length);
        emitter.call("emit", fields(all));
    }

    @Test
    void emitsWithBinaryReachJavaClientsOnEveryServer() {
        try (TestClient a = j1.client("a", "news"); TestClient b = j2.client("b", "news")) {
            emit("event", "news", "args", args("from-emitter", new byte[] {7, 7}));

            for (TestClient c : List.of(a, b)) {
                Object[] got = c.next("news");
                assertThat(got[0]).isEqualTo("from-emitter");
                assertThat((byte[]) got[1]).containsExactly(7, 7);
            }
        }
    }

    @Test
    void roomAndExceptTargetsAreHonoured() {
        try (TestClient a = j1.client("a", "news", "end"); TestClient b = j2.client("b", "news", "end");
                TestClient c = j2.client("c", "news", "end")) {
            a.emitWithAck("join", "room1");
            b.emitWithAck("join", "room1");
            b.emitWithAck("join", "muted");

            emit("rooms", List.of("room1"), "except", List.of("muted"), "event", "news", "args", args("room1 only"));
            emit("event", "end");

            for (TestClient x : List.of(a, b, c)) {
                x.next("end");
            }
            assertThat(a.drain("news")).extracting(x -> x[0]).containsExactly("room1 only");
            assertThat(b.drain("news")).isEmpty();
            assertThat(c.drain("news")).isEmpty();
        }
    }

    @Test
    void emitsToAnotherNamespaceReachOnlyThatNamespace() {
        try (TestClient main = j1.client("main", "news");
                TestClient admin = TestClient.connect(j2.url() + "/admin", "admin", "news")) {
            emit("nsp", "/admin", "event", "news", "args", args("for admins"));
            emit("event", "news", "args", args("for everyone"));

            assertThat(admin.next("news")[0]).isEqualTo("for admins");
            assertThat(main.next("news")[0]).isEqualTo("for everyone");
            assertThat(main.drain("news")).isEmpty();
        }
    }

    @Test
    void socketsJoinLeaveAndDisconnectFromTheEmitterAreApplied() {
        try (TestClient a = j1.client("a", "news", "end"); TestClient b = j2.client("b", "news", "end")) {
            emit("action", "socketsJoin", "rooms", List.of(a.id()), "target", List.of("joined-by-emitter"));
            awaitMember(j1, a.id(), "joined-by-emitter", true);
            emit("rooms", List.of("joined-by-emitter"), "event", "news", "args", args("welcome"));
            assertThat(a.next("news")[0]).isEqualTo("welcome");

            emit("action", "socketsLeave", "rooms", List.of(a.id()), "target", List.of("joined-by-emitter"));
            awaitMember(j1, a.id(), "joined-by-emitter", false);

            emit("action", "disconnectSockets", "rooms", List.of(b.id()), "close", true);
            assertThat(b.awaitDisconnect()).isEqualTo("io server disconnect");
            assertThat(a.isDisconnected()).isFalse();
        }
    }

    private static void awaitMember(JavaNode node, String id, String room, boolean member) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var socket = node.main().socket(id);
            if (socket != null && socket.rooms().contains(room) == member) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError(id + (member ? " never joined " : " never left ") + room);
    }

    @Test
    void serverSideEmitsFromTheEmitterReachEveryJavaServer() throws Exception {
        emit("action", "serverSideEmit", "event", "ping", "args", args("from-emitter", 3));

        assertThat(j1.serverSideEvents.poll(10, TimeUnit.SECONDS)).hasToString("[\"from-emitter\",3]");
        assertThat(j2.serverSideEvents.poll(10, TimeUnit.SECONDS)).hasToString("[\"from-emitter\",3]");
    }
}
