package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.switchboard.socketio.parser.JsonPacketParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventArgsTest {

    private final ObjectMapper mapper = JsonPacketParser.newObjectMapper();

    record Point(int x, int y) {
    }

    private EventArgs args(String json) throws Exception {
        return EventArgs.of((ArrayNode) mapper.readTree(json), mapper);
    }

    @Test
    void readsValuesAsTreesOrMappedTypes() throws Exception {
        EventArgs a = args("[\"s\",1.5,{\"x\":1,\"y\":2},[1,2],null,true]");
        assertThat(a.size()).isEqualTo(6);
        assertThat(a.get(0, String.class)).isEqualTo("s");
        assertThat(a.get(1, Double.class)).isEqualTo(1.5);
        assertThat(a.get(2, Point.class)).isEqualTo(new Point(1, 2));
        assertThat(a.get(2, Map.class)).isEqualTo(Map.of("x", 1, "y", 2));
        assertThat(a.get(3, new TypeReference<List<Integer>>() { })).containsExactly(1, 2);
        assertThat(a.get(4)).isEqualTo(NullNode.instance);
        assertThat(a.get(4, String.class)).isNull();
        assertThat(a.get(5, boolean.class)).isTrue();
        assertThat(a.get(2, JsonNode.class)).isEqualTo(a.get(2)).isNotSameAs(a.get(2));
        assertThat(a.get(6)).isNull();
        assertThat(a.get(6, String.class)).isNull();
        assertThat(a.get(-1)).isNull();
    }

    @Test
    void whatItHandsOutIsACopyThatCannotChangeTheArguments() throws Exception {
        ArrayNode data = (ArrayNode) mapper.readTree("[{\"x\":1},[1]]");
        data.add(com.fasterxml.jackson.databind.node.BinaryNode.valueOf(new byte[] {1, 2}));
        EventArgs a = EventArgs.of(data, mapper);
        ((com.fasterxml.jackson.databind.node.ObjectNode) a.get(0)).put("x", 99);
        ((ArrayNode) a.get(1, JsonNode.class)).add(2);
        a.get(2).binaryValue()[0] = 9;
        a.get(2, byte[].class)[1] = 9;
        a.toArrayNode().removeAll();
        for (JsonNode each : a) {
            if (each.isObject()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) each).removeAll();
            }
        }
        assertThat(a.toString()).isEqualTo("[{\"x\":1},[1],\"AQI=\"]");
        assertThat(a.get(2, byte[].class)).containsExactly(1, 2);
    }

    @Test
    void aValueThatDoesNotMapNamesTheArgumentAndType() throws Exception {
        EventArgs a = new EventArgs((ArrayNode) mapper.readTree("[\"move\",\"not a point\"]"), 1, mapper, "move");
        assertThatThrownBy(() -> a.get(0, Point.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("argument 0 of event \"move\" does not map to "
                        + Point.class.getName() + ": ");
    }

    @Test
    void anEventsArgumentsLeaveItsNameOut() throws Exception {
        EventArgs a = new EventArgs((ArrayNode) mapper.readTree("[\"ev\",1,\"two\"]"), 1, mapper, "ev");
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.toString()).isEqualTo("[1,\"two\"]");
        assertThat(a.toArrayNode().toString()).isEqualTo("[1,\"two\"]");
        assertThat(a.asList()).extracting(JsonNode::asText).containsExactly("1", "two");
        assertThat(a).extracting(JsonNode::asText).containsExactly("1", "two");
        assertThat(a.isEmpty()).isFalse();
    }

    @Test
    void emptyArguments() {
        EventArgs a = EventArgs.empty(mapper);
        assertThat(a.isEmpty()).isTrue();
        assertThat(a.toString()).isEqualTo("[]");
        assertThat(a.iterator().hasNext()).isFalse();
    }
}
