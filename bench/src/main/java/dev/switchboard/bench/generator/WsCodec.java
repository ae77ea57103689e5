package dev.switchboard.bench.generator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * Client-side RFC 6455 framing, written by hand so that the generator spends as little as it can
 * per message: constant frames are encoded once and sent as duplicates, and variable frames are a
 * short masked prefix followed by a pre-masked constant suffix.
 *
 * <p>Clients must mask every frame. A fixed, non-zero key is used: the key's value does not matter
 * to the protocol, and a non-zero one keeps the servers' unmasking honest (a zero key could take a
 * shortcut in a server).
 */
public final class WsCodec {

    /** Final fragment, text opcode. */
    static final int FIN_TEXT = 0x81;
    /** Final fragment, pong opcode. */
    static final int FIN_PONG = 0x8A;
    /** Final fragment, close opcode. */
    static final int FIN_CLOSE = 0x88;

    /** Text frame opcode. */
    public static final int OP_TEXT = 0x1;
    /** Binary frame opcode. */
    public static final int OP_BINARY = 0x2;
    /** Close frame opcode. */
    public static final int OP_CLOSE = 0x8;
    /** Ping frame opcode. */
    public static final int OP_PING = 0x9;
    /** Pong frame opcode. */
    public static final int OP_PONG = 0xA;

    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private WsCodec() {
    }

    /**
     * The size of a client frame header (with its mask key) for a payload length.
     *
     * @param payloadLength the payload length
     * @return the header length in bytes
     */
    public static int headerLength(int payloadLength) {
        if (payloadLength < 126) {
            return 2 + 4;
        }
        return payloadLength <= 0xffff ? 4 + 4 : 10 + 4;
    }

    /**
     * Writes a masked client frame header, mask key included.
     *
     * @param out where to write
     * @param firstByte FIN and opcode
     * @param payloadLength the payload length
     */
    public static void writeHeader(ByteBuf out, int firstByte, int payloadLength) {
        out.writeByte(firstByte);
        if (payloadLength < 126) {
            out.writeByte(0x80 | payloadLength);
        } else if (payloadLength <= 0xffff) {
            out.writeByte(0x80 | 126);
            out.writeShort(payloadLength);
        } else {
            out.writeByte(0x80 | 127);
            out.writeLong(payloadLength);
        }
        out.writeBytes(MASK);
    }

    /**
     * Writes payload bytes masked as they would be at a given offset in the payload.
     *
     * @param out where to write
     * @param bytes the clear bytes
     * @param payloadOffset the offset of {@code bytes[0]} in the frame payload
     */
    public static void writeMasked(ByteBuf out, byte[] bytes, int payloadOffset) {
        for (int i = 0; i < bytes.length; i++) {
            out.writeByte(bytes[i] ^ MASK[(payloadOffset + i) & 3]);
        }
    }

    /**
     * Writes one masked byte at a payload offset.
     *
     * @param out where to write
     * @param b the clear byte
     * @param payloadOffset its offset in the frame payload
     */
    public static void writeMasked(ByteBuf out, int b, int payloadOffset) {
        out.writeByte(b ^ MASK[payloadOffset & 3]);
    }

    /**
     * The four masked forms of a constant payload part, one per payload offset modulo 4, so that
     * the constant tail of a variable message is copied rather than masked byte by byte.
     *
     * @param clear the clear bytes
     * @return {@code result[offset & 3]} is {@code clear} masked at that offset
     */
    public static byte[][] premasked(byte[] clear) {
        byte[][] forms = new byte[4][clear.length];
        for (int shift = 0; shift < 4; shift++) {
            for (int i = 0; i < clear.length; i++) {
                forms[shift][i] = (byte) (clear[i] ^ MASK[(shift + i) & 3]);
            }
        }
        return forms;
    }

    /**
     * A complete masked text frame for an ASCII payload, allocated from {@code alloc}.
     *
     * @param alloc the allocator
     * @param payload the ASCII payload
     * @return the frame (the caller owns it)
     */
    public static ByteBuf textFrame(ByteBufAllocator alloc, byte[] payload) {
        ByteBuf out = alloc.directBuffer(headerLength(payload.length) + payload.length);
        writeHeader(out, FIN_TEXT, payload.length);
        writeMasked(out, payload, 0);
        return out;
    }

    /**
     * A constant masked text frame that is never freed: send {@code .duplicate()}s of it.
     *
     * @param payload the ASCII payload
     * @return the shared frame
     */
    public static ByteBuf constantTextFrame(String payload) {
        return constant(FIN_TEXT, Ascii.bytes(payload));
    }

    /**
     * A constant masked frame that is never freed: send {@code .duplicate()}s of it.
     *
     * @param firstByte FIN and opcode
     * @param payload the payload
     * @return the shared frame
     */
    static ByteBuf constant(int firstByte, byte[] payload) {
        ByteBuf frame = Unpooled.buffer(headerLength(payload.length) + payload.length);
        writeHeader(frame, firstByte, payload.length);
        writeMasked(frame, payload, 0);
        // a JDK direct buffer: written to sockets without a copy, and outside Netty's leak tracking,
        // which would report a constant that is dropped without release as a leak
        ByteBuffer direct = ByteBuffer.allocateDirect(frame.readableBytes());
        frame.readBytes(direct);
        frame.release();
        direct.flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
    }
}
