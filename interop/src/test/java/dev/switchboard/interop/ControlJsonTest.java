package dev.switchboard.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import org.junit.jupiter.api.Test;

class ControlJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void binaryObjectsBecomeBinaryNodesAnywhereAndBackInTheSameShape() throws Exception {
        JsonNode control = json("[1,{\"$binary\":\"AQID\"},{\"a\":[{\"$binary\":\"\"}],\"b\":\"x\"}]");
        JsonNode server = ControlJson.fromControl(control);
        assertThat(server.get(1)).isInstanceOf(BinaryNode.class);
        assertThat(server.get(1).binaryValue()).containsExactly(1, 2, 3);
        assertThat(server.get(2).get("a").get(0).binaryValue()).isEmpty();
        assertThat(ControlJson.toControl(server).toString())
                .isEqualTo("[1,{\"$binary\":\"AQID\"},{\"a\":[{\"$binary\":\"\"}],\"b\":\"x\"}]");
    }

    @Test
    void anObjectWithMoreThanTheBinaryKeyStaysAnObject() throws Exception {
        JsonNode server = ControlJson.fromControl(json("{\"$binary\":\"AQID\",\"other\":1}"));
        assertThat(server.isObject()).isTrue();
        assertThat(server.get("$binary").isTextual()).isTrue();
    }

    @Test
    void argsOfNullAreNoneAndOfANonArrayAreRefused() throws Exception {
        assertThat(ControlJson.args(null)).isEmpty();
        assertThat(ControlJson.args(json("[\"a\",{\"$binary\":\"AA==\"}]"))).hasSize(2)
                .satisfies(a -> assertThat(a[1]).isInstanceOf(BinaryNode.class));
        assertThatThrownBy(() -> ControlJson.args(json("{\"a\":1}")))
                .isInstanceOf(ControlException.class).hasMessageContaining("args must be an array");
    }

    @Test
    void badBase64IsRefusedWith400() throws Exception {
        assertThatThrownBy(() -> ControlJson.fromControl(json("{\"$binary\":\"not base64!\"}")))
                .isInstanceOf(ControlException.class)
                .satisfies(e -> assertThat(((ControlException) e).status()).isEqualTo(400));
    }
}
