package dev.switchboard.socketio.adapter.internal;

import java.util.function.LongSupplier;

/**
 * Offsets for connection state recovery in the reference's format ("yeast" ids): the current time
 * in milliseconds in base 64 ({@code 0-9A-Za-z-_}), with {@code .<seq>} appended for the second and
 * later ids of the same millisecond. Clients treat them as opaque; they only need to be unique and
 * comparable for equality.
 */
public final class Yeast {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".toCharArray();

    private final LongSupplier clock;
    private String previous;
    private long seed;

    /**
     * A generator reading the given clock.
     *
     * @param clock milliseconds since the epoch
     */
    public Yeast(LongSupplier clock) {
        this.clock = clock;
    }

    /** A generator reading the system clock. */
    public Yeast() {
        this(System::currentTimeMillis);
    }

    /** {@return the next id} */
    public synchronized String next() {
        String now = encode(clock.getAsLong());
        if (!now.equals(previous)) {
            seed = 0;
            previous = now;
            return now;
        }
        return now + "." + encode(seed++);
    }

    /**
     * A non-negative number in the yeast alphabet.
     *
     * @param num the number
     * @return its encoding, most significant digit first
     */
    public static String encode(long num) {
        char[] buf = new char[11];
        int pos = buf.length;
        do {
            buf[--pos] = ALPHABET[(int) (num % 64)];
            num /= 64;
        } while (num > 0);
        return new String(buf, pos, buf.length - pos);
    }
}
