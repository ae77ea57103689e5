package dev.switchboard.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static ObjectNode match(String type, String id) {
        return JsonNodeFactory.instance.objectNode().put("type", type).put("id", id);
    }

    @Test
    void entriesAreNumberedInOrderAndMatchedOnEveryGivenField() throws Exception {
        EventLog log = new EventLog();
        log.add("connection", e -> e.put("id", "a"));
        log.add("disconnect", e -> e.put("id", "a").put("reason", "transport close"));
        log.add("disconnect", e -> e.put("id", "b"));
        ArrayNode found = log.await(match("disconnect", "a"), 1, Duration.ZERO);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).toString()).isEqualTo("{\"seq\":2,\"type\":\"disconnect\",\"id\":\"a\",\"reason\":\"transport close\"}");
        assertThat(log.all()).hasSize(3);
    }

    @Test
    void awaitReturnsAsSoonAsAnEntryAddedFromAnotherThreadMatches() throws Exception {
        EventLog log = new EventLog();
        CompletableFuture<ArrayNode> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return log.await(match("disconnect", "x"), 1, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        log.add("disconnect", e -> e.put("id", "other"));
        log.add("disconnect", e -> e.put("id", "x"));
        assertThat(waiting.get(5, TimeUnit.SECONDS)).hasSize(1);
    }

    @Test
    void awaitGivesWhatThereIsOnceTheTimeoutPassed() throws Exception {
        EventLog log = new EventLog();
        log.add("disconnect", e -> e.put("id", "x"));
        assertThat(log.await(match("disconnect", "x"), 2, Duration.ofMillis(20))).hasSize(1);
    }
}
