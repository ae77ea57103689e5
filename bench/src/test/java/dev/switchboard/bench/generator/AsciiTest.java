package dev.switchboard.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsciiTest {

    private final ByteBuf buf = Unpooled.copiedBuffer("xx43127[\"pong\"]", StandardCharsets.US_ASCII);

    @AfterEach
    void release() {
        buf.release();
    }

    @Test
    void startsWithComparesAtAnAbsoluteIndexWithinTheLength() {
        assertThat(Ascii.startsWith(buf, 2, 13, "43")).isTrue();
        assertThat(Ascii.startsWith(buf, 2, 13, "42")).isFalse();
        assertThat(Ascii.startsWith(buf, 2, 1, "43")).isFalse();
    }

    @Test
    void parseDecimalStopsAtTheFirstNonDigitAndSaysWhenThereIsNone() {
        assertThat(Ascii.parseDecimal(buf, 4, buf.writerIndex())).isEqualTo(127);
        assertThat(Ascii.parseDecimal(buf, 4, 6)).isEqualTo(12);
        assertThat(Ascii.parseDecimal(buf, 0, buf.writerIndex())).isEqualTo(-1);
    }

    @Test
    void decimalLengthCountsDigits() {
        assertThat(Ascii.decimalLength(0)).isEqualTo(1);
        assertThat(Ascii.decimalLength(9)).isEqualTo(1);
        assertThat(Ascii.decimalLength(10)).isEqualTo(2);
        assertThat(Ascii.decimalLength(Long.MAX_VALUE)).isEqualTo(19);
    }

    @Test
    void bytesRefusesNonAscii() {
        assertThat(Ascii.bytes("40")).containsExactly('4', '0');
        assertThatThrownBy(() -> Ascii.bytes("é")).isInstanceOf(IllegalArgumentException.class);
    }
}
