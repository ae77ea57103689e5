package dev.switchboard.bench.generator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The acknowledged message a client sends, {@code 42<id>["ping","<payload>"]}, with its constant
 * tail pre-encoded: per message only the id is formatted and masked.
 */
public final class PingTemplate {
    private final byte[] clearTail;
    private final byte[][] maskedTail;

    /**
     * A template.
     *
     * @param payload the string argument every message carries (ASCII, no quotes or backslashes)
     */
    public PingTemplate(String payload) {
        clearTail = Ascii.bytes("[\"ping\",\"" + payload + "\"]");
        maskedTail = WsCodec.premasked(clearTail);
    }

    ByteBuf frame(ByteBufAllocator alloc, int id) {
        int digits = Ascii.decimalLength(id);
        int prefix = 2 + digits;
        int length = prefix + clearTail.length;
        ByteBuf out = alloc.directBuffer(WsCodec.headerLength(length) + length);
        WsCodec.writeHeader(out, WsCodec.FIN_TEXT, length);
        WsCodec.writeMasked(out, '4', 0);
        WsCodec.writeMasked(out, '2', 1);
        int divisor = 1;
        for (int i = 1; i < digits; i++) {
            divisor *= 10;
        }
        int rest = id;
        for (int i = 0; i < digits; i++) {
            WsCodec.writeMasked(out, '0' + rest / divisor, 2 + i);
            rest %= divisor;
            divisor /= 10;
        }
        out.writeBytes(maskedTail[prefix & 3]);
        return out;
    }

    byte[] packet(int id) {
        byte[] digits = Ascii.bytes(Integer.toString(id));
        byte[] out = new byte[2 + digits.length + clearTail.length];
        out[0] = '4';
        out[1] = '2';
        System.arraycopy(digits, 0, out, 2, digits.length);
        System.arraycopy(clearTail, 0, out, 2 + digits.length, clearTail.length);
        return out;
    }
}
