package dev.switchboard.servlet.internal;

import dev.switchboard.engineio.spi.WebSocketConnection;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket of the container (Jakarta WebSocket 2.1) as the Engine.IO layer drives it.
 *
 * <p>Everything happens on one executor, the session's: the container's callbacks (a message, the
 * close, a completed send) are handed to it, so the engine and the user's handlers never see two
 * container threads at once for one socket, and the state here needs no lock. Jakarta WebSocket
 * allows one asynchronous send at a time per session, so frames wait in a queue and each
 * completion sends the next; the queue's bytes are what {@link #pendingOutboundBytes()} reports.
 *
 * <p>Messages are received in parts and assembled here, up to {@code maxHttpBufferSize} bytes: the
 * container's buffers stay small (its default), and a message over the limit closes the
 * connection with 1009, as the ws package does.
 *
 * <p>{@link #writeUncompressed} keeps its default: Jakarta WebSocket lets the container decide
 * compression for the whole connection, with no per-message choice, so a message sent with
 * {@code compress(false)} is compressed like any other where permessage-deflate was negotiated.
 *
 * <p>Public only because containers insist that an endpoint's class be (Jetty refuses others); the
 * package is not exported.
 */
public final class ServletWebSocketConnection extends Endpoint implements WebSocketConnection {

    private static final Logger log = LoggerFactory.getLogger(ServletWebSocketConnection.class);

    /** Above this many queued bytes the connection reports itself unwritable (Netty's default mark). */
    private static final long HIGH_WATER = 64 * 1024;
    /** Below this, after being unwritable, it tells the listener it drained. */
    private static final long LOW_WATER = 32 * 1024;
    /** How long a close may wait for queued frames to leave before the connection is dropped. */
    private static final long CLOSE_GRACE_MS = 1000;

    private static final Object CLOSED = new Object();

    private final EventExecutor executor;
    private final long maxMessage;
    private final OpenWebSockets openWebSockets;
    /** Whether the container opened this WebSocket and has not reported it closed; container threads. */
    private final AtomicBoolean counted = new AtomicBoolean();

    private Listener listener;
    /** Events before the listener is set: Strings, byte arrays, errors, or {@link #CLOSED}. */
    private ArrayDeque<Object> held;
    private boolean closedNotified;

    private Session session;
    /** Frames not yet handed to the container: Strings and ByteBuffers, in order. */
    private final ArrayDeque<Object> outbound = new ArrayDeque<>();
    /** How many of {@link #outbound}'s first frames were flushed and may be sent. */
    private int flushed;
    private long pendingBytes;
    private boolean sending;
    private boolean unwritable;
    /** The close asked for, sent once the flushed frames are out; null when none. */
    private CloseReason closeRequested;
    private boolean closeSent;
    /** Drops the session if its close is still stuck behind frames the peer does not read. */
    private ScheduledFuture<?> closeGrace;

    // Inbound assembly, on the container's thread (one at a time per session).
    private StringBuilder textParts;
    private long textBytes;
    private byte[] binaryParts;
    private int binaryLength;
    private boolean discarding;

    ServletWebSocketConnection(EventExecutor executor, long maxMessage, OpenWebSockets openWebSockets) {
        this.executor = executor;
        this.maxMessage = maxMessage;
        this.openWebSockets = openWebSockets;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    // ---- the container's side -----------------------------------------------------------------

    @Override
    public void onOpen(Session s, EndpointConfig config) {
        if (counted.compareAndSet(false, true)) {
            openWebSockets.opened();
        }
        // The engine's heartbeat ends a silent connection; the container's idle timeout must not.
        s.setMaxIdleTimeout(0);
        s.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onTextPart);
        s.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinaryPart);
        fromContainer(() -> {
            session = s;
            if (closeRequested != null || closedNotified) {
                sendQueuedOrClose();
                return;
            }
            sendNext();
        });
    }

    private void onTextPart(String part, boolean last) {
        if (discarding) {
            discarding = !last;
            return;
        }
        long bytes = textBytes + utf8Length(part);
        if (bytes > maxMessage) {
            tooBig(last);
            textParts = null;
            textBytes = 0;
            return;
        }
        if (last && textParts == null) {
            dispatchFromContainer(part);
            return;
        }
        if (textParts == null) {
            textParts = new StringBuilder(part.length() * 2);
        }
        textParts.append(part);
        textBytes = bytes;
        if (last) {
            String whole = textParts.toString();
            textParts = null;
            textBytes = 0;
            dispatchFromContainer(whole);
        }
    }

    private void onBinaryPart(ByteBuffer part, boolean last) {
        if (discarding) {
            discarding = !last;
            return;
        }
        int n = part.remaining();
        if ((long) binaryLength + n > maxMessage) {
            tooBig(last);
            binaryParts = null;
            binaryLength = 0;
            return;
        }
        if (binaryParts == null) {
            binaryParts = new byte[last ? n : Math.max(n * 2, 256)];
        } else if (binaryLength + n > binaryParts.length) {
            binaryParts = java.util.Arrays.copyOf(binaryParts,
                    (int) Math.min(maxMessage, Math.max(binaryLength + n, binaryParts.length * 2L)));
        }
        part.get(binaryParts, binaryLength, n);
        binaryLength += n;
        if (last) {
            byte[] whole = binaryParts.length == binaryLength ? binaryParts
                    : java.util.Arrays.copyOf(binaryParts, binaryLength);
            binaryParts = null;
            binaryLength = 0;
            dispatchFromContainer(whole);
        }
    }

    /** A message passed {@code maxHttpBufferSize}: the ws package's answer is a close with 1009. */
    private void tooBig(boolean last) {
        discarding = !last;
        dispatchFromContainer(new ErrorEvent("message too big"));
        fromContainer(() -> close(CloseReason.CloseCodes.TOO_BIG.getCode(), ""));
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
        // Counted here, on the container's thread: the executors may have stopped already.
        if (counted.compareAndSet(true, false)) {
            openWebSockets.closed();
        }
        fromContainer(this::onClosed);
    }

    @Override
    public void onError(Session s, Throwable t) {
        dispatchFromContainer(new ErrorEvent(String.valueOf(t)));
    }

    private void dispatchFromContainer(Object event) {
        fromContainer(() -> dispatch(event));
    }

    /**
     * Hands a container callback to the executor. Once the binding has stopped (the context is
     * stopping, and the container closes its WebSockets after the servlet), the sessions are
     * closed already and there is nobody to tell.
     */
    private void fromContainer(Runnable r) {
        try {
            executor.execute(r);
        } catch (RejectedExecutionException e) {
            log.debug("WebSocket event after the binding stopped: dropped");
        }
    }

    /** The connection is gone (or never opened); the listener hears it once. */
    void onClosed() {
        if (!closedNotified) {
            closedNotified = true;
            cancelCloseGrace();
            outbound.clear();
            flushed = 0;
            pendingBytes = 0;
            dispatch(CLOSED);
        }
    }

    // ---- the engine's side, on the executor ---------------------------------------------------

    @Override
    public void listener(Listener l) {
        onLoop(() -> {
            this.listener = l;
            if (held != null) {
                ArrayDeque<Object> q = held;
                held = null;
                for (Object o : q) {
                    dispatch(o);
                }
            }
        });
    }

    private void dispatch(Object event) {
        if (listener == null) {
            if (held == null) {
                held = new ArrayDeque<>(2);
            }
            held.add(event);
            return;
        }
        if (event instanceof String s) {
            if (!closedNotified) {
                listener.onText(s);
            }
        } else if (event instanceof byte[] b) {
            if (!closedNotified) {
                listener.onBinary(b);
            }
        } else if (event instanceof ErrorEvent e) {
            listener.onError(e.description());
        } else if (event == CLOSED) {
            listener.onClose();
        }
    }

    private record ErrorEvent(String description) {
    }

    @Override
    public void writeText(String text) {
        queue(text, (long) text.length());
    }

    @Override
    public void writeText(byte[] utf8) {
        // Jakarta WebSocket sends text as a String only.
        queue(new String(utf8, StandardCharsets.UTF_8), utf8.length);
    }

    @Override
    public void writeBinary(byte[] bytes) {
        queue(ByteBuffer.wrap(bytes), bytes.length);
    }

    private void queue(Object frame, long bytes) {
        if (!executor.inEventLoop()) {
            executor.execute(() -> queue(frame, bytes));
            return;
        }
        if (closedNotified || closeRequested != null) {
            return;
        }
        outbound.add(frame);
        pendingBytes += bytes;
        if (pendingBytes > HIGH_WATER) {
            unwritable = true;
        }
    }

    @Override
    public void flush() {
        onLoop(() -> {
            flushed = outbound.size();
            sendNext();
        });
    }

    /** Hands the next flushed frame to the container, unless one is under way. */
    private void sendNext() {
        if (sending || session == null || closedNotified) {
            return;
        }
        if (flushed == 0) {
            if (closeRequested != null) {
                sendClose();
            }
            return;
        }
        Object frame = outbound.poll();
        flushed--;
        sending = true;
        long bytes = frame instanceof String s ? s.length() : ((ByteBuffer) frame).remaining();
        SendHandler done = result -> fromContainer(() -> sent(result, bytes));
        try {
            if (frame instanceof String s) {
                session.getAsyncRemote().sendText(s, done);
            } else {
                session.getAsyncRemote().sendBinary((ByteBuffer) frame, done);
            }
        } catch (RuntimeException e) {
            // The session closed under the send; its onClose follows.
            sending = false;
            log.debug("WebSocket send failed: {}", e.toString());
        }
    }

    private void sent(SendResult result, long bytes) {
        sending = false;
        pendingBytes = Math.max(0, pendingBytes - bytes);
        if (!result.isOK()) {
            log.debug("WebSocket send failed: {}", String.valueOf(result.getException()));
            closeSession(null);
            return;
        }
        if (unwritable && pendingBytes < LOW_WATER) {
            unwritable = false;
            if (listener != null && !closedNotified) {
                listener.onWritable();
            }
        }
        sendNext();
    }

    @Override
    public boolean isWritable() {
        return !unwritable;
    }

    @Override
    public long pendingOutboundBytes() {
        return pendingBytes;
    }

    @Override
    public void close() {
        close(CloseReason.CloseCodes.NO_STATUS_CODE.getCode(), "");
    }

    @Override
    public void close(int code, String reason) {
        onLoop(() -> {
            if (closeRequested != null || closedNotified) {
                return;
            }
            closeRequested = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
            // Frames written but not flushed are dropped, as a closed Netty channel drops them.
            while (outbound.size() > flushed) {
                outbound.pollLast();
            }
            sendQueuedOrClose();
        });
    }

    private void sendQueuedOrClose() {
        if (session == null) {
            return;
        }
        if (closedNotified) {
            closeSession(null);
            return;
        }
        sendNext();
        if (!closeSent) {
            // The close waits behind frames still going out; a peer that does not read would keep
            // it there forever.
            closeGrace = executor.schedule(() -> closeSession(null), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void sendClose() {
        closeSession(closeRequested);
    }

    private void closeSession(CloseReason reason) {
        if (closeSent || session == null) {
            return;
        }
        closeSent = true;
        cancelCloseGrace();
        try {
            if (reason == null || reason.getCloseCode().getCode() == CloseReason.CloseCodes.NO_STATUS_CODE.getCode()) {
                // 1005 may not be sent: a close frame without a status is what the engine means.
                session.close();
            } else {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("WebSocket close failed: {}", e.toString());
        }
    }

    /** The close went out or the connection is gone: the timer would only hold this object a second longer. */
    private void cancelCloseGrace() {
        ScheduledFuture<?> t = closeGrace;
        if (t != null) {
            closeGrace = null;
            t.cancel(false);
        }
    }

    private void onLoop(Runnable r) {
        if (executor.inEventLoop()) {
            r.run();
        } else {
            executor.execute(r);
        }
    }
}
