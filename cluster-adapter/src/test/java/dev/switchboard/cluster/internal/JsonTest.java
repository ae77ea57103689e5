package dev.switchboard.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private static String write(com.fasterxml.jackson.databind.JsonNode node) {
        return new String(Json.write(node), StandardCharsets.UTF_8);
    }

    @Test
    void writesCompactlyInInsertionOrderLikeJsonStringify() {
        assertThat(write(N.objectNode().put("b", 1).put("a", "x").putNull("c")))
                .isEqualTo("{\"b\":1,\"a\":\"x\",\"c\":null}");
    }

    @Test
    void writesIntegralDoublesWithoutAFractionAndNonFiniteAsNull() {
        assertThat(write(N.arrayNode().add(2.0).add(1.5).add(Double.NaN).add(-0.0))).isEqualTo("[2,1.5,null,0]");
    }

    @Test
    void writesBinaryAsANodeBufferSerialises() {
        assertThat(write(N.arrayNode().add(new byte[] {1, (byte) 255})))
                .isEqualTo("[{\"type\":\"Buffer\",\"data\":[1,255]}]");
    }

    @Test
    void readsJsonAndRefusesGarbage() {
        assertThat(Json.read("{\"a\":[1]}".getBytes(StandardCharsets.UTF_8)).toString()).isEqualTo("{\"a\":[1]}");
        assertThatThrownBy(() -> Json.read("{nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed JSON");
    }
}
