package dev.switchboard.bench.generator;

import io.netty.buffer.ByteBuf;

/**
 * Byte-level scans the generator uses instead of decoding JSON: every packet it must understand
 * is recognised by its first bytes, and the only values it reads are decimal numbers.
 */
public final class Ascii {

    private Ascii() {
    }

    /**
     * Whether the bytes at {@code index} start with the ASCII {@code prefix}.
     *
     * @param buf the buffer (indexes are absolute)
     * @param index where to look
     * @param length how many readable bytes there are from {@code index}
     * @param prefix the ASCII prefix
     * @return whether they match
     */
    public static boolean startsWith(ByteBuf buf, int index, int length, String prefix) {
        int n = prefix.length();
        if (length < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf.getByte(index + i) != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a non-negative decimal number.
     *
     * @param buf the buffer (indexes are absolute)
     * @param index the first digit
     * @param end one past the last byte that may be read
     * @return the number, or -1 when there is no digit at {@code index}
     */
    public static long parseDecimal(ByteBuf buf, int index, int end) {
        long value = 0;
        int i = index;
        while (i < end) {
            int d = buf.getByte(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            value = value * 10 + d;
            i++;
        }
        return i == index ? -1 : value;
    }

    /**
     * The number of decimal digits of a non-negative number.
     *
     * @param value the number
     * @return its digit count (1 for 0)
     */
    public static int decimalLength(long value) {
        int n = 1;
        long v = value;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /**
     * The ASCII bytes of a string that holds only ASCII characters.
     *
     * @param s the string
     * @return its bytes
     */
    public static byte[] bytes(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            char c = s.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("not ASCII at " + i + ": " + s);
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /**
     * Where an ASCII string first occurs in a range of a buffer.
     *
     * @param buf the buffer
     * @param index the range's start
     * @param end the range's end (exclusive)
     * @param needle what to find
     * @return the index of its first byte, or -1
     */
    public static int indexOf(ByteBuf buf, int index, int end, String needle) {
        int n = needle.length();
        byte first = (byte) needle.charAt(0);
        for (int i = index; i + n <= end; i++) {
            if (buf.getByte(i) == first && startsWith(buf, i, n, needle)) {
                return i;
            }
        }
        return -1;
    }
}
