package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

    @Test
    void separatorIsTheRecordSeparator() {
        assertThat(PayloadCodec.SEPARATOR).isEqualTo('\u001e');
    }

    @Test
    void encodesOnePacketWithoutSeparator() {
        assertThat(PayloadCodec.encode(List.of(Packet.text("hello")))).isEqualTo("4hello");
        assertThat(PayloadCodec.encode(List.of(Packet.NOOP))).isEqualTo("6");
    }

    @Test
    void joinsTextAndBinaryWithTheSeparator() {
        assertThat(PayloadCodec.encode(List.of(Packet.text("hello"), Packet.binary(new byte[] {1, 2, 3, 4}))))
                .isEqualTo("4hello\u001ebAQIDBA==");
    }

    @Test
    void joinsNoopAndCloseAsTheServerSendsThemBeforeClosing() {
        assertThat(PayloadCodec.encode(List.of(Packet.NOOP, Packet.CLOSE))).isEqualTo("6\u001e1");
    }

    @Test
    void joinsEmptyMessagesWithoutLosingThem() {
        assertThat(PayloadCodec.encode(List.of(Packet.text(""), Packet.text(""), Packet.PING)))
                .isEqualTo("4\u001e4\u001e2");
    }

    @Test
    void decodesOnePacket() {
        assertThat(PayloadCodec.decode("4hello"))
                .isEqualTo(new PayloadCodec.Decoded(List.of(Packet.text("hello")), true));
    }

    @Test
    void decodesTextAndBinary() {
        PayloadCodec.Decoded d = PayloadCodec.decode("4hello\u001ebAQIDBA==");
        assertThat(d.valid()).isTrue();
        assertThat(d.packets()).containsExactly(Packet.text("hello"), Packet.binary(new byte[] {1, 2, 3, 4}));
    }

    @Test
    void decodesEmptyMessagesAndControlPackets() {
        PayloadCodec.Decoded d = PayloadCodec.decode("4\u001e4\u001e3\u001e1");
        assertThat(d.valid()).isTrue();
        assertThat(d.packets()).containsExactly(Packet.text(""), Packet.text(""), new Packet.Pong(""),
                Packet.CLOSE);
    }

    @Test
    void keepsUnicodeTextIntact() {
        PayloadCodec.Decoded d = PayloadCodec.decode("4€ ✓\u001e4😀 日本");
        assertThat(d.packets()).containsExactly(Packet.text("€ ✓"), Packet.text("😀 日本"));
        assertThat(PayloadCodec.encode(d.packets())).isEqualTo("4€ ✓\u001e4😀 日本");
    }

    @Test
    void rejectsTheEmptyPayload() {
        assertThat(PayloadCodec.decode("")).isEqualTo(new PayloadCodec.Decoded(List.of(), false));
    }

    @Test
    void stopsAtAnUnknownTypeKeepingEarlierPackets() {
        assertThat(PayloadCodec.decode("4a\u001e7\u001e4b"))
                .isEqualTo(new PayloadCodec.Decoded(List.of(Packet.text("a")), false));
        assertThat(PayloadCodec.decode("4a\u001e4b\u001ex"))
                .isEqualTo(new PayloadCodec.Decoded(List.of(Packet.text("a"), Packet.text("b")), false));
    }

    @Test
    void stopsAtInvalidBase64KeepingEarlierPackets() {
        assertThat(PayloadCodec.decode("4hello\u001eb!!!\u001e4after"))
                .isEqualTo(new PayloadCodec.Decoded(List.of(Packet.text("hello")), false));
    }

    @Test
    void rejectsEmptyRecordsFromStrayOrTrailingSeparators() {
        assertThat(PayloadCodec.decode("4a\u001e"))
                .isEqualTo(new PayloadCodec.Decoded(List.of(Packet.text("a")), false));
        assertThat(PayloadCodec.decode("\u001e4a")).isEqualTo(new PayloadCodec.Decoded(List.of(), false));
        assertThat(PayloadCodec.decode("4a\u001e\u001e4b"))
                .isEqualTo(new PayloadCodec.Decoded(List.of(Packet.text("a")), false));
    }
}
