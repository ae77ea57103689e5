package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.ReadyState;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A session's heartbeat: one timer on the session's loop, in the direction its protocol revision
 * sets.
 * <ul>
 * <li>Server pings (revision 4): {@code pingInterval} after the open packet (or after each pong)
 *     the server sends a ping and waits {@code pingTimeout} for the pong; a client's ping is a
 *     transport error.
 * <li>Client pings (revision 3): the server answers each ping with a pong and closes a session
 *     that has not pinged for {@code pingInterval + pingTimeout}; a client's pong is a transport
 *     error.
 * </ul>
 */
final class Heartbeat implements Runnable {

    /** The pong a revision 3 client's ping gets. */
    private static final Packet.Pong PONG = new Packet.Pong("");

    private final EngineSession session;
    private final boolean serverPings;
    /** The wait before the next ping, or the wait for its pong (for a client's ping). */
    private ScheduledFuture<?> timer;
    private boolean awaitingPong;
    private boolean pongWaitExtended;

    Heartbeat(EngineSession session, boolean serverPings) {
        this.session = session;
        this.serverPings = serverPings;
    }

    /** The session opened. */
    void start() {
        if (serverPings) {
            scheduleNextPing();
        } else {
            arm(intervalMs() + timeoutMs());
        }
    }

    /**
     * A ping from the client.
     *
     * @return false when this revision does not take pings from the client
     */
    boolean onPing() {
        if (serverPings) {
            return false;
        }
        arm(intervalMs() + timeoutMs());
        session.sendControl(PONG);
        return true;
    }

    /**
     * A pong from the client.
     *
     * @return false when this revision does not take pongs from the client
     */
    boolean onPong() {
        if (!serverPings) {
            return false;
        }
        scheduleNextPing();
        return true;
    }

    /** A message from the client, which proves it alive. */
    void onMessage() {
        if (awaitingPong && !pongWaitExtended) {
            // engine.io 6.6.10: traffic extends the wait for the pong, once per ping cycle.
            pongWaitExtended = true;
            arm(timeoutMs());
        }
    }

    /** The session closed. */
    void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void scheduleNextPing() {
        awaitingPong = false;
        pongWaitExtended = false;
        arm(intervalMs());
    }

    private void arm(long delayMs) {
        if (timer != null) {
            timer.cancel(false);
        }
        // Itself the task: a method reference would be one more object per session, held while armed.
        timer = session.executor().schedule(this, delayMs, TimeUnit.MILLISECONDS);
    }

    /** The timer fired: the next ping is due, or the pong waited for did not come. */
    @Override
    public void run() {
        timer = null;
        if (session.readyState() == ReadyState.CLOSED) {
            return;
        }
        if (awaitingPong || !serverPings) {
            session.onClose(CloseReason.PING_TIMEOUT, "");
            return;
        }
        awaitingPong = true;
        arm(timeoutMs());
        session.sendControl(Packet.PING);
    }

    private long intervalMs() {
        return session.options().pingInterval().toMillis();
    }

    private long timeoutMs() {
        return session.options().pingTimeout().toMillis();
    }
}
