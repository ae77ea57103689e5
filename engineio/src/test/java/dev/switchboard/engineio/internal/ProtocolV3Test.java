package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.PayloadCodec;
import dev.switchboard.engineio.RequestInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engine.IO protocol 3 on the wire, against the literals of the protocol's spec and test suite. */
class ProtocolV3Test {

    private final ProtocolV3 v3 = ProtocolV3.INSTANCE;

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void aTextPayloadPrefixesEachPacketWithItsLengthAndAColon() {
        assertThat(v3.encodeTextPayload(List.of(Packet.text("test1"), Packet.text("test2"), Packet.text("test3"))))
                .isEqualTo("6:4test16:4test26:4test3");
        assertThat(v3.encodeTextPayload(List.of(new Packet.Pong("")))).isEqualTo("1:3");
        assertThat(v3.encodeTextPayload(List.of(Packet.NOOP, Packet.CLOSE))).isEqualTo("1:61:1");
    }

    @Test
    void aTextPayloadCountsLengthsInUtf16UnitsAsJavaScriptDoes() {
        assertThat(v3.encodeTextPayload(List.of(Packet.text("é🎉")))).isEqualTo("4:4é🎉");
        assertThat(v3.decodeTextPayload("4:4é🎉").packets()).containsExactly(Packet.text("é🎉"));
    }

    @Test
    void aBinaryMessageIsB4AndBase64InText() {
        assertThat(v3.encodeTextPayload(List.of(Packet.text("hello"), Packet.binary(bytes(1, 2, 3, 4)))))
                .isEqualTo("6:4hello10:b4AQIDBA==");
        PayloadCodec.Decoded d = v3.decodeTextPayload("6:4hello10:b4AQIDBA==");
        assertThat(d.valid()).isTrue();
        assertThat(d.packets()).containsExactly(Packet.text("hello"), Packet.binary(bytes(1, 2, 3, 4)));
    }

    @Test
    void theBinaryPayloadIsUsedOnlyWhenAPacketIsBinary() {
        assertThat(v3.encodeBinaryPayload(List.of(Packet.text("hello")))).isNull();
        assertThat(v3.encodeBinaryPayload(List.of(Packet.text("hello"), Packet.binary(bytes(1, 2, 3, 4)))))
                .isEqualTo(bytes(0, 6, 255, 52, 104, 101, 108, 108, 111, 1, 5, 255, 4, 1, 2, 3, 4));
    }

    @Test
    void theBinaryPayloadWritesLengthsAsOneByteADigitAndStringsInUtf8() {
        byte[] twelve = new byte[12];
        byte[] encoded = v3.encodeBinaryPayload(List.of(Packet.text("é"), Packet.binary(twelve)));
        assertThat(encoded).startsWith(bytes(0, 3, 255, '4', 0xc3, 0xa9, 1, 1, 3, 255, 4));
        assertThat(encoded).hasSize(11 + 12);
    }

    @Test
    void aBinaryPayloadDecodesBackToItsPackets() {
        PayloadCodec.Decoded d = v3.decodeBinaryPayload(
                bytes(0, 6, 255, 52, 104, 101, 108, 108, 111, 1, 5, 255, 4, 1, 2, 3, 4));
        assertThat(d.valid()).isTrue();
        assertThat(d.packets()).containsExactly(Packet.text("hello"), Packet.binary(bytes(1, 2, 3, 4)));
    }

    @Test
    void aBinaryPayloadThatStopsShortIsInvalidAfterItsWholePackets() {
        PayloadCodec.Decoded d = v3.decodeBinaryPayload(bytes(0, 1, 255, 50, 0, 9, 255, 52));
        assertThat(d.valid()).isFalse();
        assertThat(d.packets()).containsExactly(Packet.PING);
        assertThat(v3.decodeBinaryPayload(bytes(0, 1, 2)).valid()).isFalse();
        assertThat(v3.decodeBinaryPayload(new byte[0]).valid()).isFalse();
    }

