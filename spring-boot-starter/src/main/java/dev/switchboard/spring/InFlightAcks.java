package dev.switchboard.spring;

import dev.switchboard.socketio.Ack;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The acknowledgements that handlers still owe clients: a graceful shutdown waits for them
 * (up to {@code spring.lifecycle.timeout-per-shutdown-phase}) before it closes the sockets, so a
 * client whose request was being served gets its answer. Annotated handlers are tracked by
 * themselves; a handler set by a {@link SocketIoConfigurer} wraps its ack with {@link #track}.
 * What a socket owes is forgiven when it leaves: nobody is left to answer.
 *
 * <pre>{@code
 * socket.on("save", (args, ack) -> {
 *     Ack tracked = inFlight.track(socket, ack);
 *     repository.saveAsync(args.get(0, Item.class)).thenRun(() -> tracked.send("ok"));
 * });
 * }</pre>
 */
public final class InFlightAcks {

    private final Object lock = new Object();
    private long owed;
    /** What each socket that was ever tracked owes now; a socket leaves the map when it leaves. */
    private final Map<Socket, long[]> bySocket = new HashMap<>();

    /** An empty tracker. */
    public InFlightAcks() {
    }

    /**
     * Counts an acknowledgement as owed until it is sent or the socket leaves.
     *
     * @param socket the socket that asked
     * @param ack the handler's ack
     * @return an ack that counts itself settled when sent (once); {@code ack} itself when the
     *     client asked for none
     */
    public Ack track(Socket socket, Ack ack) {
        if (!ack.requested() || socket.disconnected()) {
            return ack;
        }
        boolean first;
        synchronized (lock) {
            long[] count = bySocket.get(socket);
            first = count == null;
            if (first) {
                count = new long[1];
                bySocket.put(socket, count);
            }
            count[0]++;
            owed++;
        }
        if (first) {
            // One listener per socket, not per ack: a long-lived socket does not pile them up.
            socket.onDisconnect((reason, description) -> forgive(socket));
        }
        return new Tracked(socket, ack);
    }

    /** {@return the acknowledgements owed now} */
    public long owed() {
        synchronized (lock) {
            return owed;
        }
    }

    /**
     * Waits until no acknowledgement is owed, or the time is up.
     *
     * @param timeout the longest wait
     * @return whether none is owed
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (owed > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Settles an ack that will never be sent (its handler failed).
     *
     * @param ack an ack from {@link #track}
     */
    void abandon(Ack ack) {
        if (ack instanceof Tracked t) {
            t.settleOnce();
        }
    }

    private void settle(Socket socket) {
        synchronized (lock) {
            long[] count = bySocket.get(socket);
            if (count == null) {
                return; // forgiven when the socket left
            }
            count[0]--;
            owed--;
            if (owed == 0) {
                lock.notifyAll();
            }
        }
    }

    private void forgive(Socket socket) {
        synchronized (lock) {
            long[] count = bySocket.remove(socket);
            if (count != null) {
                owed -= count[0];
                if (owed == 0) {
                    lock.notifyAll();
                }
            }
        }
    }

    /** An ack that settles its count the first time it is sent. */
    private final class Tracked implements Ack {
        private final Socket socket;
        private final Ack delegate;
        private final AtomicBoolean settled = new AtomicBoolean();

        Tracked(Socket socket, Ack delegate) {
            this.socket = socket;
            this.delegate = delegate;
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object... args) {
            try {
                delegate.send(args);
            } finally {
                settleOnce();
            }
        }

        @Override
        public void send(EventArgs args) {
            try {
                delegate.send(args);
            } finally {
                settleOnce();
            }
        }

        private void settleOnce() {
            if (settled.compareAndSet(false, true)) {
                settle(socket);
            }
        }
    }
}
