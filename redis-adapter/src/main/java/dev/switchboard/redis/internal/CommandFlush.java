package dev.switchboard.redis.internal;

import io.lettuce.core.api.StatefulConnection;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Flushes the commands a thread gave a Redis connection during one event-loop turn once, at the
 * end of the turn: every command of the turn then goes to Redis in one write and Redis reads them
 * in one read, where a flush per command costs Redis a read and a reply write per message (the
 * share of Redis's CPU that every node of a cluster competes for). Node's client does the same with
 * the commands of one tick.
 *
 * <p>The connection has auto-flush off, so its commands wait in Lettuce's buffer until
 * {@link StatefulConnection#flushCommands()}. On an event loop (Netty's, or Lettuce's own when an
 * adapter answers a request from a subscription) the flush is one task queued behind the current
 * one: no timer delays a lone command. Any other thread (a handler on virtual threads, a user's
 * thread) flushes at once, as before.
 */
final class CommandFlush implements Runnable {

    private static final FastThreadLocal<CommandFlush> LOOP = new FastThreadLocal<>() {
        @Override
        protected CommandFlush initialValue() {
            return new CommandFlush();
        }
    };

    /** Connections given commands in this turn; usually one. Touched by the owning thread only. */
    private List<StatefulConnection<?, ?>> dirty = new ArrayList<>(2);

    private CommandFlush() {
    }

    /**
     * Makes sure the commands just given to the connection are flushed by the end of this turn.
     *
     * @param connection a connection with auto-flush off
     */
    static void atEndOfTurn(StatefulConnection<?, ?> connection) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            connection.flushCommands();
            return;
        }
        LOOP.get().add(connection, loop);
    }

    private void add(StatefulConnection<?, ?> connection, EventExecutor loop) {
        for (int i = 0; i < dirty.size(); i++) {
            if (dirty.get(i) == connection) {
                return;
            }
        }
        dirty.add(connection);
        if (dirty.size() == 1) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                run();
            }
        }
    }

    @Override
    public void run() {
        List<StatefulConnection<?, ?>> batch = dirty;
        dirty = new ArrayList<>(2);
        for (StatefulConnection<?, ?> c : batch) {
            c.flushCommands();
        }
    }
}
