package dev.switchboard.socketio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class PacketTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void reportsTheWireTypeOfEachPacket() {
        ArrayNode args = NODES.arrayNode().add("a");
        assertThat(new Packet.Connect("/", null).type()).isEqualTo(PacketType.CONNECT);
        assertThat(new Packet.Disconnect("/").type()).isEqualTo(PacketType.DISCONNECT);
        assertThat(new Packet.Event("/", args, Packet.NO_ACK).type()).isEqualTo(PacketType.EVENT);
        assertThat(new Packet.Ack("/", args, 1).type()).isEqualTo(PacketType.ACK);
        assertThat(new Packet.ConnectError("/", NODES.textNode("x")).type()).isEqualTo(PacketType.CONNECT_ERROR);
    }

    @Test
    void namesAnEventByItsFirstElement() {
        assertThat(new Packet.Event("/", NODES.arrayNode().add("chat").add(1), 3).name()).isEqualTo("chat");
        assertThat(new Packet.Event("/", NODES.arrayNode().add(42), 3).name()).isEqualTo("42");
        assertThat(new Packet.Event("/", NODES.arrayNode(), 3).name()).isNull();
    }

    @Test
    void knowsWhetherAnEventExpectsAnAck() {
        assertThat(new Packet.Event("/", NODES.arrayNode(), 0).hasAck()).isTrue();
        assertThat(new Packet.Event("/", NODES.arrayNode(), Packet.NO_ACK).hasAck()).isFalse();
    }

    @Test
    void requiresANamespaceAndData() {
        assertThatThrownBy(() -> new Packet.Disconnect(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Packet.Event("/", null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Packet.ConnectError("/", null)).isInstanceOf(NullPointerException.class);
    }
}
