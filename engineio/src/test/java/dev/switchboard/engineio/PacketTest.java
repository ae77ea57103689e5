package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PacketTest {

    @Test
    void textIsEncodedAsItsTypeDigitAndItsTextInUtf8() {
        assertThat(Packet.text("2[\"hi\",1]").encodedUtf8())
                .containsExactly('4', '2', '[', '"', 'h', 'i', '"', ',', '1', ']');
        assertThat(Packet.text("\u00e9\u20ac\uD83D\uDE00").encodedUtf8()).containsExactly(
                '4', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80);
        assertThat(Packet.text("").encodedUtf8()).containsExactly('4');
    }

    @Test
    void textIsEncodedOnceAndTheBytesShared() throws Exception {
        Packet.Text text = Packet.text("2[\"broadcast\"]");
        byte[] first = text.encodedUtf8();
        byte[] fromAnotherThread = CompletableFuture.supplyAsync(text::encodedUtf8).get();
        assertThat(text.encodedUtf8()).isSameAs(first);
        assertThat(fromAnotherThread).isSameAs(first);
    }

    @Test
    void encodedTextIsWhatTheCodecWrites() {
        Packet.Text text = Packet.text("0{\"sid\":\"x\"}");
        assertThat(new String(text.encodedUtf8(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(PacketCodec.encode(text));
    }

    @Test
    void textsWithTheSameTextAreEqualAsRecordsWouldBe() {
        Packet.Text a = Packet.text("hello");
        Packet.Text b = new Packet.Text("hello");
        a.encodedUtf8();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Packet.text("hello!"));
        assertThat(a.toString()).isEqualTo("Text[text=hello]");
        assertThat(a.byteSize()).isEqualTo(5);
        assertThat(a.type()).isEqualTo(PacketType.MESSAGE);
    }

    @Test
    void textRefusesNull() {
        assertThatThrownBy(() -> Packet.text(null)).isInstanceOf(NullPointerException.class);
    }
}
