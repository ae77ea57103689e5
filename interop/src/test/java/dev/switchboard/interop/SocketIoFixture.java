package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.msgpack.MsgpackPacketParser;
import dev.switchboard.socketio.AckTimeoutException;
import dev.switchboard.socketio.BroadcastOperator;
import dev.switchboard.socketio.ConnectionStateRecovery;
import dev.switchboard.socketio.Emitter;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketEmitter;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.TestCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Socket.IO server on a loopback port running one of the {@link SocketIoScenarios}, created by
 * {@code POST /socketio} with {@code {"scenario": "main", ...options}}. Options: the Engine.IO ones
 * of {@link EngineOptionsJson} plus {@code path}, {@code serveClient}, {@code connectTimeout} (ms),
 * {@code cleanupEmptyChildNamespaces}, {@code connectionStateRecovery} ({@code true} or
 * {@code {maxDisconnectionDuration: ms, skipMiddlewares}}) and {@code parser} ({@code "json"}, the
 * default, or {@code "msgpack"} for {@link MsgpackPacketParser}), and {@code tls} ({@code true}:
 * HTTPS and WSS with a certificate made for the fixture, Netty binding only; the description then
 * carries the certificate as {@code ca}, for the client to trust).
 *
 * <h2>Actions ({@code /servers/{id}/<name>})</h2>
 * Bodies name the namespace with {@code nsp} (default {@code /}) or a dynamic parent with
 * {@code parent} ({@code dyn}, {@code pred}, {@code async}); arguments are JSON with
 * {@code {"$binary": base64}} for bytes ({@link ControlJson}).
 * <ul>
 *   <li>{@code POST emit} {@code {event, args, socket?, from?, to?, except?, volatile?, timeout?,
 *       ack?}}: {@code socket} emits to that socket ({@code socket.emit}); otherwise a broadcast,
 *       from {@code from} ({@code socket.broadcast}) or the namespace, to/except rooms. With
 *       {@code ack}, answers once acknowledged: {@code {ack: [...]}} for a socket,
 *       {@code {responses: [...]}} for a broadcast, or {@code {error, responses?}}.
 *   <li>{@code POST fetchSockets} {@code {to?, except?}}: {@code [{id, rooms, data, handshake}]}.
 *   <li>{@code POST socketsJoin|socketsLeave} {@code {to?, except?, rooms}};
 *       {@code POST disconnectSockets} {@code {to?, except?, close?}}.
 *   <li>{@code POST disconnect} {@code {id, close?}}: that socket's {@code disconnect(close)}.
 *   <li>{@code GET|POST namespaces} {@code {present?, absent?, timeout?}}: the namespace names,
 *       once {@code present} is among them / {@code absent} is not (or the timeout passed).
 *   <li>{@code GET log}: every {@link EventLog} entry; {@code POST log} {@code {match, count?,
 *       timeout?}}: the matching entries once there are {@code count}.
 * </ul>
 */
final class SocketIoFixture extends EngineSessionsFixture<EngineSessionsFixture.Session> {

    /** Names in the creation body that are not Engine.IO options. */
    static final Set<String> FIXTURE_NAMES = Set.of("scenario", "path", "serveClient", "connectTimeout",
            "cleanupEmptyChildNamespaces", "connectionStateRecovery", "parser", "tls");
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final String scenario;
    private final SocketIoServer io;
    private final SocketIoScenarios.Context context;
    private final EventLog log = new EventLog();
    private final String ca;

    private SocketIoFixture(String id, String scenario, SocketIoServer io, Binding binding, boolean tls) {
        super(id, io.engine());
        this.scenario = scenario;
        this.io = io;
        this.context = SocketIoScenarios.install(scenario, io, log);
        if (tls) {
            TestCertificate cert = TestCertificate.create(tempDirectory());
            listen(Binding.serveTls(io, cert));
            this.ca = pem(cert);
        } else {
            this.ca = null;
            listen(binding.serve(io));
        }
    }

