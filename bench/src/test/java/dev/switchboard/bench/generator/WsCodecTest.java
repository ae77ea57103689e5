package dev.switchboard.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WsCodecTest {

    @Test
    void constantPongFrameIsFinTextMaskedWithTheFixedKey() {
        ByteBuf frame = WsCodec.constantTextFrame("3");
        // 0x81 FIN+text, 0x81 masked length 1, key 37 fa 21 3d, '3' (0x33) ^ 0x37 = 0x04
        assertThat(ByteBufUtil.hexDump(frame)).isEqualTo("818137fa213d04");
    }

    @Test
    void headerUsesTwoByteLengthFrom126AndEightByteLengthPast65535() {
        assertThat(WsCodec.headerLength(125)).isEqualTo(6);
        assertThat(WsCodec.headerLength(126)).isEqualTo(8);
        assertThat(WsCodec.headerLength(65_535)).isEqualTo(8);
        assertThat(WsCodec.headerLength(65_536)).isEqualTo(14);
        for (int length : new int[] {125, 126, 65_535, 65_536}) {
            String text = "x".repeat(length);
            ByteBuf frame = WsCodec.textFrame(ByteBufAllocator.DEFAULT, Ascii.bytes(text));
            try {
                assertThat(frame.readableBytes()).isEqualTo(WsCodec.headerLength(length) + length);
                assertThat(unmaskText(frame)).isEqualTo(text);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void premaskedFormsMatchMaskingAtEachOffset() {
        byte[] clear = Ascii.bytes("[\"ping\"]");
        byte[][] forms = WsCodec.premasked(clear);
        for (int offset = 0; offset < 8; offset++) {
            ByteBuf out = ByteBufAllocator.DEFAULT.heapBuffer();
            try {
                WsCodec.writeMasked(out, clear, offset);
                assertThat(ByteBufUtil.getBytes(out)).isEqualTo(forms[offset & 3]);
            } finally {
                out.release();
            }
        }
    }

    /** Decodes a masked client text frame (as a server would) and returns its payload. */
    static String unmaskText(ByteBuf frame) {
        int r = frame.readerIndex();
        assertThat(frame.getByte(r) & 0xff).as("FIN + text").isEqualTo(0x81);
        int b1 = frame.getByte(r + 1) & 0xff;
        assertThat(b1 & 0x80).as("mask bit").isEqualTo(0x80);
        long length = b1 & 0x7f;
        int at = r + 2;
        if (length == 126) {
            length = frame.getUnsignedShort(at);
            at += 2;
        } else if (length == 127) {
            length = frame.getLong(at);
            at += 8;
        }
        byte[] key = new byte[4];
        frame.getBytes(at, key);
        at += 4;
        assertThat(frame.writerIndex() - at).as("payload length").isEqualTo(length);
        byte[] payload = new byte[(int) length];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (frame.getByte(at + i) ^ key[i & 3]);
        }
        return new String(payload, StandardCharsets.US_ASCII);
    }
}
