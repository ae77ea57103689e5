package dev.switchboard.socketio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.parser.JsonPacketParser;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private final ObjectMapper mapper = JsonPacketParser.newObjectMapper();

    record Blob(String name, byte[] data) {
    }

    @Test
    void mapsJavaValuesToTrees() {
        assertThat(Values.eventData(mapper, "e", new Object[] {"s", 1, 2L, 1.5, true, null,
                List.of(1), Map.of("k", "v")}).toString())
                .isEqualTo("[\"e\",\"s\",1,2,1.5,true,null,[1],{\"k\":\"v\"}]");
        assertThat(Values.array(mapper, new Object[0]).toString()).isEqualTo("[]");
    }

    @Test
    void treesAreKeptAsTheyAre() {
        var node = JsonNodeFactory.instance.objectNode().put("a", 1);
        assertThat(Values.toNode(mapper, node)).isSameAs(node);
    }

    @Test
    void binaryIsCopiedAnywhere() {
        byte[] bytes = {1, 2};
        BinaryNode node = (BinaryNode) Values.toNode(mapper, bytes);
        bytes[0] = 9;
        assertThat(node.binaryValue()).containsExactly(1, 2);
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {5, 6, 7});
        buffer.get();
        assertThat(((BinaryNode) Values.toNode(mapper, buffer)).binaryValue()).containsExactly(6, 7);
        assertThat(buffer.remaining()).isEqualTo(2);
        assertThat(Values.toNode(mapper, new Blob("b", new byte[] {3})).get("data")).isInstanceOf(BinaryNode.class);
    }

    @Test
    void aValueTheMapperCannotWriteIsAClearError() {
        Object unwritable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> Values.toNode(mapper, unwritable)).isInstanceOf(IllegalArgumentException.class);
    }
}
