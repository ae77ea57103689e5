package dev.switchboard.socketio.javaclient;

import static dev.switchboard.fixtures.OrgJson.get;
import static dev.switchboard.fixtures.OrgJson.json;
import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.awaitFailure;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.AckTimeoutException;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketDisconnectedException;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.Ack;
import io.socket.client.AckWithTimeout;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acknowledgements both ways with the Java client: the client's callbacks answered by handlers
 * (at once or later, from another thread), the server's {@code emitWithAck} and callback forms
 * answered by the client, {@code timeout(...)} on the server, {@link AckWithTimeout} on the client,
 * and a disconnection failing what is still pending.
 */
class JavaClientAckTest {

    record Point(int x, int y) {
    }

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void handlerAnswersTheClientsCallback(ClientTransport transport) {
        fx.io.onConnection(s -> s.on("sum", (args, ack) -> {
            assertThat(ack.requested()).isTrue();
            ack.send(args.get(0, Integer.class) + args.get(1, Integer.class), "sum", new Point(1, 2));
        }));
        io.socket.client.Socket client = fx.connect(transport, "/");

        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("sum", new Object[] {20, 22}, answer::complete);

        Object[] args = await(answer);
        assertThat(args).hasSize(3);
        assertThat(args[0]).isEqualTo(42);
        assertThat(args[1]).isEqualTo("sum");
        assertThat(get((JSONObject) args[2], "y")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void handlerMayAnswerLaterFromAnotherThreadAndOnlyOnce(ClientTransport transport) {
        fx.io.onConnection(s -> s.on("slow", (args, ack) -> CompletableFuture.runAsync(() -> {
            ack.send("first");
            ack.send("second");
        }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))));
        fx.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
        io.socket.client.Socket client = fx.connect(transport, "/");

        BlockingQueue<Object[]> answers = new LinkedBlockingQueue<>();
        client.emit("slow", new Object[0], answers::add);
        assertThat(take(answers)).containsExactly("first");
        // A second ACK with the same id would reach the client before this echo's answer.
        CompletableFuture<Object[]> echo = new CompletableFuture<>();
        client.emit("echo", new Object[] {"after"}, echo::complete);
        assertThat(await(echo)).containsExactly("after");
        assertThat(answers).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void handlerWithoutRequestedAckSeesNone(ClientTransport transport) {
        CompletableFuture<Boolean> requested = new CompletableFuture<>();
        fx.io.onConnection(s -> s.on("fire", (args, ack) -> {
            ack.send("ignored");
            requested.complete(ack.requested());
        }));
        io.socket.client.Socket client = fx.connect(transport, "/");

        client.emit("fire", 1);

        assertThat(await(requested)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void serverEmitWithAckGetsTheClientsTypedAnswer(ClientTransport transport) {
        CompletableFuture<Point> answer = new CompletableFuture<>();
        fx.io.onConnection(s -> s.emitWithAck(Point.class, "where", "now")
                .whenComplete((p, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(p);
                    }
                }));
        io.socket.client.Socket client = fx.socket(transport, "/");
        client.on("where", args -> {
            assertThat(args[0]).isEqualTo("now");
            ((Ack) args[1]).call(json("x", 3, "y", 4));
        });
        ServerFixture.connect(client);

        assertThat(await(answer)).isEqualTo(new Point(3, 4));
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void serverCallbackGetsEveryArgumentOfTheClientsAnswer(ClientTransport transport) {
        CompletableFuture<EventArgs> answer = new CompletableFuture<>();
        fx.io.onConnection(s -> s.emit("question", 6, 7, (error, args) -> {
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(args);
            }
        }));
        io.socket.client.Socket client = fx.socket(transport, "/");
        client.on("question", args -> ((Ack) args[2]).call((Integer) args[0] * (Integer) args[1], "done", null));
        ServerFixture.connect(client);

        EventArgs args = await(answer);
        assertThat(args.size()).isEqualTo(3);
        assertThat(args.get(0, Integer.class)).isEqualTo(42);
        assertThat(args.get(1, String.class)).isEqualTo("done");
        assertThat(args.get(2).isNull()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void anEmitWithFiveArgumentsAndACallbackSendsThemAllAndGetsTheAnswer(ClientTransport transport) {
        CompletableFuture<EventArgs> answer = new CompletableFuture<>();
        CompletableFuture<EventArgs> broadcastAnswer = new CompletableFuture<>();
        fx.io.onConnection(s -> {
            s.emit("five", new Object[] {1, "two", 3.5, true, new Point(5, 5)}, (error, args) -> answer.complete(args));
            fx.io.timeout(Duration.ofSeconds(5)).emit("five", new Object[] {1, 2, 3, 4, 5},
                    (error, responses) -> broadcastAnswer.complete(responses));
        });
        io.socket.client.Socket client = fx.socket(transport, "/");
        client.on("five", args -> ((Ack) args[5]).call(args.length - 1, String.valueOf(args[1])));
        ServerFixture.connect(client);

        EventArgs args = await(answer);
        assertThat(args.get(0, Integer.class)).isEqualTo(5);
        assertThat(args.get(1, String.class)).isEqualTo("two");
        EventArgs responses = await(broadcastAnswer);
        assertThat(responses.size()).isEqualTo(1);
        // A broadcast's responses are each client's first answer argument, as in socket.io.
        assertThat(responses.get(0, Integer.class)).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void serverTimeoutFailsOnceWhenTheClientNeverAnswers(ClientTransport transport) {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        fx.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
        io.socket.client.Socket client = fx.socket(transport, "/");
        BlockingQueue<Object[]> unanswered = new LinkedBlockingQueue<>();
        client.on("question", unanswered::add);
        ServerFixture.connect(client);
        Socket socket = take(server);

        socket.timeout(Duration.ofMillis(200)).emit("question", "?", (error, args) -> {
            calls.incrementAndGet();
            failure.complete(error);
        });

        Object[] question = take(unanswered);
        Throwable error = await(failure);
        assertThat(error).isInstanceOf(AckTimeoutException.class).hasMessage("operation has timed out");
        // The client answers too late: the server ignores it.
        ((Ack) question[1]).call("late");
        CompletableFuture<Object[]> echo = new CompletableFuture<>();
        client.emit("echo", new Object[] {"still here"}, echo::complete);
        assertThat(await(echo)).containsExactly("still here");
        assertThat(calls).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void serverTimeoutIsMetByATimelyAnswer(ClientTransport transport) {
        CompletableFuture<EventArgs> answer = new CompletableFuture<>();
        fx.io.onConnection(s -> s.timeout(Duration.ofSeconds(5)).emitWithAck("quick")
                .whenComplete((a, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(a);
                    }
                }));
        io.socket.client.Socket client = fx.socket(transport, "/");
        client.on("quick", args -> ((Ack) args[0]).call("ok"));
        ServerFixture.connect(client);

        assertThat(await(answer).get(0, String.class)).isEqualTo("ok");
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void clientTimeoutFiresWhenTheServerNeverAnswersAndSucceedsWhenItDoes(ClientTransport transport) {
        fx.io.onConnection(s -> {
            s.on("ignored", (args, ack) -> { });
            s.on("answered", (args, ack) -> ack.send("yes"));
        });
        io.socket.client.Socket client = fx.connect(transport, "/");

        CompletableFuture<String> ignored = new CompletableFuture<>();
        client.emit("ignored", new Object[0], new AckWithTimeout(200) {
            @Override
            public void onSuccess(Object... args) {
                ignored.complete("answered?");
            }

            @Override
            public void onTimeout() {
                ignored.complete("timeout");
            }
        });
        CompletableFuture<Object[]> answered = new CompletableFuture<>();
        client.emit("answered", new Object[0], new AckWithTimeout(5_000) {
            @Override
            public void onSuccess(Object... args) {
                answered.complete(args);
            }

            @Override
            public void onTimeout() {
                answered.completeExceptionally(new AssertionError("timed out"));
            }
        });

        assertThat(await(ignored)).isEqualTo("timeout");
        assertThat(await(answered)).containsExactly("yes");
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void pendingServerAckFailsWhenTheClientDisconnects(ClientTransport transport) {
        CompletableFuture<EventArgs> answer = new CompletableFuture<>();
        fx.io.onConnection(s -> s.emitWithAck("never").whenComplete((a, e) -> {
            if (e != null) {
                answer.completeExceptionally(e);
            } else {
                answer.complete(a);
            }
        }));
        io.socket.client.Socket client = fx.socket(transport, "/");
        CompletableFuture<Void> asked = new CompletableFuture<>();
        client.on("never", args -> asked.complete(null));
        ServerFixture.connect(client);
        await(asked);

        client.close();

        assertThat(awaitFailure(answer)).isInstanceOf(SocketDisconnectedException.class);
    }
}
