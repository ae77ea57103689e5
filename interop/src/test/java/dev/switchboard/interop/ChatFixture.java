package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.examples.chat.ChatServer;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The chat example itself ({@link ChatServer}, its page and the client bundle) on a free loopback
 * port, for the browser suite: created by {@code POST /chat} with an empty body, it is set up
 * exactly as {@code java -jar switchboard-chat.jar} sets it up, only the port differs.
 *
 * <p>The common routes report the app's Engine.IO sessions (how each opened, upgraded and
 * ended, seen through a listener of the fixture's own beside the app's); a session can be closed
 * from the server side. Sending raw messages is refused: the chat is driven through its pages.
 */
final class ChatFixture implements Fixture {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String id;
    private final SocketIoServer io;
    private final NettyServer server;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Waiters for any change of session state park here; see {@link #await}. */
    private final Object changes = new Object();

    private ChatFixture(String id) {
        this.id = id;
        this.io = ChatServer.createServer();
        io.engine().onConnection(this::onConnection);
        this.server = ChatServer.http(io).listen("127.0.0.1", 0);
    }

    /**
     * Starts the chat from the body of {@code POST /chat}.
     *
     * @param id the id to give it
     * @param body must be empty: the app has no options to test
     * @return the listening fixture
     * @throws ControlException 400 when the body has any field
     */
    static ChatFixture start(String id, JsonNode body) {
        if (body != null && body.size() > 0) {
            List<String> names = new ArrayList<>();
            body.fieldNames().forEachRemaining(names::add);
            throw new ControlException(400, "the chat fixture takes no options, got " + names);
        }
        return new ChatFixture(id);
    }

    private void onConnection(EngineSocket socket) {
        Session s = new Session(socket);
        sessions.put(socket.id(), s);
        socket.onUpgrade(transport -> {
            s.upgradedTo = transport;
            changed();
        });
        socket.onClose((reason, description) -> {
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
     * well as on every recorded event, because the engine's own session count changes without
     * telling the fixture.
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
                .put("kind", "chat")
                .put("port", server.port())
                .put("path", io.options().path());
    }

    @Override
    public int awaitClientsCount(int expected, Duration timeout) throws InterruptedException {
        if (expected >= 0) {
            await(() -> io.engine().clientsCount() == expected, timeout);
        }
        return io.engine().clientsCount();
    }

    @Override
    public ObjectNode clients() {
        ObjectNode out = JSON.objectNode().put("count", io.engine().clientsCount());
        ArrayNode sids = out.putArray("sids");
        List<String> ids = new ArrayList<>();
        io.engine().clients().forEach(s -> ids.add(s.id()));
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
        throw new ControlException(400, "the chat fixture is the real app: drive it through its pages, not raw messages");
    }

    @Override
    public void closeClient(String sid) {
        EngineSocket socket = io.engine().client(sid);
        if (socket == null) {
            throw new ControlException(404, "no open session " + sid + " on server " + id);
        }
        socket.close();
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
    public void close() {
        server.close();
    }

    /**
     * What the fixture saw of one session. Written on the session's event loop, read by control
     * requests on other threads.
     */
    private static final class Session {
        final String sid;
        final TransportType openedWith;
        volatile TransportType upgradedTo;
        volatile CloseReason closeReason;

        Session(EngineSocket socket) {
            this.sid = socket.id();
            this.openedWith = socket.transport();
        }

        ObjectNode toJson() {
            CloseReason reason = closeReason;
            ObjectNode out = JSON.objectNode()
                    .put("sid", sid)
                    .put("open", reason == null)
                    .put("transport", openedWith.wireName());
            out.put("upgradedTo", upgradedTo == null ? null : upgradedTo.wireName());
            out.put("closeReason", reason == null ? null : reason.text());
            return out;
        }
    }
}
