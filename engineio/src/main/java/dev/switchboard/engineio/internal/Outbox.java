package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Packet;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * What one session was sent and has not handed to its transport yet, and the byte count the
 * outbound bound is checked against: the outbound half of {@link EngineSession}'s state. Touched on
 * the session's loop only. A superclass rather than an object of its own, so that it shares the
 * session's memory: a broadcast to thousands of sessions touches each one, and a separate object
 * was one more cache miss per recipient.
 *
 * <p>The packets of the current event-loop turn are not referenced from here but from the loop's
 * {@link TurnFlush}, which keeps every session's packets of the turn side by side in its arrays;
 * this object knows only its slot there (an int). Why: a session lives long and sits in the old
 * generation, while a broadcast's packet is new. Each reference from an old object to a new one
 * makes G1 dirty the old object's card and rescan it later (concurrent refinement): kept per
 * session, that was one card per recipient of every broadcast, and the refinement thread spent
 * about 14% of the event loop's CPU on it when broadcasting to 10,000 sockets (raw Netty's fan-out,
 * which only has Netty's own outbound entries, about 3%). Side by side in one array, one card
 * covers the slots of a hundred recipients.
 *
 * <p>Packets are held here only when the transport cannot take them at the end of their turn: a
 * polling session between two polls, or a paused poll during an upgrade.
 */
abstract class Outbox {

    /** Packets kept past their turn, oldest first, or null. */
    private List<Packet> held;
    /** Message bytes held or in the turn's slot: what the outbound bound counts besides the transport's. */
    private long bytes;
    /** The transport's unsent bytes as read this turn, or -1: until the flush they can only shrink. */
    private long transportBytes = -1;
    /** This outbox's slot in {@link #turn}, as {@link TurnFlush} encodes it, or -1 when it has none. */
    int turnSlot = -1;
    /** The loop's {@link TurnFlush}, found on the first packet (on the loop, like every call here). */
    private TurnFlush turn;

    /** {@return the session's id, for logs} */
    abstract String id();

    /** {@return the session's loop, where every method here runs} */
    abstract EventExecutor executor();

    /** The turn in which packets were added has ended, or the session's read did: flush now. */
    abstract void endOfTurn();

    /**
     * What the outbound bound sees: bytes waiting here plus those the transport has not written.
     *
     * @param transport the session's transport, asked once per turn
     * @return the bytes queued for the client
     */
    final long queuedBytes(Transport transport) {
        if (transportBytes < 0) { // once per turn: a burst of broadcasts reads the channel once
            transportBytes = transport.pendingBytes();
        }
        return bytes + transportBytes;
    }

    /**
     * Adds a packet for the end of this turn, behind what is already waiting: everything a session
     * is sent in one turn goes out in one write (one WebSocket flush, one poll response), and
     * nothing waits longer than the turn (the flush is a task queued behind it, not a timer).
     *
     * @param p the packet
     */
    final void add(Packet p) {
        if (p instanceof Packet.Message m) {
            bytes += m.byteSize();
        }
        if (turn == null) {
            turn = TurnFlush.current();
        }
        turn.put(this, p, executor());
    }

    /**
     * Adds messages for the end of this turn, behind what is already waiting, as {@link #add} each
     * would.
     *
     * @param ms the messages, at least one
     * @param size their byte size
     */
    final void addAll(List<? extends Packet.Message> ms, long size) {
        bytes += size;
        if (turn == null) {
            turn = TurnFlush.current();
        }
        turn.putAll(this, ms, executor());
    }

    /** {@return whether nothing waits, neither held nor in the turn} */
    final boolean nothingQueued() {
        return turnSlot < 0 && (held == null || held.isEmpty());
    }

    /**
     * Takes the one waiting packet, when exactly one waits: the common case of a broadcast at a
     * moderate rate, sent without building a list.
     *
     * @return the packet, or null when none or several wait (then nothing is taken)
     */
    final Packet takeSingle() {
        if (held != null && !held.isEmpty()) {
            return null;
        }
        return turnSlot < 0 ? null : turn.takeSingle(this);
    }

    /** {@return every waiting packet in order, now taken, or null when none waits} */
    final List<Packet> takeAll() {
        List<Packet> out = held;
        held = null;
        if (turnSlot < 0) {
            return out == null || out.isEmpty() ? null : out;
        }
        if (out == null || out.isEmpty()) {
            return turn.take(this);
        }
        turn.drainTo(this, out);
        return out;
    }

    /** Keeps the turn's packets past the turn, behind those already held: the transport cannot take them now. */
    final void hold() {
        if (turnSlot >= 0) {
            if (held == null) {
                held = new ArrayList<>(4);
            }
            turn.drainTo(this, held);
        }
    }

    /** {@return the message bytes of what was taken, now reset} */
    final long takeBytes() {
        long b = bytes;
        bytes = 0;
        return b;
    }

    /**
     * Counts packets handed to the transport: added to the counters at once, or, while the loop's
     * end-of-turn flush runs, once for every session it flushes (see {@link TurnFlush#count}).
     *
     * @param counters the session's counters
     * @param packets how many packets
     * @param sentBytes their message bytes
     */
    final void countSent(EngineCounters counters, int packets, long sentBytes) {
        if (turn != null && turn.count(counters, packets, sentBytes)) {
            return;
        }
        counters.sent(packets, sentBytes);
    }

    /**
     * Counts packets written at once rather than at the end of the turn, as {@link #countSent}
     * does: added up on the loop and published once for every session written before the loop's
     * next task (see {@link TurnFlush#countLater}), rather than once per recipient of a broadcast.
     *
     * @param counters the session's counters
     * @param packets how many packets
     * @param sentBytes their message bytes
     */
    final void countSentAtOnce(EngineCounters counters, int packets, long sentBytes) {
        if (turn == null) {
            turn = TurnFlush.current();
        }
        if (!turn.countLater(counters, packets, sentBytes, executor())) {
            counters.sent(packets, sentBytes);
        }
    }

    /** The turn is over (or the session flushed before its end): the transport's bytes are read anew. */
    final void turnEnded() {
        transportBytes = -1;
    }

    /** Drops everything waiting: the session has ended. */
    final void clearQueued() {
        held = null;
        bytes = 0;
        if (turnSlot >= 0) {
            turn.drainTo(this, null);
        }
    }
}
