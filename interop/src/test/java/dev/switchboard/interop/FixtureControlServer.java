package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The HTTP API through which Node suites create and steer the Java servers they test. One instance
 * per {@link Binding} runs in the JUnit JVM for the whole run, on a free loopback port, and serves
 * every fixture it starts over that binding; every suite gets its URL in {@code FIXTURE_URL}.
 *
 * <h2>Routes</h2>
 * All bodies are JSON; errors are {@code {"error": "..."}} with a 4xx/5xx status.
 * <ul>
 *   <li>{@code POST /<kind>} with the kind's options: starts a fixture, answers
 *       {@code {"id", "kind", "port", ...}} (201). Kinds: {@code engineio} (see {@link EngineFixture}),
 *       {@code socketio} (Socket.IO scenarios, see {@link SocketIoFixture}),
 *       {@code chat} (the chat example, see {@link ChatFixture}; the app's own Netty server, so only
 *       on the Netty binding), {@code admin} (a server instrumented for the admin UI that serves the
 *       UI's page, see {@link AdminUiFixture}; Netty only); more are added with {@link #register}.
 *   <li>{@code GET /servers}: the ids of the fixtures still open.
 *   <li>{@code DELETE /servers/{id}}: closes a fixture (its sessions see a server close) and
 *       answers how each of its sessions ended: {@code {"closed", "sessions": {sid: reason}}}.
 *   <li>{@code GET /servers/{id}/clients[?count=N&timeout=ms]}: {@code {"count", "sids"}}; with
 *       {@code count}, answers once the open-session count equals N or the timeout passed.
 *   <li>{@code GET /servers/{id}/clients/{sid}[?until=closed|upgraded&timeout=ms]}: what the server
 *       saw of a session (open, transport, upgradedTo, messages, heartbeats, closeReason, openMs).
 *   <li>{@code POST /servers/{id}/clients/{sid}/send}: {@code {"text"}} / {@code {"binary": base64}}
 *       / {@code {"messages": [...]}} sent by the server to that session.
 *   <li>{@code POST /servers/{id}/clients/{sid}/close}: the server closes that session.
 *   <li>anything else under {@code /servers/{id}/}: {@link Fixture#action}.
 * </ul>
 */
final class FixtureControlServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The longest a control request may wait on a condition; Node's own timeouts are shorter. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final HttpServer http;
    private final ExecutorService executor;
    private final Map<String, BiFunction<String, JsonNode, Fixture>> kinds = new ConcurrentHashMap<>();
    private final Map<String, Fixture> fixtures = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private FixtureControlServer(HttpServer http, ExecutorService executor, Binding binding) {
        this.http = http;
        this.executor = executor;
        register("engineio", (id, body) -> EngineFixture.start(id, body, binding));
        register("socketio", (id, body) -> SocketIoFixture.start(id, body, binding));
        if (binding == Binding.NETTY) {
            register("chat", ChatFixture::start);
            register("admin", AdminUiFixture::start);
        }
    }

    /**
     * Starts the control API on a free loopback port.
     *
     * @param binding the binding every fixture it starts is served over
     * @return the running server
     * @throws IOException if no port can be bound
     */
    static FixtureControlServer start(Binding binding) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Requests that wait on a condition hold their thread, so every request gets one.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fixture-control");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        FixtureControlServer control = new FixtureControlServer(http, executor, binding);
        http.createContext("/", control::handle);
        http.start();
        return control;
    }

    /**
     * Adds a kind of fixture, created by {@code POST /<kind>}.
     *
     * @param kind the path segment, e.g. {@code socketio}
     * @param factory starts a fixture from its id and the request body
     */
    void register(String kind, BiFunction<String, JsonNode, Fixture> factory) {
        if (kinds.putIfAbsent(kind, factory) != null) {
            throw new IllegalStateException("fixture kind already registered: " + kind);
        }
    }

    /** The base URL of the API, e.g. {@code http://127.0.0.1:41234}. */
    String url() {
        InetSocketAddress a = http.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** The ids of the fixtures a suite created and has not closed. */
    List<String> openFixtures() {
        List<String> open = new ArrayList<>(fixtures.keySet());
        open.sort(null);
        return open;
    }

    /**
     * Closes every fixture still open.
     *
     * @return the ids that were closed
     */
    List<String> closeAllFixtures() {
        List<String> open = openFixtures();
        for (String id : open) {
            Fixture f = fixtures.remove(id);
            if (f != null) {
                f.close();
            }
        }
        return open;
    }

    @Override
    public void close() {
        http.stop(0);
        closeAllFixtures();
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int status;
        JsonNode answer;
        try {
            try {
                URI uri = exchange.getRequestURI();
                JsonNode body = readBody(exchange);
                Object result = route(exchange.getRequestMethod(), uri.getRawPath(), query(uri), body);
                status = result instanceof Created ? 201 : 200;
                answer = result instanceof Created c ? c.node() : (JsonNode) result;
            } catch (ControlException e) {
                status = e.status();
                answer = JSON.objectNode().put("error", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
                answer = JSON.objectNode().put("error", "control server shutting down");
            } catch (RuntimeException | Error e) {
                // A server that throws is what the suites are here to find: give Node the whole trace.
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                status = 500;
                answer = JSON.objectNode().put("error", e.toString()).put("trace", trace.toString());
            }
            byte[] bytes = MAPPER.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }

    /** A 201 answer. */
    private record Created(JsonNode node) {
    }

    private Object route(String method, String path, Map<String, String> query, JsonNode body)
            throws InterruptedException {
        String[] seg = path.replaceAll("^/+|/+$", "").split("/", -1);
        if (seg.length == 1 && !seg[0].isEmpty() && !seg[0].equals("servers")) {
            requireMethod(method, "POST", path);
            BiFunction<String, JsonNode, Fixture> kind = kinds.get(seg[0]);
            if (kind == null) {
                throw new ControlException(404, "unknown fixture kind " + seg[0] + " (known: " + kinds.keySet() + ")");
            }
            String id = String.valueOf(ids.incrementAndGet());
            Fixture fixture = kind.apply(id, body);
            fixtures.put(id, fixture);
            return new Created(fixture.describe());
        }
        if (seg[0].equals("servers")) {
            if (seg.length == 1) {
                requireMethod(method, "GET", path);
                ObjectNode out = JSON.objectNode();
                openFixtures().forEach(out.putArray("ids")::add);
                return out;
            }
            String id = seg[1];
            if (seg.length == 2) {
                requireMethod(method, "DELETE", path);
                Fixture f = fixtures.remove(id);
                if (f == null) {
                    throw new ControlException(404, "no server " + id);
                }
                return f.shutdown();
            }
            Fixture f = fixture(id);
            if (seg[2].equals("clients")) {
                Duration timeout = timeout(query);
                if (seg.length == 3) {
                    requireMethod(method, "GET", path);
                    if (query.containsKey("count")) {
                        f.awaitClientsCount(integer(query, "count"), timeout);
                    }
                    return f.clients();
                }
                String sid = URLDecoder.decode(seg[3], StandardCharsets.UTF_8);
                if (seg.length == 4) {
                    requireMethod(method, "GET", path);
                    ObjectNode state = f.client(sid, query.get("until"), timeout);
                    if (state == null) {
                        throw new ControlException(404, "server " + id + " never saw session " + sid);
                    }
                    return state;
                }
                if (seg.length == 5 && seg[4].equals("send")) {
                    requireMethod(method, "POST", path);
                    return JSON.objectNode().put("sent", f.send(sid, body));
                }
                if (seg.length == 5 && seg[4].equals("close")) {
                    requireMethod(method, "POST", path);
                    f.closeClient(sid);
                    return JSON.objectNode().put("closing", sid);
                }
            }
            return f.action(method, String.join("/", Arrays.copyOfRange(seg, 2, seg.length)), body);
        }
        throw new ControlException(404, "no route " + method + " " + path);
    }

    private Fixture fixture(String id) {
        Fixture f = fixtures.get(id);
        if (f == null) {
            throw new ControlException(404, "no server " + id + " (closed, or never created)");
        }
        return f;
    }

    private static void requireMethod(String method, String expected, String path) {
        if (!method.equals(expected)) {
            throw new ControlException(405, path + " takes " + expected + ", not " + method);
        }
    }

    private static Duration timeout(Map<String, String> query) {
        if (!query.containsKey("timeout")) {
            return Duration.ZERO;
        }
        Duration d = Duration.ofMillis(integer(query, "timeout"));
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    private static int integer(Map<String, String> query, String name) {
        try {
            return Integer.parseInt(query.get(name));
        } catch (NumberFormatException e) {
            throw new ControlException(400, name + " must be an integer, not " + query.get(name));
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            return JSON.objectNode();
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ControlException(400, "body is not JSON: " + e.getMessage());
        }
    }
}
