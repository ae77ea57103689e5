package dev.switchboard.redis;

import static dev.switchboard.redis.NodePeer.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A server of a Streams cluster killed with SIGKILL while official JS clients (in another
 * process) are connected to it: the cluster forgets it, and its clients come back through a Java
 * server and receive the cluster's broadcasts again. A killed server persists no session (a
 * session is kept when its socket disconnects, on the server that had it, in Node as here), so
 * the clients start new sessions: {@code socket.recovered} is false.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStreamsCrashTest {

    private RedisServer redis;
    private NodePeer server;
    private NodePeer clients;
    private JavaNode j1;
    private String nodeUrl;

    @BeforeAll
    void startCluster() {
        redis = RedisServer.start();
        server = NodePeer.start();
        clients = NodePeer.start();
        j1 = new JavaNode("j1", redis.uri(), RedisStreamsAdapterOptions.DEFAULT, true).awaitReady();
        nodeUrl = server.startServer(redis.uri(), "streams");
    }

    @AfterAll
    void stopCluster() {
        Teardown.closeInOrder(clients, server, j1, redis);
    }

    private static void eventually(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void clientsOfAKilledServerComeBackThroughAnotherAndReceiveTheClusterAgain() {
        clients.connectClient("c1", nodeUrl, "news");
        clients.connectClient("c2", nodeUrl, "news");
        eventually("two servers", () -> MixedClusterContract.await(j1.main().adapter().serverCount()) == 2);
        j1.io.emit("news", "before");
        for (String c : new String[] {"c1", "c2"}) {
            assertThat(clients.nextEvent(c, "news").get(0).asText()).isEqualTo("before");
        }

        server.kill();

        for (String c : new String[] {"c1", "c2"}) {
            assertThat(clients.call("awaitDisconnect", fields("name", c)).asText()).isEqualTo("transport close");
        }
        eventually("the cluster forgets the killed server",
                () -> MixedClusterContract.await(j1.main().adapter().serverCount()) == 1);
        for (String c : new String[] {"c1", "c2"}) {
            JsonNode back = clients.call("reconnectClient", fields("name", c, "url", j1.url()));
            assertThat(back.get("recovered").asBoolean()).as("no session survived the kill").isFalse();
        }
        j1.io.emit("news", "after");
        for (String c : new String[] {"c1", "c2"}) {
            assertThat(clients.nextEvent(c, "news").get(0).asText()).isEqualTo("after");
        }
    }
}