    @Test
    void malformedTextPayloadsAreInvalidAfterTheirWholePackets() {
        assertThat(v3.decodeTextPayload("abc").valid()).isFalse();
        assertThat(v3.decodeTextPayload("").valid()).isFalse();
        assertThat(v3.decodeTextPayload("1:2").packets()).containsExactly(Packet.PING);
        PayloadCodec.Decoded tooLong = v3.decodeTextPayload("1:27:4hi");
        assertThat(tooLong.valid()).isFalse();
        assertThat(tooLong.packets()).containsExactly(Packet.PING);
        assertThat(v3.decodeTextPayload("1:9").valid()).isFalse();
        assertThat(v3.decodeTextPayload(":4").valid()).isFalse();
        assertThat(v3.decodeTextPayload("99999999999999999999:4").valid()).isFalse();
        assertThat(v3.decodeTextPayload("1:2x").valid()).isFalse();
    }

    @Test
    void anEmptyRecordIsSkippedAsTheReferenceSkipsIt() {
        PayloadCodec.Decoded d = v3.decodeTextPayload("0:1:2");
        assertThat(d.valid()).isTrue();
        assertThat(d.packets()).containsExactly(Packet.PING);
    }

    @Test
    void aWebSocketBinaryFrameCarriesTheMessageTypeByte() {
        assertThat(v3.decodeBinaryFrame(bytes(4, 1, 2, 3, 4))).isEqualTo(Packet.binary(bytes(1, 2, 3, 4)));
        assertThat(v3.decodeBinaryFrame(new byte[0])).isNull();
        assertThat(v3.decodeBinaryFrame(bytes(9, 1))).isNull();
    }

    @Test
    void base64WithTheJavaClientsLineBreaksDecodesAndAnythingElseIsRefused() {
        assertThat(v3.decodeTextFrame("b4AQID\nBA==\n")).isEqualTo(Packet.binary(bytes(1, 2, 3, 4)));
        assertThat(v3.decodeTextFrame("b4AQ*D")).isNull();
        assertThat(v3.decodeTextFrame("b")).isNull();
        assertThat(v3.decodeTextFrame("b2AQID")).isNull();
    }

    @Test
    void textFramesDecodeAsInProtocol4() {
        assertThat(v3.decodeTextFrame("2probe")).isEqualTo(new Packet.Ping("probe"));
        assertThat(v3.decodeTextFrame("4hello")).isEqualTo(Packet.text("hello"));
        assertThat(v3.decodeTextFrame("abc")).isNull();
    }

    @Test
    void revisionIsReadFromEioAsTheReferenceReadsIt() {
        assertThat(ProtocolCodec.of(4)).isSameAs(ProtocolV4.INSTANCE);
        assertThat(ProtocolCodec.of(3)).isSameAs(ProtocolV3.INSTANCE);
        assertThat(v3.serverPings()).isFalse();
        assertThat(ProtocolV4.INSTANCE.serverPings()).isTrue();
    }

    @Test
    void jsonpWrapsThePayloadAsAScriptCallAndUnwrapsTheFormField() {
        String url = "/engine.io/?EIO=3&transport=polling&j=1x2";
        Jsonp jsonp = Jsonp.of(new RequestInfo("GET", url, RequestInfo.parseQuery(url), java.util.Map.of(),
                "127.0.0.1", false, 0L));
        assertThat(jsonp.wrap("6:4a\"\u2028")).isEqualTo("___eio[12](\"6:4a\\\"\\u2028\");");
        assertThat(Jsonp.unwrap("d=6%3A4hello")).isEqualTo("6:4hello");
        assertThat(Jsonp.unwrap("d=4%3A4a%5Cnb")).isEqualTo("4:4a\nb");
        assertThat(Jsonp.unwrap("d=5%3A4a%5C%5Cnb")).isEqualTo("5:4a\\nb");
        assertThat(Jsonp.unwrap("x=1")).isNull();
        assertThat(new String(Jsonp.quote("\u0001").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("\"\\u0001\"");
    }
}
