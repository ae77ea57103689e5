package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketCodecTest {

    private static final String OPEN_JSON = "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],"
            + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}";

    @Test
    void encodesOpenAsZeroAndTheHandshakeJson() {
        assertThat(PacketCodec.encode(new Packet.Open(OPEN_JSON))).isEqualTo("0" + OPEN_JSON);
    }

    @Test
    void encodesEveryDataLessPacketAsItsDigit() {
        assertThat(PacketCodec.encode(Packet.CLOSE)).isEqualTo("1");
        assertThat(PacketCodec.encode(Packet.PING)).isEqualTo("2");
        assertThat(PacketCodec.encode(new Packet.Pong(""))).isEqualTo("3");
        assertThat(PacketCodec.encode(Packet.UPGRADE)).isEqualTo("5");
        assertThat(PacketCodec.encode(Packet.NOOP)).isEqualTo("6");
    }

    @Test
    void encodesProbes() {
        assertThat(PacketCodec.encode(new Packet.Ping("probe"))).isEqualTo("2probe");
        assertThat(PacketCodec.encode(Packet.PONG_PROBE)).isEqualTo("3probe");
    }

    @Test
    void encodesTextMessages() {
        assertThat(PacketCodec.encode(Packet.text("hello"))).isEqualTo("4hello");
        assertThat(PacketCodec.encode(Packet.text(""))).isEqualTo("4");
    }

    @Test
    void encodesBinaryAsBAndPaddedBase64() {
        assertThat(PacketCodec.encode(Packet.binary(new byte[] {1, 2, 3, 4}))).isEqualTo("bAQIDBA==");
        assertThat(PacketCodec.encode(Packet.binary(new byte[] {1, 2, 3, 4, 5}))).isEqualTo("bAQIDBAU=");
        assertThat(PacketCodec.encode(Packet.binary(new byte[] {1, 2, 3}))).isEqualTo("bAQID");
        assertThat(PacketCodec.encode(Packet.binary(new byte[] {(byte) 0xfb, (byte) 0xff})))
                .isEqualTo("b+/8=");
        assertThat(PacketCodec.encode(Packet.binary(new byte[0]))).isEqualTo("b");
    }

    @Test
    void keepsUnicodeTextIntact() {
        String text = "héllo wörld ✓ 😀 日本語";
        assertThat(PacketCodec.encode(Packet.text(text))).isEqualTo("4" + text);
        assertThat(PacketCodec.decode("4" + text)).isEqualTo(Packet.text(text));
    }

    @Test
    void decodesOpen() {
        assertThat(PacketCodec.decode("0" + OPEN_JSON)).isEqualTo(new Packet.Open(OPEN_JSON));
    }

    @Test
    void decodesClose() {
        assertThat(PacketCodec.decode("1")).isSameAs(Packet.CLOSE);
    }

    @Test
    void decodesPingAndProbe() {
        assertThat(PacketCodec.decode("2")).isSameAs(Packet.PING);
        assertThat(PacketCodec.decode("2probe")).isEqualTo(new Packet.Ping("probe"));
    }

    @Test
    void decodesPongAndProbe() {
        assertThat(PacketCodec.decode("3")).isEqualTo(new Packet.Pong(""));
        assertThat(PacketCodec.decode("3probe")).isEqualTo(Packet.PONG_PROBE);
    }

    @Test
    void decodesTextMessages() {
        assertThat(PacketCodec.decode("4hello")).isEqualTo(Packet.text("hello"));
        assertThat(PacketCodec.decode("4")).isEqualTo(Packet.text(""));
    }

    @Test
    void decodesUpgradeAndNoop() {
        assertThat(PacketCodec.decode("5")).isSameAs(Packet.UPGRADE);
        assertThat(PacketCodec.decode("6")).isSameAs(Packet.NOOP);
    }

    @Test
    void decodesBinaryFromBase64() {
        Packet p = PacketCodec.decode("bAQIDBA==");
        assertThat(p).isInstanceOf(Packet.Binary.class);
        assertThat(((Packet.Binary) p).bytes()).containsExactly(1, 2, 3, 4);
        assertThat(((Packet.Binary) PacketCodec.decode("b")).bytes()).isEmpty();
    }

    @Test
    void decodesBase64WrappedInLinesAsTheJavaClientSendsIt() {
        // engine.io-client-java 2.x encodes with Android's Base64.DEFAULT: a line break every 76
        // characters and one at the end; Node's decoder skips them.
        byte[] bytes = new byte[60];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        String plain = java.util.Base64.getEncoder().encodeToString(bytes);
        String wrapped = "b" + plain.substring(0, 76) + "\n" + plain.substring(76) + "\n";
        assertThat(((Packet.Binary) PacketCodec.decode(wrapped)).bytes()).isEqualTo(bytes);
        assertThat(((Packet.Binary) PacketCodec.decode("bBw==\n")).bytes()).containsExactly(7);
        assertThat(((Packet.Binary) PacketCodec.decode("bAQID\r\nBA==\r\n")).bytes()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void roundTripsEveryPacketType() {
        Packet[] packets = {
            new Packet.Open(OPEN_JSON), Packet.CLOSE, Packet.PING, new Packet.Ping("probe"),
            new Packet.Pong(""), Packet.PONG_PROBE, Packet.text("hello"), Packet.text(""),
            Packet.binary(new byte[] {0, -1, 127, -128}), Packet.UPGRADE, Packet.NOOP
        };
        for (Packet p : packets) {
            assertThat(PacketCodec.decode(PacketCodec.encode(p))).as(p.toString()).isEqualTo(p);
        }
    }

    @Test
    void rejectsTheEmptyString() {
        assertThat(PacketCodec.decode("")).isNull();
    }

    @Test
    void rejectsUnknownTypes() {
        assertThat(PacketCodec.decode("7")).isNull();
        assertThat(PacketCodec.decode("7hello")).isNull();
        assertThat(PacketCodec.decode("x")).isNull();
        assertThat(PacketCodec.decode("/")).isNull();
        assertThat(PacketCodec.decode("B")).isNull();
    }

    @Test
    void rejectsInvalidBase64() {
        assertThat(PacketCodec.decode("b!!!")).isNull();
        assertThat(PacketCodec.decode("bAQ ID")).isNull();
        assertThat(PacketCodec.decode("bA")).isNull();
    }
}
