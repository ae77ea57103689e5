package dev.switchboard.socketio;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.TransportType;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An Engine.IO session in memory, for driving the Socket.IO layer without HTTP: what the server
 * sends is recorded ({@link #sent()}), what the client sends is fed with {@link #receive}. Lives
 * on a real Netty executor, as a session does.
 */
public final class FakeEngineSocket implements EngineSocket {

    private static int counter;

    private final String id;
    private final EventExecutor executor;
    private final RequestInfo request;
    private final List<Packet.Message> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger writesAtOnce = new AtomicInteger();
    private final List<Consumer<Packet.Message>> messageListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<CloseReason, String>> closeListeners = new CopyOnWriteArrayList<>();
    private volatile ReadyState readyState = ReadyState.OPEN;
    private volatile boolean writable = true;
    private volatile int closeCalls;

    /**
     * A session on an executor, with a polling handshake request from {@code 127.0.0.1}.
     *
     * @param executor the session's event loop
     */
    public FakeEngineSocket(EventExecutor executor) {
        this(executor, new RequestInfo("GET", "/socket.io/?EIO=4&transport=polling&t=NxyZ",
                Map.of("EIO", "4", "transport", "polling", "t", "NxyZ"),
                Map.of("host", "localhost:3000", "origin", "http://localhost:3000"),
                "127.0.0.1", false, 1_700_000_000_000L));
    }

    /**
     * A session with a given request.
     *
     * @param executor the session's event loop
     * @param request the handshake request
     */
    public FakeEngineSocket(EventExecutor executor, RequestInfo request) {
        synchronized (FakeEngineSocket.class) {
            this.id = "engine-sid-" + (++counter);
        }
        this.executor = executor;
        this.request = request;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int protocol() {
        return 4;
    }

    @Override
    public TransportType transport() {
        return TransportType.WEBSOCKET;
    }

    @Override
    public ReadyState readyState() {
        return readyState;
    }

    @Override
    public boolean upgraded() {
        return false;
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public boolean isWritable() {
        return writable && readyState == ReadyState.OPEN;
    }

    /** Makes the transport (not) writable, for volatile packets. */
    public void writable(boolean writable) {
        this.writable = writable;
    }

    @Override
    public void send(Packet.Message message) {
        send(List.of(message));
    }

    @Override
    public void send(List<? extends Packet.Message> messages) {
        Runnable task = () -> {
            if (readyState == ReadyState.OPEN) {
                writes.incrementAndGet();
                sent.addAll(messages);
                synchronized (sent) {
                    sent.notifyAll();
                }
            }
        };
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    /** Counts the call, then sends as {@link #send(List)}: a fake has no end of turn to skip. */
    @Override
    public void sendAndFlush(List<? extends Packet.Message> messages) {
        if (executor.inEventLoop() && readyState == ReadyState.OPEN) {
            writesAtOnce.incrementAndGet();
        }
        send(messages);
    }

    /** {@return how many writes to this open session came through {@code sendAndFlush} on its loop} */
    public int writesAtOnce() {
        sync();
        return writesAtOnce.get();
    }

    @Override
    public void close() {
        closeCalls++;
        onLoop(() -> closeWith(CloseReason.FORCED_CLOSE, ""));
    }

    /** How many times {@link #close()} was called. */
    public int closeCalls() {
        return closeCalls;
    }

    /**
     * Ends the session as the engine would, with a reason.
     *
     * @param reason the reason
     * @param description the description
     */
    public void closeFromTransport(CloseReason reason, String description) {
        onLoop(() -> closeWith(reason, description));
        sync();
    }

    private void closeWith(CloseReason reason, String description) {
        if (readyState == ReadyState.CLOSED) {
            return;
        }
        readyState = ReadyState.CLOSED;
        for (BiConsumer<CloseReason, String> l : closeListeners) {
            l.accept(reason, description);
        }
    }

    @Override
    public void onMessage(Consumer<Packet.Message> listener) {
        messageListeners.add(listener);
    }

    /** How many message listeners were registered (a Socket.IO client registers one). */
    public int messageListenerCount() {
        return messageListeners.size();
    }

    @Override
    public void onClose(BiConsumer<CloseReason, String> listener) {
        closeListeners.add(listener);
    }

    @Override
    public void onUpgrade(Consumer<TransportType> listener) {
    }

    @Override
    public void onPacket(Consumer<Packet> listener) {
    }

    @Override
    public void onHeartbeat(Runnable listener) {
    }

    @Override
    public void onDrain(Runnable listener) {
    }

    /**
     * The client sends text messages; returns once the loop handled them.
     *
     * @param texts the messages
     */
    public void receive(String... texts) {
        for (String text : texts) {
            deliver(Packet.text(text));
        }
        sync();
    }

    /**
     * The client sends a binary message; returns once the loop handled it.
     *
     * @param bytes the message
     */
    public void receive(byte[] bytes) {
        deliver(Packet.binary(bytes));
        sync();
    }

    private void deliver(Packet.Message message) {
        onLoop(() -> {
            if (readyState != ReadyState.OPEN) {
                return;
            }
            for (Consumer<Packet.Message> l : messageListeners) {
                l.accept(message);
            }
        });
    }

    private void onLoop(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    /** Waits until the loop has run everything queued so far. */
    public void sync() {
        if (executor.inEventLoop()) {
            return;
        }
        try {
            executor.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("event loop did not drain", e);
        }
    }

    /** The messages sent, text as is and binary as {@code <bin:hex>}. */
    public List<String> sent() {
        sync();
        List<String> out = new ArrayList<>();
        for (Packet.Message m : sent) {
            out.add(describe(m));
        }
        return out;
    }

    /** The messages sent, as sent. */
    public List<Packet.Message> sentMessages() {
        sync();
        return List.copyOf(sent);
    }

    /**
     * Waits until at least {@code count} messages were sent (for sends that come from other threads).
     *
     * @param count the number of messages
     * @return the messages sent, described as by {@link #sent()}
     */
    public List<String> awaitSent(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (sent) {
            while (sent.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " messages, got " + sent());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sent, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        return sent();
    }

    /** {@return how many calls of {@code send} wrote to this open session so far} */
    public int writes() {
        sync();
        return writes.get();
    }

    /** Forgets what was sent so far. */
    public void clearSent() {
        sync();
        sent.clear();
    }

    /** The last text sent. */
    public String lastSent() {
        List<String> all = sent();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    static String describe(Packet.Message m) {
        if (m instanceof Packet.Text t) {
            return t.text();
        }
        byte[] bytes = ((Packet.Binary) m).bytes();
        StringBuilder sb = new StringBuilder("<bin:");
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.append('>').toString();
    }

    /** Whether the session was closed. */
    public boolean closed() {
        sync();
        return readyState == ReadyState.CLOSED;
    }
}
