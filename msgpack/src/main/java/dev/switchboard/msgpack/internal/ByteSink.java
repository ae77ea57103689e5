package dev.switchboard.msgpack.internal;

import java.util.Arrays;

/** A growable byte array the writer appends to; one per encoding, never shared. */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void ensure(int more) {
        if (buf.length - size < more) {
            long wanted = Math.max((long) buf.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("value too large to encode: over 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    /** Appends the low 8 bits of {@code b}, as a JavaScript {@code Uint8Array} stores a number. */
    void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void write2(int v) {
        ensure(2);
        buf[size++] = (byte) (v >> 8);
        buf[size++] = (byte) v;
    }

    void write4(long v) {
        ensure(4);
        buf[size++] = (byte) (v >> 24);
        buf[size++] = (byte) (v >> 16);
        buf[size++] = (byte) (v >> 8);
        buf[size++] = (byte) v;
    }

    void write8(long v) {
        write4(v >>> 32);
        write4(v);
    }

    void write(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
    }

    /** {@return direct access for writers that fill a reserved range; valid until the next write} */
    byte[] array() {
        return buf;
    }

    /** Marks {@code n} bytes written directly into {@link #array()} after {@link #ensure}. */
    void advance(int n) {
        size += n;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
