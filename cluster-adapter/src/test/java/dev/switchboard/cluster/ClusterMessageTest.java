package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The message shape of socket.io-adapter's {@code ClusterMessage}, as exact JSON. */
class ClusterMessageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aMessageIsWrittenTypeDataUidNspAsTheReferenceOrdersThem() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("close", true);
        ClusterMessage message = new ClusterMessage(MessageType.DISCONNECT_SOCKETS, data, "0377cea9dec27790", "/");

        assertThat(message.toTree().toString())
                .isEqualTo("{\"type\":6,\"data\":{\"close\":true},\"uid\":\"0377cea9dec27790\",\"nsp\":\"/\"}");
        assertThat(new ClusterMessage(MessageType.HEARTBEAT, null, "u", "/").toTree().toString())
                .isEqualTo("{\"type\":2,\"uid\":\"u\",\"nsp\":\"/\"}");
    }

    @Test
    void aMessageIsReadWithItsTypeAsANumberOrAsTheStringAStreamEntryHolds() throws Exception {
        ClusterMessage fromJson = ClusterMessage.fromTree(MAPPER.readTree(
                "{\"type\":9,\"data\":{\"packet\":[\"ping\",42]},\"uid\":\"abc\",\"nsp\":\"/\"}"));
        ClusterMessage fromStream = ClusterMessage.fromTree(MAPPER.readTree(
                "{\"uid\":\"abc\",\"nsp\":\"/chat\",\"type\":\"13\"}"));

        assertThat(fromJson.type()).isEqualTo(MessageType.SERVER_SIDE_EMIT);
        assertThat(fromJson.data().toString()).isEqualTo("{\"packet\":[\"ping\",42]}");
        assertThat(fromStream).isEqualTo(new ClusterMessage(MessageType.ADAPTER_CLOSE, null, "abc", "/chat"));
    }

    @Test
    void unknownTypesAndMissingIdsAreRejected() {
        assertThatThrownBy(() -> ClusterMessage.fromTree(MAPPER.readTree("{\"type\":14,\"uid\":\"a\",\"nsp\":\"/\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown cluster message type");
        assertThatThrownBy(() -> ClusterMessage.fromTree(MAPPER.readTree("{\"type\":3,\"nsp\":\"/\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTypesThatMayCarryBinaryReportIt() {
        ObjectNode withBinary = JsonNodeFactory.instance.objectNode();
        withBinary.putArray("rooms").add(JsonNodeFactory.instance.binaryNode(new byte[] {1}));

        assertThat(new ClusterMessage(MessageType.BROADCAST, withBinary, "u", "/").hasBinary()).isTrue();
        assertThat(new ClusterMessage(MessageType.SOCKETS_JOIN, withBinary, "u", "/").hasBinary()).isFalse();
    }
}
