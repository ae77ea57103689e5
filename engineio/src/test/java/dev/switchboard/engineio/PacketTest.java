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
    void messagesMayBeCompressedUnlessSaidOtherwise() {
        assertThat(Packet.text("a").compress()).isTrue();
        assertThat(Packet.binary(new byte[] {1}).compress()).isTrue();
        assertThat(Packet.text("a").withCompress(false).compress()).isFalse();
        assertThat(Packet.binary(new byte[] {1}).withCompress(false).compress()).isFalse();
    }

    @Test
    void withCompressKeepsTheInstanceWhenNothingChanges() {
        Packet.Text text = Packet.text("a");
        Packet.Binary binary = Packet.binary(new byte[] {1});
        Packet.Text uncompressed = text.withCompress(false);
        assertThat(text.withCompress(true)).isSameAs(text);
        assertThat(binary.withCompress(true)).isSameAs(binary);
        assertThat(uncompressed.withCompress(false)).isSameAs(uncompressed);
        assertThat(uncompressed.withCompress(true)).isEqualTo(text);
    }

    @Test
    void anUncompressedCopySharesTheDataAndTheEncodingMadeSoFar() {
        Packet.Text text = Packet.text("2[\"broadcast\"]");
        byte[] encoded = text.encodedUtf8();
        assertThat(text.withCompress(false).encodedUtf8()).isSameAs(encoded);
        byte[] bytes = {1, 2, 3};
        assertThat(Packet.binary(bytes).withCompress(false).bytes()).isSameAs(bytes);
    }

    @Test
    void theCompressFlagIsPartOfAMessagesValue() {
        Packet.Text uncompressed = Packet.text("hello").withCompress(false);
        assertThat(uncompressed).isNotEqualTo(Packet.text("hello")).isEqualTo(Packet.text("hello").withCompress(false))
                .hasSameHashCodeAs(Packet.text("hello").withCompress(false));
        assertThat(uncompressed.toString()).isEqualTo("Text[text=hello, compress=false]");
        Packet.Binary binary = new Packet.Binary(new byte[] {1, 2}, false);
        assertThat(binary).isNotEqualTo(Packet.binary(new byte[] {1, 2}))
                .isEqualTo(Packet.binary(new byte[] {1, 2}).withCompress(false));
        assertThat(binary.toString()).isEqualTo("Binary[2 bytes, compress=false]");
    }

    @Test
    void textRefusesNull() {
        assertThatThrownBy(() -> Packet.text(null)).isInstanceOf(NullPointerException.class);
    }
}
