package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatsTest {

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyNumberIsTheMedianOfTheRunsAndTheRunsAreKept() {
        JsonNode merged = Repeats.median(List.of(
                json("{\"a\":3,\"b\":{\"c\":1.5},\"sizes\":[{\"x\":10},{\"x\":1}],\"name\":\"first\"}"),
                json("{\"a\":1,\"b\":{\"c\":2.5},\"sizes\":[{\"x\":30},{\"x\":2}],\"name\":\"second\"}"),
                json("{\"a\":2,\"b\":{\"c\":0.5},\"sizes\":[{\"x\":20},{\"x\":3}],\"name\":\"third\"}")));
        assertThat(merged.path("a").asLong()).isEqualTo(2);
        assertThat(merged.path("b").path("c").asDouble()).isEqualTo(1.5);
        assertThat(merged.path("sizes").path(0).path("x").asLong()).isEqualTo(20);
        assertThat(merged.path("sizes").path(1).path("x").asLong()).isEqualTo(2);
        assertThat(merged.path("name").asText()).isEqualTo("first");
        assertThat(merged.path("runs")).hasSize(3);
    }

    @Test
    void failedRunsAreLeftOutAndCounted() {
        JsonNode merged = Repeats.median(List.of(json("{\"a\":4}"), json("{\"error\":\"boom\"}"), json("{\"a\":6}")));
        assertThat(merged.path("a").asDouble()).isEqualTo(5);
        assertThat(merged.path("failedRuns").asInt()).isEqualTo(1);
        JsonNode allFailed = Repeats.median(List.of(json("{\"error\":\"one\"}"), json("{\"error\":\"two\"}")));
        assertThat(allFailed.path("error").asText()).isEqualTo("one");
    }

    @Test
    void spreadIsTheFarthestRunFromTheMedianAsAFractionOfIt() {
        JsonNode merged = Repeats.median(List.of(json("{\"a\":90}"), json("{\"a\":100}"), json("{\"a\":120}")));
        assertThat(Repeats.spread(merged, r -> r.path("a").asDouble())).isEqualTo(0.2);
        assertThat(Repeats.spread(Repeats.median(List.of(json("{\"a\":1}"))), r -> r.path("a").asDouble())).isNull();
    }
}
