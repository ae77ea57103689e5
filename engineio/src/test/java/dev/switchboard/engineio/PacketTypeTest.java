package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketTypeTest {

    @Test
    void digitsAreTheProtocols() {
        assertThat(PacketType.values()).extracting(PacketType::code)
                .containsExactly('0', '1', '2', '3', '4', '5', '6');
        assertThat(PacketType.values()).containsExactly(PacketType.OPEN, PacketType.CLOSE, PacketType.PING,
                PacketType.PONG, PacketType.MESSAGE, PacketType.UPGRADE, PacketType.NOOP);
    }

    @Test
    void fromCodeFindsEachType() {
        for (PacketType t : PacketType.values()) {
            assertThat(PacketType.fromCode(t.code())).isSameAs(t);
        }
    }

    @Test
    void fromCodeRefusesEverythingElse() {
        assertThat(PacketType.fromCode('7')).isNull();
        assertThat(PacketType.fromCode('9')).isNull();
        assertThat(PacketType.fromCode('/')).isNull();
        assertThat(PacketType.fromCode('b')).isNull();
        assertThat(PacketType.fromCode('x')).isNull();
        assertThat(PacketType.fromCode('\u0000')).isNull();
        assertThat(PacketType.fromCode('\uffff')).isNull();
    }
}
