package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Packet;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one event loop that were sent packets during the current turn, and those
 * packets, flushed once per session when the turn ends.
 *
 * <p>Why: a flush costs a write system call, a TCP segment and a loopback wake-up, whatever it
 * carries. A burst (many broadcasts read in one batch, a pipelined client's acks, a busy room)
 * otherwise pays one flush per packet per session; flushed at the end of the turn, all packets a
 * session got in it leave together, in order, over WebSocket as over a pending poll (one response
 * instead of one packet now and the rest a round trip later). The packets themselves are kept here,
 * in slots side by side, rather than in each session: see {@link Outbox} for the garbage
 * collector's reason.
 *
 * <p>"End of the turn" is one task queued on the loop when the first session of the batch is
 * added: it runs right after the task or read batch under way (and after the tasks queued before
 * it), so no timer ever delays a lone packet. There are two batches: the one being flushed and the
 * one filling. A session sent more while its slot waits in the batch being flushed (a drain
 * listener that sends) gets it added to that slot; one already flushed gets a slot in the filling
 * batch, flushed by the next task. One instance per loop thread; touched by that thread only.
 */
final class TurnFlush implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TurnFlush.class);

    private static final FastThreadLocal<TurnFlush> LOOP = new FastThreadLocal<>() {
        @Override
        protected TurnFlush initialValue() {
            return new TurnFlush();
        }
    };

    /**
     * Slots of one batch: per slot its outbox, its first packet and, from the second on, a list
     * of all of them (the first included, so that it is taken as it is). Arrays grow to the most
     * sessions written in one turn and are then reused.
     */
    private static final class Batch {
        Outbox[] owners = new Outbox[16];
        Packet[] first = new Packet[16];
        List<?>[] more = new List<?>[16];
        /** Whether the slot's list is an unmodifiable one shared with other slots: copied before adding. */
        boolean[] shared = new boolean[16];
        int size;

        void grow() {
            int n = owners.length * 2;
            owners = Arrays.copyOf(owners, n);
            first = Arrays.copyOf(first, n);
            more = Arrays.copyOf(more, n);
            shared = Arrays.copyOf(shared, n);
        }

        /** {@return the slot's packets once it has several, or null} */
        @SuppressWarnings("unchecked") // only put() and putAll() store there, and only lists of packets
        List<Packet> more(int i) {
            return (List<Packet>) more[i];
        }

        /** {@return the slot's list of packets, made or copied so that this slot alone adds to it} */
        List<Packet> own(int i, int adding) {
            List<Packet> m = more(i);
            if (m == null) {
                // Room for a pipelining client's answers of one read (a window of ten or so) with
                // one growth at most: the grow copies showed in a profile of pipelined acks.
                m = new ArrayList<>(1 + Math.max(7, adding));
                m.add(first[i]);
                more[i] = m;
            } else if (shared[i]) {
                List<Packet> copy = new ArrayList<>(m.size() + Math.max(4, adding));
                copy.addAll(m);
                m = copy;
                more[i] = m;
                shared[i] = false;
            }
            return m;
        }

        void clear(int i, Outbox o) {
            owners[i] = null;
            first[i] = null;
            more[i] = null;
            shared[i] = false;
            o.turnSlot = -1;
        }
    }

    private final Batch[] batches = {new Batch(), new Batch()};
    /** Which of {@link #batches} takes new slots. */
    private int filling;
    /** Whether {@link #run} is flushing: sent packets are then counted here, see {@link #count}. */
    private boolean running;
    /** The counters the packets sent during this run go to, or null before the first. */
    private EngineCounters counters;
    private int sentPackets;
    private long sentBytes;
    /** Publishes what {@link #countLater} counted; queued at most once at a time. */
    private final Runnable publisher = this::publishQueuedCounts;
    private boolean publishQueued;

    private TurnFlush() {
    }

    /** {@return the current loop thread's instance} */
    static TurnFlush current() {
        return LOOP.get();
    }

    /**
     * Adds a packet for the end of the turn; called on the outbox's loop, this instance's.
     *
     * @param o the session's outbox
     * @param p the packet
     * @param loop the session's loop, the current thread's
     */
    void put(Outbox o, Packet p, EventExecutor loop) {
        int slot = o.turnSlot;
        if (slot >= 0) {
            batches[slot & 1].own(slot >>> 1, 1).add(p);
            return;
        }
        newSlot(o, p, null, loop);
    }

    /**
     * Adds packets for the end of the turn, as {@link #put} each would: a broadcast's run of
     * packets for one session. An unmodifiable list (a broadcast's, made once for all its
     * recipients) is kept as it is, shared, and copied only if the session is sent more in the
     * turn: thousands of recipients then cost no list each.
     *
     * @param o the session's outbox
     * @param ps the packets, at least one
     * @param loop the session's loop, the current thread's
     */
    void putAll(Outbox o, List<? extends Packet> ps, EventExecutor loop) {
        if (ps.size() == 1) {
            put(o, ps.get(0), loop);
            return;
        }
        int slot = o.turnSlot;
        if (slot >= 0) {
            batches[slot & 1].own(slot >>> 1, ps.size()).addAll(ps);
            return;
        }
        // List.copyOf returns an unmodifiable list as it is and copies any other one.
        newSlot(o, ps.get(0), List.copyOf(ps), loop);
    }

    /**
     * Gives an outbox a slot in the filling batch, and queues the flush with the batch's first.
     *
     * @param all the slot's packets when several, an unmodifiable list, or null
     */
    private void newSlot(Outbox o, Packet p, List<Packet> all, EventExecutor loop) {
        Batch b = batches[filling];
        if (b.size == b.owners.length) {
            b.grow();
        }
        int i = b.size++;
        b.owners[i] = o;
        b.first[i] = p;
        b.more[i] = all;
        b.shared[i] = all != null;
        o.turnSlot = (i << 1) | filling;
        if (i == 0) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                // The loop is shutting down and runs no more tasks: flush now rather than never.
                o.endOfTurn();
                if (b.size == 1 && b.owners[0] == null) {
                    b.size = 0;
                }
            }
        }
    }

    /**
     * Takes an outbox's only packet of the turn, freeing its slot.
     *
     * @param o the outbox, which has a slot
     * @return the packet, or null when the slot has several (then nothing is taken)
     */
    Packet takeSingle(Outbox o) {
        Batch b = batches[o.turnSlot & 1];
        int i = o.turnSlot >>> 1;
        if (b.more[i] != null) { // a list is only made for a second packet
            return null;
        }
        Packet p = b.first[i];
        b.clear(i, o);
        return p;
    }

    /**
     * Takes an outbox's packets of the turn, freeing its slot.
     *
     * @param o the outbox, which has a slot
     * @return its packets in order, in the slot's own list when it has one (no copy), which may
     *     be unmodifiable and shared with other sessions: to be read only
     */
    List<Packet> take(Outbox o) {
        Batch b = batches[o.turnSlot & 1];
        int i = o.turnSlot >>> 1;
        Packet p = b.first[i];
        List<Packet> m = b.more(i);
        b.clear(i, o);
        return m == null ? List.of(p) : m;
    }

    /**
     * Moves an outbox's packets of the turn to a list, in order, freeing its slot.
     *
     * @param o the outbox, which has a slot
     * @param out where the packets go, or null to drop them
     */
    void drainTo(Outbox o, List<Packet> out) {
        Batch b = batches[o.turnSlot & 1];
        int i = o.turnSlot >>> 1;
        if (out != null) {
            List<Packet> m = b.more(i);
            if (m != null) {
                out.addAll(m);
            } else {
                out.add(b.first[i]);
            }
        }
        b.clear(i, o);
    }

    /**
     * Counts packets a session flushed while {@link #run} runs, to be added to the shared counters
     * once at its end: one add per turn rather than one per recipient, which for a broadcast to
     * thousands of sessions was thousands of atomic operations.
     *
     * @param c the session's counters
     * @param packets packets sent
     * @param bytes their message bytes
     * @return false when not running: the caller counts them itself
     */
    boolean count(EngineCounters c, int packets, long bytes) {
        if (!running) {
            return false;
        }
        add(c, packets, bytes);
        return true;
    }

    /**
     * Counts packets a session wrote at once on this loop outside {@link #run}, as {@link #count}
     * does during it: added here and published by a task queued behind the caller's (one for all
     * the sessions a broadcast wrote), or by the next run, whichever comes first.
     *
     * @param c the session's counters
     * @param packets packets sent
     * @param bytes their message bytes
     * @param loop the current loop
     * @return false when the loop runs no more tasks: the caller counts them itself
     */
    boolean countLater(EngineCounters c, int packets, long bytes, EventExecutor loop) {
        if (!running && !publishQueued) {
            try {
                loop.execute(publisher);
            } catch (RejectedExecutionException e) {
                return false;
            }
            publishQueued = true;
        }
        add(c, packets, bytes);
        return true;
    }

    private void add(EngineCounters c, int packets, long bytes) {
        if (c != counters) {
            publishCounts(); // sessions of another server on the same loop
            counters = c;
        }
        sentPackets += packets;
        sentBytes += bytes;
    }

    private void publishQueuedCounts() {
        publishQueued = false;
        if (!running) {
            publishCounts();
        }
    }

    private void publishCounts() {
        if (counters != null && sentPackets > 0) {
            counters.sent(sentPackets, sentBytes);
        }
        counters = null; // kept for no longer than a run: a stopped server's are not held
        sentPackets = 0;
        sentBytes = 0;
    }

    @Override
    public void run() {
        running = true;
        try {
            flushBatch();
        } finally {
            running = false;
            publishCounts();
        }
    }

    private void flushBatch() {
        int k = filling;
        Batch b = batches[k];
        filling = k ^ 1;
        // b.size cannot change from here: new slots go to the other batch.
        for (int i = 0; i < b.size; i++) {
            Outbox o = b.owners[i];
            if (o == null) {
                continue; // flushed before the end of the turn, when its read ended
            }
            try {
                o.endOfTurn();
            } catch (RuntimeException e) {
                log.error("Flushing Engine.IO session {} failed", o.id(), e);
            }
            if (b.owners[i] == o) {
                b.clear(i, o); // the flush failed before taking them: dropped, as a failed write is
            }
        }
        b.size = 0;
    }
}
