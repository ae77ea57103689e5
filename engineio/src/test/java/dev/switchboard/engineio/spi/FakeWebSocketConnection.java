package dev.switchboard.engineio.spi;

import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link WebSocketConnection}: frames written and flushed are recorded in order; a
 * test injects incoming frames, a close or an error, which reach the listener on the executor as a
 * binding delivers them. Closing from the server side reports {@code onClose} afterwards, as a real
 * connection does once its channel is gone.
 */
public final class FakeWebSocketConnection implements WebSocketConnection {

    private final EventExecutor executor;
    private final LinkedBlockingQueue<Frame> flushed = new LinkedBlockingQueue<>();
    private final List<Frame> unflushed = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final List<Runnable> held = new ArrayList<>();
    private volatile Listener listener;
    private volatile boolean writable = true;
    private volatile long pendingOutboundBytes;
    private boolean closeReported;
    private final AtomicInteger flushes = new AtomicInteger();

    /** A connection on {@code executor}. */
    public FakeWebSocketConnection(EventExecutor executor) {
        this.executor = executor;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public void listener(Listener listener) {
        executor.execute(() -> {
            this.listener = listener;
            for (Runnable r : held) {
                r.run();
            }
            held.clear();
        });
    }

    /** Whether the engine has set a listener. */
    public boolean hasListener() {
        return listener != null;
    }

    @Override
    public synchronized void writeText(String text) {
        unflushed.add(Frame.text(text));
    }

    @Override
    public synchronized void writeBinary(byte[] bytes) {
        unflushed.add(Frame.binary(bytes));
    }

    @Override
    public synchronized void writeUncompressed(byte[] payload, boolean binary) {
        unflushed.add(Frame.uncompressed(binary, payload));
    }

    @Override
    public synchronized void flush() {
        flushes.incrementAndGet();
        flushed.addAll(unflushed);
        unflushed.clear();
    }

    /** How many times {@link #flush()} was called. */
    public int flushes() {
        return flushes.get();
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    /** Sets what {@link #isWritable()} answers. */
    public void writable(boolean writable) {
        this.writable = writable;
    }

    @Override
    public long pendingOutboundBytes() {
        return pendingOutboundBytes;
    }

    /** Sets what {@link #pendingOutboundBytes()} answers. */
    public void pendingOutboundBytes(long bytes) {
        this.pendingOutboundBytes = bytes;
    }

    @Override
    public void close() {
        close(-1, "");
    }

    @Override
    public void close(int code, String reason) {
        if (closed.complete(code)) {
            executor.execute(this::reportClose);
        }
    }

    /** The status code of the server's close, -1 for a close frame without one. */
    public CompletableFuture<Integer> closedByServer() {
        return closed;
    }

    /** Whether the server closed the connection. */
    public boolean isClosed() {
        return closed.isDone();
    }

    // ---- what the client does -----------------------------------------------------------------

    /** A text frame arrives. */
    public void receiveText(String text) {
        deliver(() -> listener.onText(text));
    }

    /**
     * Text frames of one read from the network arrive and the read ends, in the calling task, which
     * must run on the connection's executor: what the test checks right after sees the read's end
     * but not the end of the loop's turn.
     */
    public void readNow(String... texts) {
        if (!executor.inEventLoop()) {
            throw new IllegalStateException("readNow runs on the connection's executor");
        }
        for (String text : texts) {
            listener.onText(text);
        }
        listener.onReadComplete();
    }

    /** A binary frame arrives. */
    public void receiveBinary(byte[] bytes) {
        deliver(() -> listener.onBinary(bytes));
    }

    /** The client closes the connection. */
    public void clientClose() {
        closed.complete(-2);
        deliver(this::reportClose);
    }

    /** The connection fails, then closes. */
    public void fail(String description) {
        closed.complete(-3);
        deliver(() -> {
            listener.onError(description);
            reportClose();
        });
    }

    /** The outbound buffer drained. */
    public void drained() {
        writable = true;
        deliver(() -> listener.onWritable());
    }

    private void reportClose() {
        if (closeReported) {
            return;
        }
        closeReported = true;
        if (listener != null) {
            listener.onClose();
        } else {
            held.add(() -> listener.onClose());
        }
    }

    private void deliver(Runnable r) {
        executor.execute(() -> {
            if (listener == null) {
                held.add(r);
            } else {
                r.run();
            }
        });
    }

    // ---- what the server sent -----------------------------------------------------------------

    /** The next flushed frame, waiting for it. */
    public Frame nextFrame() {
        try {
            Frame f = flushed.poll(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (f == null) {
                throw new AssertionError("no frame within " + FakeHttpExchange.TIMEOUT_SECONDS + " s");
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next flushed frame, which must be text. */
    public String nextText() {
        Frame f = nextFrame();
        if (f.binary()) {
            throw new AssertionError("expected a text frame, got " + f);
        }
        return f.text();
    }

    /** The frames flushed and not yet taken, without waiting. */
    public List<Frame> drainFrames() {
        List<Frame> out = new ArrayList<>();
        flushed.drainTo(out);
        return out;
    }

    /**
     * A frame the server sent.
     *
     * @param binary whether it is a binary frame
     * @param bytes its payload (UTF-8 for text)
     * @param uncompressed whether it was given through {@link #writeUncompressed}
     */
    public record Frame(boolean binary, byte[] bytes, boolean uncompressed) {

        /** A frame given through the ordinary methods, which a binding may compress. */
        public Frame(boolean binary, byte[] bytes) {
            this(binary, bytes, false);
        }

        static Frame text(String text) {
            return new Frame(false, text.getBytes(StandardCharsets.UTF_8));
        }

        static Frame binary(byte[] bytes) {
            return new Frame(true, bytes.clone());
        }

        /** A frame given through {@link #writeUncompressed}. */
        public static Frame uncompressed(boolean binary, byte[] payload) {
            return new Frame(binary, payload.clone(), true);
        }

        /** The payload as text. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.binary == binary && Arrays.equals(f.bytes, bytes)
                    && f.uncompressed == uncompressed;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + (binary ? 1 : 0) + (uncompressed ? 2 : 0);
        }

        @Override
        public String toString() {
            return (uncompressed ? "uncompressed " : "") + (binary ? "binary" + Arrays.toString(bytes) : "text:" + text());
        }
    }
}
