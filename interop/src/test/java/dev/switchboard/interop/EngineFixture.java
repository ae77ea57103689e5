package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.server.NettyServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An Engine.IO server on a loopback port that sends every message back as it was received (unless
 * created with {@code "echo": false}), and records what happened to each session so a suite can
 * check the server's side of the story: close reasons, upgrades, heartbeats, message counts.
 */
final class EngineFixture implements Fixture {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Names in the creation body that belong to the fixture rather than to the server options. */
    static final Set<String> FIXTURE_NAMES = Set.of("echo");

    private final String id;
    private final EngineIoServer engine;
    private final NettyServer server;
    private final boolean echo;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Waiters for any change of session state park here; see {@link #await}. */
    private final Object changes = new Object();

    private EngineFixture(String id, EngineIoOptions options, boolean echo) {
        this.id = id;
        this.echo = echo;
        this.engine = EngineIoServer.create(options);
        engine.onConnection(this::onConnection);
        this.server = NettyServer.create(engine).listen("127.0.0.1", 0);
    }

    /**
     * Starts a fixture from the body of {@code POST /engineio}.
     *
     * @param id the id to give it
     * @param body the engine.io options plus {@code echo} (default true)
     * @return the listening fixture
     */
    static EngineFixture start(String id, JsonNode body) {
        EngineIoOptions options = EngineOptionsJson.parse(body, FIXTURE_NAMES);
        JsonNode echo = body == null ? null : body.get("echo");
        if (echo != null && !echo.isBoolean()) {
            throw new ControlException(400, "echo must be a boolean, got " + echo);
        }
        return new EngineFixture(id, options, echo == null || echo.booleanValue());
    }

    private void onConnection(EngineSocket socket) {
        Session s = new Session(socket, System.nanoTime());
        sessions.put(socket.id(), s);
        socket.onMessage(message -> {
            s.messages++;
            if (echo) {
                socket.send(message);
            }
        });
        socket.onHeartbeat(() -> s.heartbeats++);
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

    private void changed() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    /**
     * Waits until the condition holds or the timeout passes. Rechecks every few milliseconds as
     * well as on every recorded event, because some state (the engine's own session count) changes
     * without telling the fixture.
     */
    private boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
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

    @Override
    public String id() {
        return id;
    }

    @Override
    public ObjectNode describe() {
        return JSON.objectNode()
                .put("id", id)
                .put("kind", "engineio")
                .put("port", server.port())
                .put("path", engine.options().path());
    }

    @Override
    public int awaitClientsCount(int expected, Duration timeout) throws InterruptedException {
        if (expected >= 0) {
            await(() -> engine.clientsCount() == expected, timeout);
        }
        return engine.clientsCount();
    }

    @Override
    public ObjectNode clients() {
        ObjectNode out = JSON.objectNode().put("count", engine.clientsCount());
        ArrayNode sids = out.putArray("sids");
        List<String> ids = new ArrayList<>();
        engine.clients().forEach(s -> ids.add(s.id()));
        ids.sort(null);
        ids.forEach(sids::add);
        return out;
    }

    @Override
    public ObjectNode client(String sid, String until, Duration timeout) throws InterruptedException {
        BooleanSupplier condition;
        if (until == null) {
            condition = () -> sessions.containsKey(sid);
        } else if (until.equals("closed")) {
            condition = () -> sessions.containsKey(sid) && sessions.get(sid).closeReason != null;
        } else if (until.equals("upgraded")) {
            condition = () -> sessions.containsKey(sid) && sessions.get(sid).upgradedTo != null;
        } else {
            throw new ControlException(400, "until must be closed or upgraded, not " + until);
        }
        await(condition, timeout);
        Session s = sessions.get(sid);
        return s == null ? null : s.toJson();
    }

    @Override
    public int send(String sid, JsonNode body) {
        EngineSocket socket = openSocket(sid);
        List<Packet.Message> messages = new ArrayList<>();
        if (body.has("messages")) {
            for (JsonNode m : body.get("messages")) {
                messages.add(message(m));
            }
        } else {
            messages.add(message(body));
        }
        if (messages.size() == 1) {
            socket.send(messages.get(0));
        } else {
            socket.send(messages);
        }
        return messages.size();
    }

    private static Packet.Message message(JsonNode m) {
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
    public void closeClient(String sid) {
        openSocket(sid).close();
    }

    private EngineSocket openSocket(String sid) {
        EngineSocket socket = engine.client(sid);
        if (socket == null) {
            throw new ControlException(404, "no open session " + sid + " on server " + id);
        }
        return socket;
    }

    @Override
    public ObjectNode shutdown() throws InterruptedException {
        close();
        // Close listeners run on the sessions' loops: give them a moment to report.
        await(() -> sessions.values().stream().allMatch(s -> s.closeReason != null), Duration.ofSeconds(5));
        ObjectNode out = JSON.objectNode().put("closed", id);
        ObjectNode reasons = out.putObject("sessions");
        sessions.values().stream()
                .sorted((a, b) -> a.socket.id().compareTo(b.socket.id()))
                .forEach(s -> {
                    CloseReason r = s.closeReason;
                    reasons.put(s.socket.id(), r == null ? null : r.text());
                });
        return out;
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * What the fixture saw of one session. Written on the session's event loop, read by control
     * requests on other threads: volatile fields, each written by a single thread.
     */
    private static final class Session {
        final EngineSocket socket;
        final TransportType openedWith;
        final long openedAtNanos;
        volatile int messages;
        volatile int heartbeats;
        volatile TransportType upgradedTo;
        volatile long closedAtNanos;
        volatile String closeDescription;
        /** Written last on close, so a reader that sees it also sees the close time. */
        volatile CloseReason closeReason;

        Session(EngineSocket socket, long openedAtNanos) {
            this.socket = socket;
            this.openedWith = socket.transport();
            this.openedAtNanos = openedAtNanos;
        }

        ObjectNode toJson() {
            CloseReason reason = closeReason;
            long end = reason == null ? System.nanoTime() : closedAtNanos;
            ObjectNode out = JSON.objectNode()
                    .put("sid", socket.id())
                    .put("open", reason == null)
                    .put("transport", openedWith.wireName());
            out.put("upgradedTo", upgradedTo == null ? null : upgradedTo.wireName());
            out.put("messages", messages).put("heartbeats", heartbeats);
            out.put("closeReason", reason == null ? null : reason.text());
            out.put("closeDescription", reason == null ? null : closeDescription);
            out.put("openMs", TimeUnit.NANOSECONDS.toMillis(end - openedAtNanos));
            ObjectNode query = out.putObject("query");
            socket.request().query().forEach(query::put);
            return out;
        }
    }
}
