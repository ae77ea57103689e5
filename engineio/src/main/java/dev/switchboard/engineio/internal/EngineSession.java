package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.internal.shared.ListenerList;
import dev.switchboard.engineio.spi.HttpExchange;
import io.netty.util.concurrent.EventExecutor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Engine.IO session: the state machine of {@link EngineSocket}, bound to one event loop.
 *
 * <p>Every field is touched on {@link #executor()} only; public entry points called elsewhere hop
 * there first. That is the whole concurrency story: no locks, and what a client sends is handled
 * in the order it arrived, also when its requests come on connections read by other loops
 * ({@link #arrive}).
 */
public final class EngineSession extends Outbox implements EngineSocket {

    static final byte[] EMPTY = new byte[0];
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    /** How often a paused poll is released with a noop while the client upgrades. */
    private static final long UPGRADE_NOOP_INTERVAL_MS = 100;

    private final SessionHost host;
    private final String id;
    private final RequestInfo request;
    private final EventExecutor executor;
    /** How this session's protocol revision encodes packets; see {@link ProtocolCodec}. */
    private final ProtocolCodec codec;
    private final Heartbeat heartbeat;

    private Transport transport;
    private ReadyState readyState = ReadyState.OPENING;
    private boolean upgraded;

    private WebSocketTransport probe;
    private ScheduledFuture<?> upgradeTimer;
    private ScheduledFuture<?> noopTimer;

    // Created with their first listener: most sessions only ever have message and close ones.
    private ListenerList<Consumer<Packet.Message>> messageListeners;
    private ListenerList<BiConsumer<CloseReason, String>> closeListeners;
    private ListenerList<Consumer<TransportType>> upgradeListeners;
    private ListenerList<Consumer<Packet>> packetListeners;
    private ListenerList<Runnable> heartbeatListeners;
    private ListenerList<Runnable> drainListeners;

    private static final VarHandle ARRIVALS;

    static {
        try {
            ARRIVALS = MethodHandles.lookup().findVarHandle(EngineSession.class, "arrivals", ArrivalOrder.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Orders what bindings hand over from several loops; see {@link #arrive}. */
    private volatile ArrivalOrder arrivals;

    EngineSession(SessionHost host, String id, RequestInfo request, EventExecutor executor, ProtocolCodec codec) {
        this.host = host;
        this.id = id;
        this.request = request;
        this.executor = executor;
        this.codec = codec;
        this.heartbeat = new Heartbeat(this, codec.serverPings());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int protocol() {
        return codec.revision();
    }

    ProtocolCodec codec() {
        return codec;
    }

    EngineIoOptions options() {
        return host.options();
    }

    /** {@return what serves this session: its options, counters and poll responses} */
    SessionHost host() {
        return host;
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

    /** {@return whether an upgrade is under way} */
    boolean upgrading() {
        return probe != null;
    }

    @Override
    public boolean isWritable() {
        Transport t = transport;
        return readyState == ReadyState.OPEN && t != null && t.writable()
                && (!(t instanceof WebSocketTransport ws) || ws.connectionWritable());
    }

    // ---- opening -------------------------------------------------------------------------------

    /** Makes {@code t} the transport, queues the open packet and starts the heartbeat. */
    void open(Transport t, String handshakeJson, String initialPacket) {
        transport = t;
        readyState = ReadyState.OPEN;
        host.counters().opened(t.type());
        add(new Packet.Open(handshakeJson));
        if (initialPacket != null) {
            add(Packet.text(initialPacket));
        }
        heartbeat.start();
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

    @Override
    public void sendAndFlush(List<? extends Packet.Message> messages) {
        Transport t = transport;
        if (!executor.inEventLoop() || readyState != ReadyState.OPEN || messages.isEmpty()
                || !nothingQueued() || !t.writable()) {
            send(messages);
            return;
        }
        long size = 0;
        for (int i = 0; i < messages.size(); i++) {
            size += messages.get(i).byteSize();
        }
        if (!reserve(size)) {
            return;
        }
        countSentAtOnce(host.counters(), messages.size(), size);
        if (messages.size() == 1) {
            t.send(messages.get(0));
        } else {
            @SuppressWarnings("unchecked") // read only, as a transport reads what it sends
            List<Packet> packets = (List<Packet>) (List<?>) messages;
            t.send(packets);
        }
        turnEnded(); // the transport's unsent bytes have grown: read them anew
        run(drainListeners, "drain");
    }

    private void sendNow(Packet.Message message) {
        if (readyState != ReadyState.OPEN || !reserve(message.byteSize())) {
            return;
        }
        add(message);
    }

    private void sendNow(List<? extends Packet.Message> messages) {
        if (readyState != ReadyState.OPEN) {
            return;
        }
        long size = 0;
        for (int i = 0; i < messages.size(); i++) {
            size += messages.get(i).byteSize();
        }
        if (!reserve(size) || messages.isEmpty()) {
            return;
        }
        addAll(messages, size);
    }

    /** Checks the outbound bound before anything is buffered; closes the session past it. */
    private boolean reserve(long size) {
        long queued = queuedBytes(transport);
        long maxBufferedBytes = host.options().maxBufferedBytes();
        if (queued + size <= maxBufferedBytes) {
            return true;
        }
        log.warn("Engine.IO session {} closed: its client does not read fast enough ({} bytes queued,"
                + " maxBufferedBytes {})", id, queued, maxBufferedBytes);
        host.counters().overflowed();
        onClose(CloseReason.TRANSPORT_ERROR, "outbound buffer full");
        return false;
    }

    void sendControl(Packet p) {
        add(p);
    }

    /** The turn in which packets were buffered, or a read of its WebSocket, has ended; see {@link TurnFlush}. */
    @Override
    void endOfTurn() {
        flush();
    }

    private void flush() {
        turnEnded();
        if (readyState == ReadyState.CLOSED) {
            clearQueued();
            return;
        }
        if (nothingQueued()) {
            return;
        }
        if (!transport.writable()) {
            hold();
            return;
        }
        Packet single = takeSingle();
        if (single != null) {
            countSent(host.counters(), 1, takeBytes());
            transport.send(single);
        } else {
            sendAllQueued(transport);
        }
        run(drainListeners, "drain");
        if (readyState == ReadyState.CLOSING && pendingCloseAfterDrain) {
            pendingCloseAfterDrain = false;
            closeTransport();
        }
    }

    /** Hands everything queued to a writable transport, counted as sent; something must be queued. */
    private void sendAllQueued(Transport t) {
        List<Packet> out = takeAll();
        countSent(host.counters(), out.size(), takeBytes());
        t.send(out);
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

    /**
     * Runs what a binding reported for this session (a request, a request's body, a frame, a
     * connection gone) on the session's loop in the order of these calls, from whatever loop they
     * come: see {@link ArrivalOrder} for the rule. The queue is made on the first report from
     * another loop; until then (a session only ever read on its own loop, as a WebSocket opened
     * directly is) nothing can be overtaken and reports run at once.
     */
    void arrive(Runnable task) {
        ArrivalOrder order = arrivals;
        if (order == null) {
            if (executor.inEventLoop()) {
                task.run();
                return;
            }
            order = new ArrivalOrder(executor);
            if (!ARRIVALS.compareAndSet(this, null, order)) {
                order = arrivals;
            }
        }
        order.submit(task);
    }

    void onPacket(Transport from, Packet p) {
        if (from == probe) {
            onProbePacket(p);
            return;
        }
        if (from != transport || readyState != ReadyState.OPEN) {
            return;
        }
        host.counters().received(p instanceof Packet.Message m ? m.byteSize() : 0);
        fire(packetListeners, p, "packet");
        if (p instanceof Packet.Pong || p instanceof Packet.Ping) {
            if (p instanceof Packet.Pong ? heartbeat.onPong() : heartbeat.onPing()) {
                run(heartbeatListeners, "heartbeat");
            } else {
                onTransportError(from, "invalid heartbeat direction");
            }
        } else if (p instanceof Packet.Message m) {
            heartbeat.onMessage();
            fire(messageListeners, m, "message");
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
     * session still polls and the request names polling and the session's protocol revision, else
     * has it refused.
     */
    void onPollingRequest(HttpExchange exchange) {
        RequestInfo req = exchange.request();
        if (transport instanceof PollingTransport polling && readyState != ReadyState.CLOSED
                && TransportType.POLLING.wireName().equals(req.queryParam("transport"))
                && ProtocolCodec.revisionOf(req) == codec.revision()) {
            polling.onRequest(exchange);
        } else {
            host.refuseLate(exchange, this);
        }
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
            executor.execute(this::releasePausedPoll);
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
            host.counters().upgraded();
            old.close(() -> { });
            fire(upgradeListeners, TransportType.WEBSOCKET, "upgrade");
            flush();
            if (readyState == ReadyState.CLOSING) {
                // A server close waited for this upgrade (see closeTransport): it ends here.
                closeTransport();
            }
        } else {
            abortUpgrade();
        }
    }

    /**
     * Answers a waiting poll, as a client that pauses polling for the upgrade waits for it: right
     * after the probe's turn (the reference waits for the first tick), then every 100 ms for a
     * poll the client sends after the first answer. With what this turn buffered, else a noop.
     */
    private void releasePausedPoll() {
        if (transport instanceof PollingTransport polling && polling.writable()) {
            flush();
            if (polling.writable()) {
                polling.send(List.of(Packet.NOOP));
            }
        }
    }

    private void abortUpgrade() {
        if (dropProbe() && readyState == ReadyState.CLOSING && !pendingCloseAfterDrain) {
            // A server close waited for this upgrade; it failed, so close the old transport now.
            closeTransport();
        }
    }

    /** Closes the probe, if any, and stops its timers; {@return whether there was one} */
    private boolean dropProbe() {
        WebSocketTransport ws = probe;
        if (ws == null) {
            return false;
        }
        probe = null;
        cancelUpgradeTimers();
        ws.close(() -> { });
        return true;
    }

    /** {@return whether an upgrade timer (timeout or noop) is still scheduled} For tests. */
    boolean upgradeTimersScheduled() {
        return upgradeTimer != null || noopTimer != null;
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

    // ---- closing -------------------------------------------------------------------------------

    private boolean pendingCloseAfterDrain;

    @Override
    public void close() {
        runOnLoop(() -> {
            if (readyState != ReadyState.OPEN) {
                return;
            }
            readyState = ReadyState.CLOSING;
            if (!nothingQueued()) {
                pendingCloseAfterDrain = true;
                return;
            }
            closeTransport();
        });
    }

    private void closeTransport() {
        if (probe != null) {
            if (noopTimer != null && !transport.writable()) {
                // The probe was answered and no poll waits: the client has paused polling (or
                // will once its last poll returns) and sends the upgrade next, over the probe. It
                // can only learn of the close there, so the close waits for the upgrade (or its
                // timeout), then closes the new transport.
                return;
            }
            // The client still polls: it learns of the close from its poll (now, or the next
            // one), so the probe is of no more use and goes at once, timers and all.
            dropProbe();
        }
        transport.close(() -> onClose(CloseReason.FORCED_CLOSE, ""));
    }

    /** Ends the session: timers, upgrade, buffers and transport released, listeners told once. */
    void onClose(CloseReason reason, String description) {
        if (readyState == ReadyState.CLOSED) {
            return;
        }
        Transport current = transport;
        if (!nothingQueued() && current != null && current.writable()) {
            // Packets of this turn, still waiting for its end: they go out before the end, as
            // they would have if each had been flushed when sent.
            sendAllQueued(current);
        }
        readyState = ReadyState.CLOSED;
        host.counters().closed(reason, current == null ? null : current.type());
        heartbeat.stop();
        abortUpgrade();
        clearQueued();
        if (current instanceof PollingTransport polling) {
            // A pending poll learns of the end at once; a later one finds the sid unknown.
            polling.abortPending();
        } else {
            current.close(() -> { });
        }
        host.removeSession(this);
        String detail = description == null ? "" : description;
        if (closeListeners != null) {
            closeListeners.fire(l -> l.accept(reason, detail), (l, e) -> log.error("A 'close' listener threw", e));
        }
    }

    // ---- listeners -----------------------------------------------------------------------------

    @Override
    public void onMessage(Consumer<Packet.Message> listener) {
        runOnLoop(() -> (messageListeners = messageListeners == null ? new ListenerList<>() : messageListeners).add(listener));
    }

    @Override
    public void onClose(BiConsumer<CloseReason, String> listener) {
        runOnLoop(() -> (closeListeners = closeListeners == null ? new ListenerList<>() : closeListeners).add(listener));
    }

    @Override
    public void onUpgrade(Consumer<TransportType> listener) {
        runOnLoop(() -> (upgradeListeners = upgradeListeners == null ? new ListenerList<>() : upgradeListeners).add(listener));
    }

    @Override
    public void onPacket(Consumer<Packet> listener) {
        runOnLoop(() -> (packetListeners = packetListeners == null ? new ListenerList<>() : packetListeners).add(listener));
    }

    @Override
    public void onHeartbeat(Runnable listener) {
        runOnLoop(() -> (heartbeatListeners = heartbeatListeners == null ? new ListenerList<>() : heartbeatListeners).add(listener));
    }

    @Override
    public void onDrain(Runnable listener) {
        runOnLoop(() -> (drainListeners = drainListeners == null ? new ListenerList<>() : drainListeners).add(listener));
    }

    @Override
    public String toString() {
        return "EngineSession[" + id + ", " + transport() + ", " + readyState + "]";
    }

    /** Calls one-argument listeners; one that throws is logged and the others still run. */
    private static <T> void fire(ListenerList<Consumer<T>> list, T value, String event) {
        if (list == null) {
            return;
        }
        // Every packet comes through here: by index over the snapshot, nothing captured, nothing allocated.
        List<Consumer<T>> listeners = list.snapshot();
        for (int i = 0; i < listeners.size(); i++) {
            try {
                listeners.get(i).accept(value);
            } catch (RuntimeException e) {
                log.error("A '{}' listener threw", event, e);
            }
        }
    }

    /** Calls listeners without argument, as {@link #fire}. */
    private static void run(ListenerList<Runnable> list, String event) {
        if (list != null) {
            list.fire(Runnable::run, (l, e) -> log.error("A '{}' listener threw", event, e));
        }
    }
}
