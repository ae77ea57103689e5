package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.HttpExchange;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Engine.IO v4 session: the state machine of {@link EngineSocket}, bound to one event loop.
 *
 * <p>Every field is touched on {@link #executor()} only; public entry points called elsewhere hop
 * there first. That is the whole concurrency story: no locks, and events of one client are handled
 * in the order they arrived.
 */
public final class EngineSession implements EngineSocket {

    static final byte[] EMPTY = new byte[0];
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    /** How often a paused poll is released with a noop while the client upgrades. */
    private static final long UPGRADE_NOOP_INTERVAL_MS = 100;

    private final SessionHost host;
    private final String id;
    private final RequestInfo request;
    private final EventExecutor executor;

    private Transport transport;
    private ReadyState readyState = ReadyState.OPENING;
    private boolean upgraded;

    private List<Packet> writeBuffer;
    private long bufferedBytes;

    /** The one heartbeat timer: the wait before the next ping, or the wait for its pong. */
    private ScheduledFuture<?> heartbeat;
    private boolean awaitingPong;
    private boolean pongWaitExtended;

    private WebSocketTransport probe;
    private ScheduledFuture<?> upgradeTimer;
    private ScheduledFuture<?> noopTimer;

    private Object[] messageListeners = Listeners.none();
    private Object[] closeListeners = Listeners.none();
    private Object[] upgradeListeners = Listeners.none();
    private Object[] packetListeners = Listeners.none();
    private Object[] heartbeatListeners = Listeners.none();
    private Object[] drainListeners = Listeners.none();

    EngineSession(SessionHost host, String id, RequestInfo request, EventExecutor executor) {
        this.host = host;
        this.id = id;
        this.request = request;
        this.executor = executor;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int protocol() {
        return 4;
    }

    @Override
    public TransportType transport() {
        Transport t = transport;
        return t == null ? null : t.type();
    }

    @Override
    public ReadyState readyState() {
        return readyState;
    }

    @Override
    public boolean upgraded() {
        return upgraded;
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    /** Whether an upgrade is under way. */
    boolean upgrading() {
        return probe != null;
    }

    @Override
    public boolean isWritable() {
        Transport t = transport;
        if (readyState != ReadyState.OPEN || t == null || !t.writable()) {
            return false;
        }
        return !(t instanceof WebSocketTransport ws) || ws.connectionWritable();
    }

    // ---- opening -------------------------------------------------------------------------------

    /** Makes {@code t} the transport, queues the open packet and starts the heartbeat. */
    void open(Transport t, String handshakeJson, String initialPacket) {
        transport = t;
        readyState = ReadyState.OPEN;
        buffer(new Packet.Open(handshakeJson));
        if (initialPacket != null) {
            buffer(Packet.text(initialPacket));
        }
        scheduleNextPing();
        flush();
    }

    // ---- sending -------------------------------------------------------------------------------

    @Override
    public void send(Packet.Message message) {
        if (executor.inEventLoop()) {
            sendNow(message);
        } else {
            executor.execute(() -> sendNow(message));
        }
    }

    @Override
    public void send(List<? extends Packet.Message> messages) {
        if (executor.inEventLoop()) {
            sendNow(messages);
        } else {
            executor.execute(() -> sendNow(messages));
        }
    }

    private void sendNow(Packet.Message message) {
        if (readyState != ReadyState.OPEN || !reserve(message.byteSize())) {
            return;
        }
        buffer(message);
        flush();
    }

    private void sendNow(List<? extends Packet.Message> messages) {
        if (readyState != ReadyState.OPEN) {
            return;
        }
        long size = 0;
        for (int i = 0; i < messages.size(); i++) {
            size += messages.get(i).byteSize();
        }
        if (!reserve(size)) {
            return;
        }
        for (int i = 0; i < messages.size(); i++) {
            buffer(messages.get(i));
        }
        flush();
    }

    /** Checks the outbound bound before anything is buffered; closes the session past it. */
    private boolean reserve(long size) {
        long queued = bufferedBytes + transport.pendingBytes();
        long maxBufferedBytes = host.options().maxBufferedBytes();
        if (queued + size <= maxBufferedBytes) {
            return true;
        }
        log.warn("Engine.IO session {} closed: its client does not read fast enough ({} bytes queued,"
                + " maxBufferedBytes {})", id, queued, maxBufferedBytes);
        onClose(CloseReason.TRANSPORT_ERROR, "outbound buffer full");
        return false;
    }

    private void buffer(Packet p) {
        if (writeBuffer == null) {
            writeBuffer = new ArrayList<>(4);
        }
        writeBuffer.add(p);
        if (p instanceof Packet.Message m) {
            bufferedBytes += m.byteSize();
        }
    }

    private void sendControl(Packet p) {
        buffer(p);
        flush();
    }

    private void flush() {
        if (readyState == ReadyState.CLOSED || writeBuffer == null || writeBuffer.isEmpty()
                || !transport.writable()) {
            return;
        }
        List<Packet> out = writeBuffer;
        writeBuffer = null;
        bufferedBytes = 0;
        transport.send(out);
        Listeners.run(drainListeners, "drain");
        if (readyState == ReadyState.CLOSING && pendingCloseAfterDrain) {
            pendingCloseAfterDrain = false;
            closeTransport();
        }
    }

    // ---- receiving -----------------------------------------------------------------------------

    /** Runs {@code task} on this session's loop: now if already there. */
    void runOnLoop(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    void onPacket(Transport from, Packet p) {
        if (from == probe) {
            onProbePacket(p);
            return;
        }
        if (from != transport || readyState != ReadyState.OPEN) {
            return;
        }
        Listeners.fire(packetListeners, p, "packet");
        if (p instanceof Packet.Pong) {
            awaitingPong = false;
            scheduleNextPing();
            Listeners.run(heartbeatListeners, "heartbeat");
        } else if (p instanceof Packet.Ping) {
            onTransportError(from, "invalid heartbeat direction");
        } else if (p instanceof Packet.Message m) {
            if (awaitingPong && !pongWaitExtended) {
                // engine.io 6.6.10: traffic proves the client alive, once per ping cycle.
                pongWaitExtended = true;
                armHeartbeat(host.options().pingTimeout().toMillis());
            }
            Listeners.fire(messageListeners, m, "message");
        }
        // open, close (over WebSocket), upgrade and noop from a client carry no meaning on an open session.
    }

    void onTransportReady(Transport t) {
        if (t == transport) {
            flush();
        }
    }

    void onParseError(Transport t) {
        if (t == probe) {
            abortUpgrade();
        } else if (t == transport) {
            onClose(CloseReason.PARSE_ERROR, "");
        }
    }

    void onTransportError(Transport t, String description) {
        if (t == probe) {
            abortUpgrade();
        } else if (t == transport) {
            onClose(CloseReason.TRANSPORT_ERROR, description);
        }
    }

    void onTransportClose(Transport t) {
        if (t == probe) {
            abortUpgrade();
        } else if (t == transport) {
            onClose(CloseReason.TRANSPORT_CLOSE, "");
        }
    }

    /**
     * Called by a plain HTTP request for this session; routes it to the polling transport when the
     * session still polls and the request names polling and protocol 4, else has it refused.
     */
    void onPollingRequest(HttpExchange exchange) {
        RequestInfo req = exchange.request();
        if (transport instanceof PollingTransport polling && readyState != ReadyState.CLOSED
                && TransportType.POLLING.wireName().equals(req.queryParam("transport"))
                && "4".equals(req.queryParam("EIO"))) {
            polling.onRequest(exchange);
        } else {
            host.refuseLate(exchange, this);
        }
    }

    // ---- heartbeat -----------------------------------------------------------------------------

    private void scheduleNextPing() {
        awaitingPong = false;
        pongWaitExtended = false;
        armHeartbeat(host.options().pingInterval().toMillis());
    }

    private void armHeartbeat(long delayMs) {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        heartbeat = executor.schedule(this::onHeartbeatTimer, delayMs, TimeUnit.MILLISECONDS);
    }

    private void onHeartbeatTimer() {
        heartbeat = null;
        if (readyState == ReadyState.CLOSED) {
            return;
        }
        if (awaitingPong) {
            onClose(CloseReason.PING_TIMEOUT, "");
            return;
        }
        awaitingPong = true;
        armHeartbeat(host.options().pingTimeout().toMillis());
        sendControl(Packet.PING);
    }

    // ---- upgrade -------------------------------------------------------------------------------

    /** Starts probing a new WebSocket for this polling session. */
    void beginUpgrade(WebSocketTransport ws) {
        probe = ws;
        upgradeTimer = executor.schedule(this::abortUpgrade,
                host.options().upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ws.start();
    }

    private void onProbePacket(Packet p) {
        WebSocketTransport ws = probe;
        if (p instanceof Packet.Ping ping && "probe".equals(ping.data())) {
            ws.send(List.of(Packet.PONG_PROBE));
            if (noopTimer != null) {
                noopTimer.cancel(false);
            }
            noopTimer = executor.scheduleAtFixedRate(this::releasePausedPoll,
                    UPGRADE_NOOP_INTERVAL_MS, UPGRADE_NOOP_INTERVAL_MS, TimeUnit.MILLISECONDS);
        } else if (p instanceof Packet.Upgrade && readyState != ReadyState.CLOSED) {
            cancelUpgradeTimers();
            probe = null;
            Transport old = transport;
            old.discard();
            transport = ws;
            upgraded = true;
            closeOld(old);
            Listeners.fire(upgradeListeners, TransportType.WEBSOCKET, "upgrade");
            flush();
            if (readyState == ReadyState.CLOSING) {
                closeTransport();
            }
        } else {
            abortUpgrade();
        }
    }

    private void releasePausedPoll() {
        if (transport instanceof PollingTransport polling && polling.writable()) {
            polling.send(List.of(Packet.NOOP));
        }
    }

    private void abortUpgrade() {
        WebSocketTransport ws = probe;
        if (ws == null) {
            return;
        }
        probe = null;
        cancelUpgradeTimers();
        ws.close(() -> { });
        if (readyState == ReadyState.CLOSING && !pendingCloseAfterDrain) {
            // A server close waited for this upgrade; it failed, so close the old transport now.
            closeTransport();
        }
    }

    private void cancelUpgradeTimers() {
        if (upgradeTimer != null) {
            upgradeTimer.cancel(false);
            upgradeTimer = null;
        }
        if (noopTimer != null) {
            noopTimer.cancel(false);
            noopTimer = null;
        }
    }

    private static void closeOld(Transport old) {
        old.close(() -> { });
    }

    // ---- closing -------------------------------------------------------------------------------

    private boolean pendingCloseAfterDrain;

    @Override
    public void close() {
        runOnLoop(() -> {
            if (readyState != ReadyState.OPEN) {
                return;
            }
            readyState = ReadyState.CLOSING;
            if (writeBuffer != null && !writeBuffer.isEmpty()) {
                pendingCloseAfterDrain = true;
                return;
            }
            closeTransport();
        });
    }

    private void closeTransport() {
        if (probe != null) {
            // An upgrade in progress completes first; the new transport is closed then.
            return;
        }
        transport.close(() -> onClose(CloseReason.FORCED_CLOSE, ""));
    }

    /** Ends the session: timers, upgrade, buffers and transport released, listeners told once. */
    void onClose(CloseReason reason, String description) {
        if (readyState == ReadyState.CLOSED) {
            return;
        }
        readyState = ReadyState.CLOSED;
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
        abortUpgrade();
        writeBuffer = null;
        bufferedBytes = 0;
        Transport t = transport;
        if (t instanceof PollingTransport polling) {
            // A pending poll learns of the end at once; a later one finds the sid unknown.
            polling.abortPending();
        } else {
            t.close(() -> { });
        }
        host.removeSession(this);
        BiConsumerList.fire(closeListeners, reason, description == null ? "" : description);
    }

    // ---- responses -----------------------------------------------------------------------------

    Headers responseHeaders(RequestInfo req) {
        return host.pollingHeaders(this, req);
    }

    void writePollResponse(HttpExchange get, String payload) {
        host.writePayload(this, get, payload);
    }

    // ---- listeners -----------------------------------------------------------------------------

    @Override
    public void onMessage(Consumer<Packet.Message> listener) {
        runOnLoop(() -> messageListeners = Listeners.add(messageListeners, listener));
    }

    @Override
    public void onClose(BiConsumer<CloseReason, String> listener) {
        runOnLoop(() -> closeListeners = Listeners.add(closeListeners, listener));
    }

    @Override
    public void onUpgrade(Consumer<TransportType> listener) {
        runOnLoop(() -> upgradeListeners = Listeners.add(upgradeListeners, listener));
    }

    @Override
    public void onPacket(Consumer<Packet> listener) {
        runOnLoop(() -> packetListeners = Listeners.add(packetListeners, listener));
    }

    @Override
    public void onHeartbeat(Runnable listener) {
        runOnLoop(() -> heartbeatListeners = Listeners.add(heartbeatListeners, listener));
    }

    @Override
    public void onDrain(Runnable listener) {
        runOnLoop(() -> drainListeners = Listeners.add(drainListeners, listener));
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + ", " + transport() + ", " + readyState + "]";
    }

    /** Fires two-argument listeners. */
    private static final class BiConsumerList {
        @SuppressWarnings("unchecked")
        static void fire(Object[] list, CloseReason reason, String description) {
            for (Object l : list) {
                try {
                    ((BiConsumer<CloseReason, String>) l).accept(reason, description);
                } catch (RuntimeException e) {
                    log.error("A 'close' listener threw", e);
                }
            }
        }
    }
}
