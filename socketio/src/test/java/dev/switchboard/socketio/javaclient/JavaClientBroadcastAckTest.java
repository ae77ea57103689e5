package dev.switchboard.socketio.javaclient;

import static dev.switchboard.fixtures.OrgJson.json;
import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.awaitFailure;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.AckTimeoutException;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.Ack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts that collect acknowledgements, with Java clients on every transport: all answers,
 * a silent client (timeout with the partial responses), no target at all, typed responses,
 * {@code socket.broadcast}, and a client that leaves before answering.
 */
class JavaClientBroadcastAckTest {

    record Vote(String who, int value) {
    }

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();
    private final BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);

    @AfterEach
    void close() {
        fx.close();
    }

    /** A client that answers {@code poll} with its name and the question's number plus one. */
    private io.socket.client.Socket voter(ClientTransport transport, String name) {
        io.socket.client.Socket c = fx.socket(transport, "/");
        c.on("poll", args -> ((Ack) args[args.length - 1]).call(json("who", name, "value", (Integer) args[0] + 1)));
        return ServerFixture.connect(c);
    }

    /** A client that receives {@code poll} but never answers; completes when it got one. */
    private CompletableFuture<Void> silent(ClientTransport transport) {
        CompletableFuture<Void> asked = new CompletableFuture<>();
        io.socket.client.Socket c = fx.socket(transport, "/");
        c.on("poll", args -> asked.complete(null));
        ServerFixture.connect(c);
        return asked;
    }

    private static List<String> names(EventArgs responses) {
        return responses.asList().stream().map(r -> r.get("who").asText()).sorted().toList();
    }

    @Test
    void everyClientsAnswerIsCollected() {
        voter(ClientTransport.POLLING, "p");
        voter(ClientTransport.WEBSOCKET, "w");
        voter(ClientTransport.UPGRADE, "u");

        EventArgs responses = await(fx.io.timeout(Duration.ofSeconds(5)).emitWithAck("poll", 1));

        assertThat(names(responses)).containsExactly("p", "u", "w");
        for (JsonNode r : responses) {
            assertThat(r.get("value").asInt()).isEqualTo(2);
        }
    }

    @Test
    void responsesMapToAType() {
        voter(ClientTransport.WEBSOCKET, "a");
        voter(ClientTransport.POLLING, "b");

        List<Vote> votes = await(fx.io.timeout(Duration.ofSeconds(5)).emitWithAck(Vote.class, "poll", 10));

        assertThat(votes).containsExactlyInAnyOrder(new Vote("a", 11), new Vote("b", 11));
    }

    @Test
    void silentClientMakesItTimeOutWithThePartialResponses() {
        voter(ClientTransport.POLLING, "p");
        voter(ClientTransport.WEBSOCKET, "w");
        CompletableFuture<Void> asked = silent(ClientTransport.UPGRADE);

        CompletableFuture<EventArgs> result = fx.io.timeout(Duration.ofMillis(1500)).emitWithAck("poll", 1);

        await(asked);
        Throwable error = awaitFailure(result);
        assertThat(error).isInstanceOf(AckTimeoutException.class).hasMessage("operation has timed out");
        assertThat(names(((AckTimeoutException) error).responses())).containsExactly("p", "w");
    }

    @Test
    void callbackFormIsCalledOnceWithTheResponses() {
        voter(ClientTransport.WEBSOCKET, "w");
        voter(ClientTransport.UPGRADE, "u");
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<EventArgs> result = new CompletableFuture<>();

        fx.io.timeout(Duration.ofSeconds(5)).emit("poll", 0, (error, responses) -> {
            calls.incrementAndGet();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(responses);
            }
        });

        assertThat(names(await(result))).containsExactly("u", "w");
        // A second broadcast round trip: had the first callback been due again, it would have run.
        await(fx.io.timeout(Duration.ofSeconds(5)).emitWithAck("poll", 0));
        assertThat(calls).hasValue(1);
    }

    @Test
    void noTargetCompletesAtOnceWithNoResponses() {
        voter(ClientTransport.WEBSOCKET, "w");

        EventArgs responses = await(fx.io.to("empty room").timeout(Duration.ofSeconds(30)).emitWithAck("poll", 1));

        assertThat(responses.isEmpty()).isTrue();
    }

    @Test
    void socketBroadcastCollectsTheOthersAnswers() {
        voter(ClientTransport.POLLING, "p");
        Socket first = take(server);
        voter(ClientTransport.WEBSOCKET, "w");
        voter(ClientTransport.UPGRADE, "u");

        EventArgs responses = await(first.broadcast().timeout(Duration.ofSeconds(5)).emitWithAck("poll", 1));

        assertThat(names(responses)).containsExactly("u", "w");
    }

    @Test
    void clientLeavingBeforeAnsweringEndsInTheTimeoutWithTheOthers() {
        voter(ClientTransport.WEBSOCKET, "w");
        CompletableFuture<Void> asked = new CompletableFuture<>();
        io.socket.client.Socket leaver = fx.socket(ClientTransport.POLLING, "/");
        leaver.on("poll", args -> {
            asked.complete(null);
            leaver.close();
        });
        ServerFixture.connect(leaver);

        CompletableFuture<EventArgs> result = fx.io.timeout(Duration.ofMillis(1500)).emitWithAck("poll", 1);

        await(asked);
        Throwable error = awaitFailure(result);
        assertThat(error).isInstanceOf(AckTimeoutException.class);
        assertThat(names(((AckTimeoutException) error).responses())).containsExactly("w");
    }
}
