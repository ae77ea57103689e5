package dev.switchboard.socketio.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Socket ids and private session ids in the reference's shape: 15 bytes (12 random, then the low
 * three bytes of a sequence number) as URL-safe base64, 20 characters. The sequence keeps ids
 * distinct even if the random source repeated itself.
 */
public final class Base64Id {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder();

    private Base64Id() {
    }

    /** {@return a new id, 20 characters from {@code A-Za-z0-9-_}} */
    public static String generate() {
        byte[] bytes = new byte[15];
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, bytes, 0, 12);
        int seq = SEQUENCE.incrementAndGet();
        bytes[12] = (byte) (seq >>> 16);
        bytes[13] = (byte) (seq >>> 8);
        bytes[14] = (byte) seq;
        return ENCODER.encodeToString(bytes);
    }
}
