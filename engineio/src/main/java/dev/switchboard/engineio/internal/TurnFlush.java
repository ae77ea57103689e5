package dev.switchboard.engineio.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one event loop that were sent packets during the current turn, flushed once
 * each when the turn ends.
 *
 * <p>Why: a flush costs a write system call, a TCP segment and a loopback wake-up, whatever it
 * carries. A burst (many broadcasts read in one batch, a pipelined client's acks, a busy room)
 * otherwise pays one flush per packet per session; flushed at the end of the turn, all packets a
 * session got in it leave together, in order, over WebSocket as over a pending poll (one response
 * instead of one packet now and the rest a round trip later).
 *
 * <p>"End of the turn" is one task queued on the loop when the first session of the batch is
 * added: it runs right after the task or read batch under way (and after the tasks queued before
 * it), so no timer ever delays a lone packet. Sessions added while a batch is flushed (a drain
 * listener that sends) go into the next one. One instance per loop thread; touched by that thread
 * only.
 */
final class TurnFlush implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TurnFlush.class);

    private static final FastThreadLocal<TurnFlush> LOOP = new FastThreadLocal<>() {
        @Override
        protected TurnFlush initialValue() {
            return new TurnFlush();
        }
    };

    private EngineSession[] queued = new EngineSession[16];
    /** The other array, swapped in while a batch is flushed; reused, never reallocated per turn. */
    private EngineSession[] spare = new EngineSession[16];
    private int size;

    private TurnFlush() {
    }

    /**
     * Queues a session for the end of the current turn; called on its loop, once per turn (the
     * session remembers that it is queued).
     *
     * @param session the session with packets to flush
     * @param loop the session's loop, the current thread's
     */
    static void add(EngineSession session, EventExecutor loop) {
        LOOP.get().enqueue(session, loop);
    }

    private void enqueue(EngineSession session, EventExecutor loop) {
        if (size == queued.length) {
            EngineSession[] bigger = new EngineSession[size * 2];
            System.arraycopy(queued, 0, bigger, 0, size);
            queued = bigger;
        }
        queued[size++] = session;
        if (size == 1) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                // The loop is shutting down and runs no more tasks: flush now rather than never.
                run();
            }
        }
    }

    @Override
    public void run() {
        EngineSession[] batch = queued;
        int n = size;
        queued = spare;
        spare = batch;
        size = 0;
        for (int i = 0; i < n; i++) {
            EngineSession s = batch[i];
            batch[i] = null;
            try {
                s.endOfTurn();
            } catch (RuntimeException e) {
                log.error("Flushing Engine.IO session {} failed", s.id(), e);
            }
        }
    }
}
