package dev.switchboard.socketio.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketTypeTest {

    @Test
    void writesEachTypeAsItsDigit() {
        assertThat(PacketType.CONNECT.code()).isEqualTo('0');
        assertThat(PacketType.DISCONNECT.code()).isEqualTo('1');
        assertThat(PacketType.EVENT.code()).isEqualTo('2');
        assertThat(PacketType.ACK.code()).isEqualTo('3');
        assertThat(PacketType.CONNECT_ERROR.code()).isEqualTo('4');
        assertThat(PacketType.BINARY_EVENT.code()).isEqualTo('5');
        assertThat(PacketType.BINARY_ACK.code()).isEqualTo('6');
    }

    @Test
    void readsDigitsZeroToSixAndNothingElse() {
        for (PacketType type : PacketType.values()) {
            assertThat(PacketType.fromCode(type.code())).isSameAs(type);
        }
        assertThat(PacketType.fromCode('7')).isNull();
        assertThat(PacketType.fromCode('/')).isNull();
        assertThat(PacketType.fromCode('a')).isNull();
    }
}
