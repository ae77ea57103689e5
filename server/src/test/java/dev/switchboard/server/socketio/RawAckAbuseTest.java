package dev.switchboard.server.socketio;

import static dev.switchboard.testing.Await.awaitFailure;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.AckTimeoutException;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketDisconnectedException;
import dev.switchboard.socketio.SocketIoServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acknowledgements a client gets wrong, over a raw WebSocket and raw polling: an ACK with an id
 * the server never used is ignored, a second ACK for one id is ignored, a client that never
 * answers makes a {@code timeout(...)} emit fail exactly once (and its late answer is ignored),
 * and an emit without timeout fails when the client goes away.
 */
class RawAckAbuseTest {

    private final ServerFixture<SocketIoServer> fx = NettyFixture.start();
    private final BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);

    RawAckAbuseTest() {
        fx.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
    }

    @AfterEach
    void serverStillServesFreshClients() {
        try {
            NettyFixture.assertServesFreshClient(fx);
        } finally {
            fx.close();
        }
    }

    /** Every outcome of an emit's acknowledgement, in order. */
    private static List<String> emitWithCallback(Socket socket, Duration timeout, String event) {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        (timeout == null ? socket : socket.timeout(timeout)).emit(event, (error, args) ->
                outcomes.add(error != null ? error.getClass().getSimpleName() + ": " + error.getMessage()
                        : "answer " + args));
        return outcomes;
    }

    /** An echo round trip: everything the client sent before it has been handled. */
    private static void roundTrip(RawClient raw, int id) {
        raw.send("2" + id + "[\"echo\",\"sync\"]");
        assertThat(raw.next()).isEqualTo("3" + id + "[\"sync\"]");
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void ackIdsPast2To53AreAnsweredWithTheNumberJavaScriptReadsAndWrites(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            raw.send("29007199254740993[\"echo\",1]");
            assertThat(raw.next()).isEqualTo("39007199254740992[1]");
            raw.send("21152921504606846976[\"echo\",2]");
            assertThat(raw.next()).isEqualTo("31152921504606847000[2]");
            roundTrip(raw, 3);
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void ackWithAnUnknownIdIsIgnored(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            Socket socket = take(server);
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            socket.onError(errors::add);

            raw.send("3999[\"nobody asked\"]");
            raw.send("30[]");
            raw.send("61-77[{\"_placeholder\":true,\"num\":0}]");
            raw.sendBinary(new byte[] {1, 2});

            roundTrip(raw, 1);
            assertThat(errors).isEmpty();
            assertThat(socket.connected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void secondAckForOneIdIsIgnored(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            Socket socket = take(server);

            List<String> outcomes = emitWithCallback(socket, null, "question");
            assertThat(raw.next()).isEqualTo("20[\"question\"]");
            raw.send("30[\"first\"]");
            raw.send("30[\"second\"]");

            roundTrip(raw, 1);
            assertThat(outcomes).containsExactly("answer [\"first\"]");
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void clientThatNeverAnswersFailsTheTimeoutOnceAndItsLateAnswerIsIgnored(RawClient.Transport transport) {
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            Socket socket = take(server);

            List<String> outcomes = emitWithCallback(socket, Duration.ofMillis(200), "question");
            CompletableFuture<EventArgs> second = socket.timeout(Duration.ofMillis(200)).emitWithAck("again");
            assertThat(raw.next()).isEqualTo("20[\"question\"]");
            assertThat(raw.next()).isEqualTo("21[\"again\"]");

            assertThat(awaitFailure(second)).isInstanceOf(AckTimeoutException.class);
            raw.send("30[\"late\"]");
            raw.send("31[\"late\"]");
            roundTrip(raw, 5);

            assertThat(outcomes).containsExactly("AckTimeoutException: operation has timed out");
            assertThat(socket.connected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void manyUnansweredTimeoutEmitsEachFailOnce(RawClient.Transport transport) {
        int emits = 200;
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            Socket socket = take(server);
            List<CompletableFuture<EventArgs>> pending = new java.util.ArrayList<>();

            for (int i = 0; i < emits; i++) {
                pending.add(socket.timeout(Duration.ofMillis(100)).emitWithAck("question", i));
            }

            for (int i = 0; i < emits; i++) {
                assertThat(raw.next()).isEqualTo("2" + i + "[\"question\"," + i + "]");
            }
            for (CompletableFuture<EventArgs> f : pending) {
                assertThat(awaitFailure(f)).isInstanceOf(AckTimeoutException.class);
            }
            for (int i = 0; i < emits; i++) {
                raw.send("3" + i + "[\"late\"]");
            }
            roundTrip(raw, 1);
            assertThat(socket.connected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(RawClient.Transport.class)
    void emitWithoutTimeoutFailsWhenTheClientGoesAway(RawClient.Transport transport) {
        CompletableFuture<EventArgs> answer;
        try (RawClient raw = RawClient.open(transport, fx.port())) {
            raw.connect("/");
            Socket socket = take(server);
            answer = socket.emitWithAck("question");
            assertThat(raw.next()).isEqualTo("20[\"question\"]");
            assertThat(answer).isNotDone();
        }

        assertThat(awaitFailure(answer)).isInstanceOf(SocketDisconnectedException.class);
    }
}
