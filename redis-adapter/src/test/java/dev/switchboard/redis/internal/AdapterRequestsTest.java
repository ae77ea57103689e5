package dev.switchboard.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.redis.RedisUnavailableException;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.adapter.BroadcastAckHandler;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared bookkeeping of both adapters, on a link that never connects (nothing here needs Redis). */
class AdapterRequestsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client = RedisClient.create();
    private final RedisLink link = new RedisLink(client, RedisURI.create("redis://127.0.0.1:1"), true);
    private final AtomicInteger sent = new AtomicInteger();
    private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AdapterRequests requests = new AdapterRequests(link, DEFAULT_TIMEOUT, sent::incrementAndGet,
            failures::add);

    @AfterEach
    void shutDown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** Gathers the {@code n} field of each answer; completes after {@code expected} answers. */
    private static CollectingRequest<Integer> collecting(long expected, CompletableFuture<List<Integer>> result) {
        return new CollectingRequest<>(expected, new ArrayList<>(List.of(0)), result, null) {
            @Override
            protected void collect(JsonNode response) {
                items.add(response.path("n").asInt());
            }
        };
    }

    private static BroadcastOptions withTimeout(Duration timeout) {
        return new BroadcastOptions(Set.of(), Set.of(), new BroadcastFlags(false, true, false, timeout));
    }

    @Test
    void readyCompletesOnceTheSubscriptionsAreConfirmedAndCannotBeCompletedByACaller() {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        CompletableFuture<Void> init = requests.subscribe(() -> confirmed).toCompletableFuture();
        requests.ready().complete(null);
        assertThat(requests.ready()).isNotDone();
        assertThat(init).isNotDone();

        confirmed.complete(null);

        assertThat(requests.ready()).isCompleted();
        assertThat(init).isCompleted();
    }

    @Test
    void aSubscriptionThatThrowsFailsReadinessInsteadOfEscaping() {
        IllegalStateException refused = new IllegalStateException("refused");

        CompletableFuture<Void> init = requests.subscribe(() -> {
            throw refused;
        }).toCompletableFuture();

        assertThat(init).isCompletedExceptionally();
        assertThatThrownBy(() -> requests.ready().join()).isInstanceOf(CompletionException.class).hasCause(refused);
    }

    @Test
    void aBroadcastsOwnTimeoutWinsOverTheAdaptersDefault() {
        assertThat(requests.timeout(withTimeout(Duration.ofMillis(250)))).isEqualTo(Duration.ofMillis(250));
        assertThat(requests.timeout(BroadcastOptions.ALL)).isEqualTo(DEFAULT_TIMEOUT);
        assertThat(requests.timeout()).isEqualTo(DEFAULT_TIMEOUT);
    }

    @Test
    void aSentRequestIsWaitingUntilItsLastAnswerThenCompletesWithEveryItem() throws Exception {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        AtomicInteger publications = new AtomicInteger();

        requests.send("r1", collecting(2, result), DEFAULT_TIMEOUT, () -> {
            // Registered before publishing: an answer may come back before publish returns.
            assertThat(requests.isWaiting("r1")).isTrue();
            publications.incrementAndGet();
            return CompletableFuture.completedFuture(2L);
        });
        requests.onResponse("r1", NODES.objectNode().put("n", 1));
        requests.onResponse("other", NODES.objectNode().put("n", 9));

        assertThat(result).isNotDone();
        assertThat(requests.isWaiting("r1")).isTrue();
        requests.onResponse("r1", NODES.objectNode().put("n", 2));

        assertThat(result.get(1, TimeUnit.SECONDS)).containsExactly(0, 1, 2);
        assertThat(requests.isWaiting("r1")).isFalse();
        assertThat(publications).hasValue(1);
        assertThat(sent).as("requests reported for the server's stats").hasValue(1);
        assertThat(failures).isEmpty();
    }

    @Test
    void aFailedPublicationFailsTheRequestWithItsCause() {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();

        // Never started, the link refuses to publish with RedisUnavailableException.
        requests.send("r1", collecting(1, result), DEFAULT_TIMEOUT, () -> link.publish("ch", new byte[] {1}, "fetchSockets"));

        assertThatThrownBy(() -> result.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RedisUnavailableException.class).hasMessageStartingWith("fetchSockets needs Redis");
        assertThat(requests.isWaiting("r1")).isFalse();
        assertThat(sent).hasValue(1);
        assertThat(failures).singleElement().isInstanceOf(RedisUnavailableException.class);
    }

    @Test
    void anUnansweredRequestTimesOut() {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();

        requests.send("r1", collecting(2, result), Duration.ofMillis(50), () -> CompletableFuture.completedFuture(2L));

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class)
                .hasMessage("timeout reached: only 0 responses received out of 2");
        assertThat(requests.isWaiting("r1")).isFalse();
        assertThat(failures).singleElement().isInstanceOf(TimeoutException.class);
    }

    @Test
    void closingFailsWaitingRequestsAndForgetsAckHandlers() {
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        requests.send("r1", collecting(1, result), DEFAULT_TIMEOUT, () -> CompletableFuture.completedFuture(2L));
        requests.expectAcks("b1", new IgnoringAcks(), BroadcastOptions.ALL);

        requests.close("/admin");

        assertThatThrownBy(() -> result.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RedisUnavailableException.class)
                .hasMessage("the adapter of namespace /admin was closed");
        assertThat(requests.isWaiting("r1")).isFalse();
        assertThat(requests.expectsAcks("b1")).isFalse();
        assertThat(requests.ackHandler("b1")).isNull();
        assertThat(failures).as("a closing adapter's requests are not failures of the cluster").isEmpty();
    }

    @Test
    void ackHandlersAreKeptUntilTheBroadcastsTimeoutHasPassed() throws InterruptedException {
        IgnoringAcks handler = new IgnoringAcks();

        requests.expectAcks("b1", handler, withTimeout(Duration.ofMillis(100)));

        assertThat(requests.expectsAcks("b1")).isTrue();
        assertThat(requests.ackHandler("b1")).isSameAs(handler);
        assertThat(requests.ackHandler("b2")).isNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (requests.expectsAcks("b1") && System.nanoTime() < deadline) {
            Thread.sleep(5); // polls for the removal, which tells nobody; bounded by the deadline
        }
        assertThat(requests.expectsAcks("b1")).isFalse();
        assertThat(requests.ackHandler("b1")).isNull();
    }

    @Test
    void askOthersExpectsOneAnswerPerOtherServer() {
        AtomicInteger asked = new AtomicInteger(-1);

        AdapterRequests.askOthers(CompletableFuture.completedFuture(3L),
                (error, responses) -> { throw new AssertionError("not done yet"); }, asked::set);

        assertThat(asked).hasValue(2);
    }

    @Test
    void askOthersAnswersAtOnceWithNothingWhenThisServerIsAlone() {
        AtomicReference<List<JsonNode>> done = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();

        AdapterRequests.askOthers(CompletableFuture.completedFuture(1L), (error, responses) -> {
            failed.set(error);
            done.set(responses);
        }, n -> { throw new AssertionError("asked " + n); });

        assertThat(done.get()).isEmpty();
        assertThat(failed.get()).isNull();
    }

    @Test
    void askOthersReportsTheCountsFailureUnwrapped() {
        RedisUnavailableException down = new RedisUnavailableException("down");
        // A stage depending on the failed count, as Lettuce hands it out: the cause comes wrapped.
        CompletableFuture<Long> count = CompletableFuture.<Long>failedFuture(down).thenApply(n -> n);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicReference<List<JsonNode>> done = new AtomicReference<>();

        AdapterRequests.askOthers(count, (error, responses) -> {
            failed.set(error);
            done.set(responses);
        }, n -> { throw new AssertionError("asked " + n); });

        assertThat(failed.get()).isSameAs(down);
        assertThat(done.get()).isEmpty();
    }

    @Test
    void fetchSocketsSkipsAnswersWithoutASocketsArrayButCountsThem() throws Exception {
        CompletableFuture<List<SocketDetails>> result = new CompletableFuture<>();
        CollectingRequest<SocketDetails> request = AdapterRequests.fetchSockets(2,
                new ArrayList<>(), result, "fetchSockets", r -> r.path("data").get("sockets"));

        request.onResponse(NODES.objectNode().putObject("data"));
        request.onResponse(NODES.objectNode().set("data", NODES.objectNode().put("sockets", "not an array")));

        assertThat(result.get(1, TimeUnit.SECONDS)).isEmpty();
        assertThat(request.timeoutMessage()).isEqualTo("timeout reached while waiting for fetchSockets response");
    }

    /** A broadcast's handler; only its identity matters here. */
    private static final class IgnoringAcks implements BroadcastAckHandler {
        @Override
        public void clientCount(int count) {
        }

        @Override
        public void ack(JsonNode arg) {
        }
    }
}
