package dev.switchboard.engineio.internal.shared;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The body of one HTTP request as an HTTP binding collects it for
 * {@link dev.switchboard.engineio.spi.HttpExchange#readRawBody}: bytes copied as they arrive (never
 * a view of the binding's buffers), at most {@code maxHttpBufferSize} of them, handed once complete
 * to the one reader the engine sets. A longer body is dropped as it comes and reported as too
 * large, so the client gets the engine's answer rather than a reset.
 *
 * <p>Not thread-safe: the binding calls it from one thread at a time, with a happens-before
 * between them (the Netty binding on the channel's loop; the servlet binding appends on the
 * container's read callbacks, then hands {@link #complete} to the session's executor).
 */
public final class RequestBody {

    /** Copies a chunk of the request into the body. */
    @FunctionalInterface
    public interface Chunk {
        /**
         * Copies the chunk.
         *
         * @param into the body's array
         * @param offset where the chunk goes in it
         * @param length the chunk's length, as given to {@link #append}
         */
        void copyTo(byte[] into, int offset, int length);
    }

    private final int max;
    private byte[] bytes = new byte[0];
    private int length;
    private boolean tooLarge;
    private boolean complete;
    private boolean discarded;
    private Consumer<byte[]> onBody;
    private Runnable onTooLarge;

    /**
     * An empty body.
     *
     * @param max the most bytes it may hold ({@code maxHttpBufferSize})
     */
    public RequestBody(int max) {
        this.max = max;
    }

    /**
     * Appends a chunk, or drops it once the body is too large.
     *
     * @param n the chunk's length
     * @param chunk copies it into the body
     */
    public void append(int n, Chunk chunk) {
        if (n == 0 || tooLarge) {
            return;
        }
        if ((long) length + n > max) {
            tooLarge = true;
            bytes = null;
            return;
        }
        if (length + n > bytes.length) {
            // Doubling, capped at the limit: a body near the limit is not copied again and again.
            bytes = Arrays.copyOf(bytes, Math.max(length + n, Math.min(max, bytes.length * 2 + 256)));
        }
        chunk.copyTo(bytes, length, n);
        length += n;
    }

    /** The whole body has arrived: the reader, if set, gets it now. */
    public void complete() {
        complete = true;
        deliver();
    }

    /**
     * Sets the reader: exactly one of the callbacks runs, once the body is complete (now if it is).
     *
     * @param onBody receives the body
     * @param onTooLarge runs instead when the body was longer than the limit
     */
    public void read(Consumer<byte[]> onBody, Runnable onTooLarge) {
        this.onBody = onBody;
        this.onTooLarge = onTooLarge;
        deliver();
    }

    /**
     * The request ended before its body was used (its client left): nothing is delivered. Called
     * where {@link #complete} is; leaves the bytes alone, which a binding may still be appending
     * to on another thread.
     */
    public void discard() {
        discarded = true;
        onBody = null;
        onTooLarge = null;
    }

    private void deliver() {
        if (!complete || discarded || onBody == null) {
            return;
        }
        Consumer<byte[]> b = onBody;
        Runnable t = onTooLarge;
        onBody = null;
        onTooLarge = null;
        if (tooLarge) {
            t.run();
        } else {
            byte[] out = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
            bytes = null;
            b.accept(out);
        }
    }
}
