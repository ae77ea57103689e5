package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.SocketIoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Spring's shutdown stops Socket.IO gracefully: new handshakes are refused at once, an
 * acknowledgement a handler still owes is answered, then the server closes the connection (as
 * socket.io's {@code io.close()}: the sockets leave with {@code server shutting down}, the client
 * sees {@code transport close}).
 */
class GracefulShutdownTest {

    /** A handler that answers when the test says so. */
    static class Slow {
        final CompletableFuture<String> answer = new CompletableFuture<>();
        final CompletableFuture<Void> asked = new CompletableFuture<>();

        final CompletableFuture<DisconnectReason> left = new CompletableFuture<>();

        @OnDisconnect
        void left(DisconnectReason reason) {
            left.complete(reason);
        }

        @OnEvent("slow")
        CompletableFuture<String> slow() {
            asked.complete(null);
            return answer;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class))
            .withPropertyValues("switchboard.server.port=0", "switchboard.server.host=127.0.0.1",
                    "spring.lifecycle.timeout-per-shutdown-phase=20s")
            .withBean(Slow.class);

    @Test
    void anOwedAckIsAnsweredBeforeTheServerDisconnectsAndNewHandshakesAreRefusedMeanwhile() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        runner.run(context -> {
            SocketIoLifecycle lifecycle = context.getBean(SocketIoLifecycle.class);
            int port = lifecycle.port();
            Slow slow = context.getBean(Slow.class);
            InFlightAcks inFlight = context.getBean(InFlightAcks.class);
            TestClient client = new TestClient(port, "/");
            CompletableFuture<String> acked = new CompletableFuture<>();
            client.socket.emit("slow", new Object[0], reply -> {
                order.add("ack " + reply[0]);
                acked.complete(String.valueOf(reply[0]));
            });
            client.disconnected.thenAccept(reason -> order.add("disconnect " + reason));
            slow.asked.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(inFlight.owed()).isEqualTo(1);
            TestClient.awaitWebSocket(context.getBean(SocketIoServer.class));

            CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_SECONDS);
            while (lifecycle.accepting() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(lifecycle.accepting()).as("the shutdown began").isFalse();

            HttpResponse<String> refused = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"server shutting down\"}");
            assertThat(client.disconnected).as("still connected while the ack is owed").isNotDone();

            slow.answer.complete("done");
            assertThat(acked.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done");
            assertThat(client.disconnected.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("transport close");
            closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(slow.left.getNow(null)).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
            assertThat(order).containsExactly("ack done", "disconnect transport close");
            assertThat(inFlight.owed()).isZero();
            client.close();
        });
    }

    @Test
    void aSocketThatLeavesIsForgivenWhatItWasOwed() throws Exception {
        runner.run(context -> {
            Slow slow = context.getBean(Slow.class);
            InFlightAcks inFlight = context.getBean(InFlightAcks.class);
            TestClient client = new TestClient(context.getBean(SocketIoLifecycle.class).port(), "/");
            client.socket.emit("slow", new Object[0], reply -> { });
            slow.asked.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(inFlight.owed()).isEqualTo(1);
            client.close();
            assertThat(inFlight.awaitNone(java.time.Duration.ofSeconds(TestClient.WAIT_SECONDS))).isTrue();
        });
    }
}
