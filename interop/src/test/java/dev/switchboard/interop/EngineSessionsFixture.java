package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.TransportType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * What every fixture kind does alike: it watches the Engine.IO sessions of one server on a loopback
 * port and answers the common routes of {@link FixtureControlServer} from what it saw (open
 * sessions, how one opened, upgraded and closed, how they all ended on shutdown). A kind adds its
 * own creation options, its {@link #describe()}, and its own per-session records and actions.
 *
 * <p>A subclass's constructor calls {@code super} with the engine to watch, sets its own fields,
 * and calls {@link #listen} last, so no session can arrive before the subclass is ready for it.
 *
 * @param <S> the kind's record of one session
 */
abstract class EngineSessionsFixture<S extends EngineSessionsFixture.Session> implements Fixture {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String id;
    private final EngineIoServer engine;
    private final Map<String, S> sessions = new ConcurrentHashMap<>();
    /** Waiters for any change of session state park here; see {@link #await}. */
    private final Object changes = new Object();
    private volatile Binding.Served server;

    /**
     * @param id the id the control API knows this fixture by
     * @param engine the engine whose sessions to record; connections only arrive after {@link #listen}
     */
    protected EngineSessionsFixture(String id, EngineIoServer engine) {
        this.id = id;
        this.engine = engine;
        engine.onConnection(this::onConnection);
    }

    /**
     * Starts the HTTP binding on a free loopback port; the last step of a subclass's constructor.
     *
     * @param binding the binding of this fixture's engine, started
     */
    protected final void listen(Binding.Served binding) {
        this.server = binding;
    }

    /**
     * Makes the record of a new session and attaches whatever listeners the kind needs beyond the
     * upgrade and close ones this class attaches itself.
     *
     * @param socket the new session
     * @return its record
     */
    protected abstract S track(EngineSocket socket);

    private void onConnection(EngineSocket socket) {
        S s = track(socket);
        sessions.put(socket.id(), s);
        socket.onUpgrade(transport -> {
            s.upgradedTo = transport;
            changed();
        });
        socket.onClose((reason, description) -> {
            s.closedAtNanos = System.nanoTime();
            s.closeDescription = description;
            s.closeReason = reason;
            changed();
        });
        changed();
    }

    /** Wakes every {@link #await} to recheck its condition. */
    protected final void changed() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    /**
     * Waits until the condition holds or the timeout passes. Rechecks every few milliseconds as
     * well as on every recorded event, because some state (the engine's own session count, a
     * server's namespaces) changes without telling the fixture.
     *
     * @return whether the condition held
     */
    protected final boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changes) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changes.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 10)));
            }
            return true;
        }
    }

    /** The binding this fixture is served over, for {@link #describe()}: {@code netty}, {@code tomcat}... */
    protected final String binding() {
        return server.binding().label();
    }

    /** The port the binding listens on. */
    protected final int port() {
        return server.port();
    }

    /**
     * The open session with that id.
     *
     * @throws ControlException 404 when the engine has no such open session
     */
    protected final EngineSocket openSocket(String sid) {
        EngineSocket socket = engine.client(sid);
        if (socket == null) {
            throw new ControlException(404, "no open session " + sid + " on server " + id);
        }
        return socket;
    }

    /**
     * The message a control body describes.
     *
     * @param m {@code {"text": string}} or {@code {"binary": base64}}
     * @throws ControlException 400 for anything else
     */
    protected static Packet.Message message(JsonNode m) {
        if (m.has("text") && m.get("text").isTextual()) {
            return Packet.text(m.get("text").textValue());
        }
        if (m.has("binary") && m.get("binary").isTextual()) {
            try {
                return Packet.binary(Base64.getDecoder().decode(m.get("binary").textValue()));
            } catch (IllegalArgumentException e) {
                throw new ControlException(400, "binary must be standard base64: " + e.getMessage());
            }
        }
        throw new ControlException(400, "a message is {\"text\": string} or {\"binary\": base64}, not " + m);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final int awaitClientsCount(int expected, Duration timeout) throws InterruptedException {
        if (expected >= 0) {
            await(() -> engine.clientsCount() == expected, timeout);
        }
        return engine.clientsCount();
    }

    @Override
    public final ObjectNode clients() {
        ObjectNode out = JSON.objectNode().put("count", engine.clientsCount());
        ArrayNode sids = out.putArray("sids");
        List<String> ids = new ArrayList<>();
        engine.clients().forEach(s -> ids.add(s.id()));
        ids.sort(null);
        ids.forEach(sids::add);
        return out;
    }

    @Override
    public final ObjectNode client(String sid, String until, Duration timeout) throws InterruptedException {
        BooleanSupplier condition;
        if (until == null) {
            condition = () -> sessions.containsKey(sid);
        } else if (until.equals("closed")) {
            condition = () -> sessions.containsKey(sid) && sessions.get(sid).closeReason != null;
        } else if (until.equals("upgraded")) {
            condition = () -> sessions.containsKey(sid) && sessions.get(sid).upgradedTo != null;
        } else if (until.equals("pollPending")) {
            // Asked of the session's loop, so not under the lock its listeners take to report.
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!(sessions.containsKey(sid) && pollPending(sessions.get(sid).socket))
                    && System.nanoTime() < deadline) {
                await(() -> false, Duration.ofMillis(5));
            }
            condition = () -> true;
        } else {
            throw new ControlException(400, "until must be closed, upgraded or pollPending, not " + until);
        }
        await(condition, timeout);
        S s = sessions.get(sid);
        return s == null ? null : s.toJson();
    }

    /**
     * Whether a long-polling session has a poll waiting for data: it can be written to now. Read on
     * the session's loop, which owns that state.
     */
    private static boolean pollPending(EngineSocket socket) {
        try {
            return socket.executor().submit(() -> socket.transport() == TransportType.POLLING && socket.isWritable())
                    .get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void closeClient(String sid) {
        openSocket(sid).close();
    }

    @Override
    public ObjectNode shutdown() throws InterruptedException {
        close();
        // Close listeners run on the sessions' loops: give them a moment to report.
        await(() -> sessions.values().stream().allMatch(s -> s.closeReason != null), Duration.ofSeconds(5));
        ObjectNode out = JSON.objectNode().put("closed", id);
        ObjectNode reasons = out.putObject("sessions");
        sessions.keySet().stream().sorted().forEach(sid -> {
            CloseReason r = sessions.get(sid).closeReason;
            reasons.put(sid, r == null ? null : r.text());
        });
        return out;
    }

    @Override
    public final void close() {
        server.close();
    }

    /**
     * What the fixture saw of one session. Written on the session's event loop, read by control
     * requests on other threads: volatile fields, each written by a single thread.
     */
    static class Session {
        final EngineSocket socket;
        final TransportType openedWith;
        final long openedAtNanos = System.nanoTime();
        volatile TransportType upgradedTo;
        volatile long closedAtNanos;
        volatile String closeDescription;
        /** Written last on close, so a reader that sees it also sees the close time. */
        volatile CloseReason closeReason;

        Session(EngineSocket socket) {
            this.socket = socket;
            this.openedWith = socket.transport();
        }

        /** The answer of {@code GET /servers/{id}/clients/{sid}}. */
        ObjectNode toJson() {
            CloseReason reason = closeReason;
            long end = reason == null ? System.nanoTime() : closedAtNanos;
            ObjectNode out = JSON.objectNode()
                    .put("sid", socket.id())
                    .put("open", reason == null)
                    .put("transport", openedWith.wireName())
                    .put("protocol", socket.protocol());
            out.put("upgradedTo", upgradedTo == null ? null : upgradedTo.wireName());
            out.put("closeReason", reason == null ? null : reason.text());
            out.put("closeDescription", reason == null ? null : closeDescription);
            out.put("openMs", TimeUnit.NANOSECONDS.toMillis(end - openedAtNanos));
            ObjectNode query = out.putObject("query");
            socket.request().query().forEach(query::put);
            return out;
        }
    }
}
