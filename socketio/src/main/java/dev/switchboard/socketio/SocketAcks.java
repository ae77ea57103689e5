package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.netty.util.collection.LongObjectHashMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements a {@link Socket} waits for, by id: its own emits' (answered once, or failed
 * by a timeout or the disconnection) and its share of broadcasts that asked for answers (kept
 * until their broadcast's timeout). Event loop only; a socket makes one with its first ack.
 */
final class SocketAcks {

    private static final Logger log = LoggerFactory.getLogger(Socket.class);
    /** Entries past this count make a registration sweep expired broadcast acks first. */
    private static final int SWEEP_THRESHOLD = 16;

    private final Socket socket;
    private LongObjectHashMap<PendingAck> pending = new LongObjectHashMap<>(4);

    private SocketAcks(Socket socket) {
        this.socket = socket;
    }

    /** {@return the socket's acknowledgements, created on first use; on the loop} */
    static SocketAcks of(Socket socket) {
        if (socket.acks == null) {
            socket.acks = new SocketAcks(socket);
        }
        return socket.acks;
    }

    /** Waits for the answer to an emit of this socket; fails it after {@code timeout} if given. */
    void register(long ackId, AckCallback callback, Duration timeout) {
        SocketAck entry = new SocketAck(callback);
        put(ackId, entry);
        if (timeout != null) {
            entry.timer = socket.loop().schedule(() -> {
                if (pending != null && pending.get(ackId) == entry) {
                    pending.remove(ackId);
                    socket.nsp().server().counters().ackTimeouts.increment();
                    entry.fail(new AckTimeoutException(EventArgs.empty(socket.mapper)));
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Fails an emit's acknowledgement at once: the socket is already leaving. */
    void refuse(AckCallback callback) {
        new SocketAck(callback).fail(new SocketDisconnectedException());
    }

    /** Waits for this socket's answer to a broadcast, forwarding its first argument until the deadline. */
    void registerBroadcast(long ackId, Consumer<JsonNode> receiver, Duration timeout) {
        long deadline = System.nanoTime() + (timeout == null ? Long.MAX_VALUE / 2 : timeout.toNanos());
        put(ackId, new BroadcastAck(receiver, deadline));
    }

    /** An ACK packet arrived. */
    void onAck(long ackId, ArrayNode data) {
        PendingAck entry = pending == null ? null : pending.remove(ackId);
        if (entry != null) {
            entry.complete(data);
        }
    }

    /** The socket disconnected: every pending emit fails with {@link SocketDisconnectedException}. */
    void failAll() {
        if (pending == null || pending.isEmpty()) {
            pending = null;
            return;
        }
        List<PendingAck> all = new ArrayList<>(pending.values());
        pending = null;
        SocketDisconnectedException error = new SocketDisconnectedException();
        for (PendingAck p : all) {
            p.fail(error);
        }
    }

    private void put(long ackId, PendingAck entry) {
        if (pending == null) {
            pending = new LongObjectHashMap<>(4);
        } else if (pending.size() >= SWEEP_THRESHOLD) {
            sweepExpired();
        }
        pending.put(ackId, entry);
    }

    /** Drops broadcast acks whose broadcast has timed out (clients that never answered). */
    private void sweepExpired() {
        long now = System.nanoTime();
        List<Long> expired = null;
        for (LongObjectHashMap.PrimitiveEntry<PendingAck> e : pending.entries()) {
            if (e.value().expired(now)) {
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(e.key());
            }
        }
        if (expired != null) {
            for (long key : expired) {
                pending.remove(key);
            }
        }
    }

    /** A pending acknowledgement, keyed by its id. */
    private abstract static class PendingAck {
        abstract void complete(ArrayNode data);

        abstract void fail(Throwable error);

        boolean expired(long nanoTime) {
            return false;
        }
    }

    /** The acknowledgement of an emit from this socket. */
    private final class SocketAck extends PendingAck {
        private final AckCallback callback;
        private ScheduledFuture<?> timer;

        SocketAck(AckCallback callback) {
            this.callback = callback;
            // Awaited from the client: a graceful close waits for it (complete or fail ends it once).
            socket.nsp().server().inFlightAcks.begin();
        }

        @Override
        void complete(ArrayNode data) {
            cancelTimer();
            deliver(null, new EventArgs(data, 0, socket.mapper, null));
        }

        @Override
        void fail(Throwable error) {
            cancelTimer();
            deliver(error, EventArgs.empty(socket.mapper));
        }

        private void deliver(Throwable error, EventArgs args) {
            socket.nsp().server().inFlightAcks.end();
            if (callback instanceof FutureAck) {
                invoke(error, args);
            } else {
                socket.runHandler(() -> invoke(error, args));
            }
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void invoke(Throwable error, EventArgs args) {
            try {
                callback.onAck(error, args);
            } catch (RuntimeException | Error e) {
                log.error("acknowledgement callback on socket {} threw", socket.id(), e);
            }
        }
    }

    /** This socket's share of a broadcast with acknowledgements: forwards the first argument. */
    private static final class BroadcastAck extends PendingAck {
        private final Consumer<JsonNode> receiver;
        private final long deadline;

        BroadcastAck(Consumer<JsonNode> receiver, long deadline) {
            this.receiver = receiver;
            this.deadline = deadline;
        }

        @Override
        void complete(ArrayNode data) {
            if (!expired(System.nanoTime())) {
                receiver.accept(data.size() > 0 ? data.get(0) : NullNode.instance);
            }
        }

        @Override
        void fail(Throwable error) {
            // The broadcast completes with its timeout; a disconnected client simply never answers.
        }

        @Override
        boolean expired(long nanoTime) {
            return nanoTime - deadline > 0;
        }
    }
}
