package dev.switchboard.socketio;

import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts to a whole namespace made on an event loop, for that loop's sockets, kept until the
 * end of the loop's turn and then written recipient by recipient: each socket gets all of the
 * turn's broadcasts in one write of its connection.
 *
 * <p>Why: a burst (the seed's chat, 20 messages per millisecond read in one batch) written message
 * by message visits every recipient's socket, client and session once per message; with thousands
 * of recipients those objects no longer fit the cache, and a profile of a burst to 10,000 sockets
 * had the broadcast loop at three times raw Netty's per delivery. Kept for the turn, each
 * recipient is visited once per turn, with everything it gets.
 *
 * <p>Order: a socket must get its packets in the order they were emitted. Everything else written
 * to a client on this loop (a direct emit, an ack, a room broadcast, a disconnect) first writes
 * what is kept here ({@link #drainHere()}), so nothing overtakes a kept broadcast. Broadcasts from
 * other threads are not kept: their task writes them at once, so that a task queued behind a
 * broadcast finds it written, as before. The recipients are those of the broadcast's own moment
 * (the namespace's groups are arrays made before it), as when written at once.
 *
 * <p>One instance per loop thread, touched by that thread only.
 */
final class LoopBroadcasts implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LoopBroadcasts.class);

    private static final FastThreadLocal<LoopBroadcasts> LOOP = new FastThreadLocal<>() {
        @Override
        protected LoopBroadcasts initialValue() {
            return new LoopBroadcasts();
        }
    };

    /** The kept broadcasts in emit order: per entry its recipients, packet, encoding and namespace. */
    private Socket[][] groups = new Socket[8][];
    private Packet.Event[] packets = new Packet.Event[8];
    private List<?>[] encodings = new List<?>[8];
    private Namespace[] namespaces = new Namespace[8];
    private int size;
    /** The loop this instance's thread runs, known from the first broadcast kept. */
    private EventExecutor loop;

    private LoopBroadcasts() {
    }

    /**
     * Keeps a broadcast for the end of the turn; on the recipients' loop, the current thread.
     *
     * @param loop the current loop
     * @param group the loop's recipients, an array that is not changed
     * @param packet the packet
     * @param encoded its encoding, shared by every recipient
     * @param nsp the recipients' namespace
     */
    static void keep(EventExecutor loop, Socket[] group, Packet.Event packet, List<Message> encoded,
            Namespace nsp) {
        LOOP.get().add(loop, group, packet, encoded, nsp);
    }

    /** Writes the broadcasts this thread's loop keeps, if any: called before any other write on a loop. */
    static void drainHere() {
        if (LOOP.isSet()) { // not made on threads that never kept one
            LOOP.get().drain(false);
        }
    }

    private void add(EventExecutor loop, Socket[] group, Packet.Event packet, List<Message> encoded,
            Namespace nsp) {
        if (size == groups.length) {
            int n = size * 2;
            groups = Arrays.copyOf(groups, n);
            packets = Arrays.copyOf(packets, n);
            encodings = Arrays.copyOf(encodings, n);
            namespaces = Arrays.copyOf(namespaces, n);
        }
        int i = size++;
        groups[i] = group;
        packets[i] = packet;
        encodings[i] = encoded;
        namespaces[i] = nsp;
        if (i == 0) {
            this.loop = loop;
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                drain(false); // the loop runs no more tasks: written now rather than never
            }
        }
    }

    /**
     * The end of the turn: writes what is kept. When no task waits on the loop behind this one,
     * nothing else can be written to these sessions in this turn, so each recipient's write goes
     * out at once rather than at the end-of-turn flush: one visit per recipient instead of two.
     * A task waiting behind (a broadcast from another thread, the turn's flush of what else was
     * sent) may still add to a recipient's write, so then the writes wait for the flush as usual.
     */
    @Override
    public void run() {
        drain(loop instanceof SingleThreadEventExecutor s && s.pendingTasks() == 0);
    }

    /**
     * Writes every kept broadcast: recipient by recipient, each one's run of broadcasts in one write.
     *
     * @param last whether these are the last writes of the turn, to go out at once
     */
    private void drain(boolean last) {
        int n = size;
        if (n == 0) {
            return;
        }
        // Taken before writing: a write below that broadcasts again keeps into fresh arrays.
        Socket[][] g = groups;
        Packet.Event[] p = packets;
        List<?>[] e = encodings;
        Namespace[] ns = namespaces;
        groups = new Socket[g.length][];
        packets = new Packet.Event[g.length];
        encodings = new List<?>[g.length];
        namespaces = new Namespace[g.length];
        size = 0;
        int from = 0;
        while (from < n) {
            // A run of broadcasts to the same recipients (one namespace, no socket came or went).
            int to = from + 1;
            while (to < n && g[to] == g[from] && ns[to] == ns[from]) {
                to++;
            }
            // Only the last run may go out at once: an earlier one's recipients may be a later one's.
            writeRun(g[from], p, e, from, to, ns[from], last && to == n);
            from = to;
        }
    }

    @SuppressWarnings("unchecked") // add() stores only lists of messages
    private static void writeRun(Socket[] group, Packet.Event[] p, List<?>[] e, int from, int to,
            Namespace nsp, boolean last) {
        List<Message> encoded;
        if (to - from == 1) {
            encoded = (List<Message>) e[from];
        } else {
            int total = 0;
            for (int k = from; k < to; k++) {
                total += e[k].size();
            }
            Message[] all = new Message[total];
            int at = 0;
            for (int k = from; k < to; k++) {
                for (Object m : e[k]) {
                    all[at++] = (Message) m;
                }
            }
            // Unmodifiable: the engine then keeps this one list for every recipient, not a copy each.
            encoded = List.of(all);
        }
        int packetsPerSocket = to - from;
        // Read once per run rather than asked of each recipient's listeners (see the namespace's flag).
        boolean notify = nsp.outgoingListened();
        long delivered = 0;
        for (Socket s : group) {
            try {
                for (int k = from; notify && k < to; k++) {
                    SocketProtocol.notifyOutgoing(s, p[k]);
                }
                if (last ? s.client.writeLastOfTurn(encoded) : s.client.writeUncounted(encoded, false)) {
                    delivered += packetsPerSocket;
                }
            } catch (RuntimeException ex) {
                log.error("delivery to socket {} failed", s.id(), ex);
            }
        }
        nsp.server().counters().packetsOut.add(delivered);
    }
}
