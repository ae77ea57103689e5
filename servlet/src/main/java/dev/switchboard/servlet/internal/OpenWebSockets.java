package dev.switchboard.servlet.internal;

import java.util.concurrent.TimeUnit;

/**
 * Counts the container WebSockets a binding opened and that the container has not reported
 * closed yet, so that a stop can wait for their close frames to go out and be answered before the
 * container tears its endpoints down (a WebSocket dropped without its close frame reads as
 * {@code transport error} to a Socket.IO client, where {@code transport close} is the answer to a
 * server close).
 */
final class OpenWebSockets {

    private int open;

    /** A container WebSocket opened ({@code onOpen}). */
    synchronized void opened() {
        open++;
    }

    /** A container WebSocket that {@link #opened()} closed ({@code onClose}); once per opened one. */
    synchronized void closed() {
        if (--open == 0) {
            notifyAll();
        }
    }

    /** {@return how many are open now} */
    synchronized int count() {
        return open;
    }

    /**
     * Waits until none is open, or the deadline passes.
     *
     * @param deadlineNanos the deadline, in {@link System#nanoTime()}
     * @return whether none is open
     * @throws InterruptedException if interrupted while waiting
     */
    synchronized boolean awaitNone(long deadlineNanos) throws InterruptedException {
        while (open > 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