    private static Path tempDirectory() {
        try {
            Path dir = Files.createTempDirectory("switchboard-tls");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(TestCertificate cert) {
        try {
            String pem = Files.readString(cert.certificatePem());
            // the key and certificate files are only needed until the server has read them
            Files.deleteIfExists(cert.privateKeyPem());
            Files.deleteIfExists(cert.certificatePem());
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a fixture from the body of {@code POST /socketio}.
     *
     * @param id the id to give it
     * @param body the scenario and options
     * @param binding the HTTP binding to serve it over
     * @return the listening fixture
     */
    static SocketIoFixture start(String id, JsonNode body, Binding binding) {
        JsonNode json = body == null || body.isNull() ? JSON.objectNode() : body;
        EngineIoOptions engine = EngineOptionsJson.parse(json, FIXTURE_NAMES);
        SocketIoServer.Builder b = SocketIoServer.builder().engineOptions(engine);
        String scenario = json.path("scenario").asText("main");
        boolean tls = json.path("tls").asBoolean(false);
        if (tls && binding != Binding.NETTY) {
            throw new ControlException(400, "tls is served by the Netty binding only; a container's TLS is its own");
        }
        try {
            JsonNode v;
            if ((v = json.get("path")) != null) {
                b.path(v.asText());
            }
            if ((v = json.get("serveClient")) != null) {
                b.serveClient(bool("serveClient", v));
            }
            if ((v = json.get("connectTimeout")) != null) {
                b.connectTimeout(Duration.ofMillis(millis("connectTimeout", v)));
            }
            if ((v = json.get("cleanupEmptyChildNamespaces")) != null) {
                b.cleanupEmptyChildNamespaces(bool("cleanupEmptyChildNamespaces", v));
            }
            if ((v = json.get("connectionStateRecovery")) != null) {
                b.connectionStateRecovery(recovery(v));
            }
            if ((v = json.get("parser")) != null) {
                switch (v.asText()) {
                    case "json" -> { }
                    case "msgpack" -> b.parser(new MsgpackPacketParser());
                    default -> throw new IllegalArgumentException("parser must be \"json\" or \"msgpack\", got " + v);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ControlException(400, e.getMessage());
        }
        if (!SocketIoScenarios.NAMES.contains(scenario)) {
            throw new ControlException(400, "unknown scenario " + scenario + " (known: "
                    + String.join(", ", SocketIoScenarios.NAMES.stream().sorted().toList()) + ")");
        }
        return new SocketIoFixture(id, scenario, b.build(), binding, tls);
    }

    private static ConnectionStateRecovery recovery(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue() ? ConnectionStateRecovery.DEFAULT : null;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("connectionStateRecovery must be a boolean or an object, got " + v);
        }
        Duration max = ConnectionStateRecovery.DEFAULT.maxDisconnectionDuration();
        boolean skip = ConnectionStateRecovery.DEFAULT.skipMiddlewares();
        for (Iterator<String> it = v.fieldNames(); it.hasNext();) {
            String k = it.next();
            switch (k) {
                case "maxDisconnectionDuration" -> max = Duration.ofMillis(millis(k, v.get(k)));
                case "skipMiddlewares" -> skip = bool(k, v.get(k));
                default -> throw new IllegalArgumentException("unknown connectionStateRecovery option " + k);
            }
        }
        return new ConnectionStateRecovery(max, skip);
    }

    private static boolean bool(String name, JsonNode v) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(name + " must be a boolean, got " + v);
        }
        return v.booleanValue();
    }

    private static long millis(String name, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be an integer (ms), got " + v);
        }
        return v.longValue();
    }

    // ---- the common routes ---------------------------------------------------------------------

    @Override
    protected Session track(EngineSocket socket) {
        return new Session(socket);
    }

    @Override
    public ObjectNode describe() {
        return JSON.objectNode()
                .put("id", id())
                .put("kind", "socketio")
                .put("scenario", scenario)
                .put("port", port())
                .put("binding", binding())
                .put("path", io.engine().options().path())
                .put("ca", ca);
    }

    @Override
    public int send(String sid, JsonNode body) {
        openSocket(sid).send(message(body));
        return 1;
    }

    // ---- the Socket.IO actions -----------------------------------------------------------------

    @Override
    public JsonNode action(String method, String name, JsonNode body) {
        try {
            return switch (method + " " + name) {
                case "POST emit" -> emit(body);
                case "POST fetchSockets" -> fetchSockets(body);
                case "POST socketsJoin" -> {
                    operator(body).socketsJoin(strings(body.get("rooms")));
                    yield JSON.objectNode().put("done", true);
                }
                case "POST socketsLeave" -> {
                    operator(body).socketsLeave(strings(body.get("rooms")));
                    yield JSON.objectNode().put("done", true);
                }
                case "POST disconnectSockets" -> {
                    operator(body).disconnectSockets(body.path("close").asBoolean(false));
                    yield JSON.objectNode().put("done", true);
                }
                case "POST disconnect" -> {
                    socket(namespace(body), body.path("id").asText()).disconnect(body.path("close").asBoolean(false));
                    yield JSON.objectNode().put("done", true);
                }
                case "GET namespaces", "POST namespaces" -> namespaces(body);
                case "GET log" -> log.all();
                case "POST log" -> awaitLog(body);
                default -> super.action(method, name, body);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(503, "interrupted");
        }
    }

    private Namespace namespace(JsonNode body) {
        if (body.hasNonNull("parent")) {
            String key = body.get("parent").asText();
            Namespace parent = context.parents.get(key);
            if (parent == null) {
                throw new ControlException(404, "scenario " + scenario + " has no dynamic namespace " + key
                        + " (known: " + context.parents.keySet() + ")");
            }
            return parent;
        }
        String name = body.path("nsp").asText("/");
        for (Namespace nsp : io.namespaces()) {
            if (nsp.name().equals(name)) {
                return nsp;
            }
        }
        throw new ControlException(404, "no namespace " + name + " on server " + id());
    }

    private static Socket socket(Namespace nsp, String socketId) {
        Socket s = nsp.socket(socketId);
        if (s == null) {
            throw new ControlException(404, "no connected socket " + socketId + " in " + nsp.name());
        }
        return s;
    }

    private static String[] strings(JsonNode v) {
        if (v == null || v.isNull()) {
            return new String[0];
        }
        if (v.isTextual()) {
            return new String[] {v.textValue()};
        }
        if (!v.isArray()) {
            throw new ControlException(400, "expected a room name or an array of them, got " + v);
        }
        String[] out = new String[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).asText();
        }
        return out;
    }

    /** The broadcast a body describes: from a socket or the namespace, to/except rooms, flags. */
    private BroadcastOperator operator(JsonNode body) {
        Namespace nsp = namespace(body);
        BroadcastOperator op = body.hasNonNull("from")
                ? socket(nsp, body.get("from").asText()).broadcast()
                : nsp.to(List.of());
        JsonNode to = body.has("to") ? body.get("to") : body.get("in");
        if (to != null && !to.isNull()) {
            op = op.to(strings(to));
        }
        if (body.hasNonNull("except")) {
            op = op.except(strings(body.get("except")));
        }
        if (body.path("volatile").asBoolean(false)) {
            op = op.volatile_();
        }
        if (body.hasNonNull("timeout")) {
            op = op.timeout(Duration.ofMillis(millis("timeout", body.get("timeout"))));
        }
        return op;
    }

    private JsonNode emit(JsonNode body) throws InterruptedException {
        String event = body.path("event").asText(null);
        if (event == null) {
            throw new ControlException(400, "emit needs an event name");
        }
        Object[] args = ControlJson.args(body.get("args"));
        boolean ack = body.path("ack").asBoolean(false);
        long timeout = body.hasNonNull("timeout") ? millis("timeout", body.get("timeout")) : -1;
        Duration wait = timeout < 0 ? MAX_WAIT : Duration.ofMillis(timeout).plusSeconds(10);
        try {
            if (body.hasNonNull("socket")) {
                Socket socket = socket(namespace(body), body.get("socket").asText());
                SocketEmitter flagged = null;
                if (body.path("volatile").asBoolean(false)) {
                    flagged = socket.volatile_();
                }
                if (timeout >= 0) {
                    flagged = flagged == null ? socket.timeout(Duration.ofMillis(timeout))
                            : flagged.timeout(Duration.ofMillis(timeout));
                }
                Emitter emitter = flagged == null ? socket : flagged;
                if (!ack) {
                    emitter.emit(event, args);
                    return JSON.objectNode().put("emitted", true);
                }
                return answer(emitter.emitWithAck(event, args), wait, "ack");
            }
            BroadcastOperator op = operator(body);
            if (!ack) {
                op.emit(event, args);
                return JSON.objectNode().put("emitted", true);
            }
            return answer(op.emitWithAck(event, args), wait, "responses");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ControlException(400, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static JsonNode answer(CompletableFuture<EventArgs> future, Duration wait, String field)
            throws InterruptedException {
        ObjectNode out = JSON.objectNode();
        try {
            out.set(field, ControlJson.toControl(future.get(wait.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            out.put("error", cause.getMessage()).put("errorType", cause.getClass().getSimpleName());
            if (cause instanceof AckTimeoutException timeout && timeout.responses() != null) {
                out.set("responses", ControlJson.toControl(timeout.responses()));
            }
        } catch (TimeoutException e) {
            throw new ControlException(504, "no acknowledgement outcome within " + wait.toMillis()
                    + " ms: neither an answer nor the timeout error came");
        }
        return out;
    }

    private JsonNode fetchSockets(JsonNode body) throws InterruptedException {
        List<RemoteSocket> sockets;
        try {
            // Without a target, the namespace's own method (a parent namespace refuses it).
            boolean targeted = body.hasNonNull("to") || body.hasNonNull("in") || body.hasNonNull("except")
                    || body.hasNonNull("from");
            CompletableFuture<List<RemoteSocket>> found = targeted ? operator(body).fetchSockets()
                    : namespace(body).fetchSockets();
            sockets = found.get(10, TimeUnit.SECONDS);
        } catch (UnsupportedOperationException e) {
            throw new ControlException(400, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (ExecutionException | TimeoutException e) {
            throw new ControlException(500, "fetchSockets failed: " + e);
        }
        ArrayNode out = JSON.arrayNode();
        for (RemoteSocket s : sockets) {
            ObjectNode o = out.addObject().put("id", s.id());
            ArrayNode rooms = o.putArray("rooms");
            s.rooms().forEach(rooms::add);
            JsonNode data = s.data(JsonNode.class);
            o.set("data", data == null ? JSON.nullNode() : ControlJson.toControl(data));
            ObjectNode h = o.putObject("handshake");
            h.set("auth", s.handshake().auth());
            ObjectNode query = h.putObject("query");
            s.handshake().query().forEach(query::put);
        }
        return out;
    }

    private JsonNode namespaces(JsonNode body) throws InterruptedException {
        String present = body.path("present").asText(null);
        String absent = body.path("absent").asText(null);
        Duration timeout = body.hasNonNull("timeout")
                ? Duration.ofMillis(Math.min(millis("timeout", body.get("timeout")), MAX_WAIT.toMillis()))
                : Duration.ZERO;
        await(() -> (present == null || names().contains(present)) && (absent == null || !names().contains(absent)),
                timeout);
        ArrayNode out = JSON.arrayNode();
        names().stream().sorted().forEach(out::add);
        return out;
    }

    private List<String> names() {
        return io.namespaces().stream().map(Namespace::name).toList();
    }

    private JsonNode awaitLog(JsonNode body) throws InterruptedException {
        JsonNode match = body.get("match");
        if (match == null || !match.isObject()) {
            throw new ControlException(400, "log needs {match: {...}}");
        }
        int count = body.path("count").asInt(1);
        long ms = body.hasNonNull("timeout") ? millis("timeout", body.get("timeout")) : 5000;
        Duration timeout = Duration.ofMillis(Math.min(ms, MAX_WAIT.toMillis()));
        return JSON.objectNode().set("entries", log.await((ObjectNode) match, count, timeout));
    }

    // ---- closing -------------------------------------------------------------------------------

    /** Also answers the log, which is gone with the fixture once this returns. */
    @Override
    public ObjectNode shutdown() throws InterruptedException {
        ObjectNode out = super.shutdown();
        out.set("log", log.all());
        return out;
    }
}
