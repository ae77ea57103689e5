package dev.switchboard.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Node peer of the cluster suites ({@code redis-adapter/node/peer.mjs}, shared with the Redis
 * suites) as a child process: here a socket.io 4.8 server with {@code @socket.io/postgres-adapter}
 * 0.5 and official {@code socket.io-client} connections, driven by JSON lines. Needs Node 18+ and npm; runs
 * {@code npm ci} when the peer's {@code node_modules} is missing or older than its lockfile. Missing
 * tools fail the test with what to install.
 */
final class NodePeer implements AutoCloseable {

    static final String MISSING_NODE = "Node 18+ and npm are needed for the mixed-cluster and emitter tests:"
            + " apt-get install nodejs npm";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    private final Process process;
    private final OutputStream stdin;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final StringBuilder stderr = new StringBuilder();

    private NodePeer(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread out = new Thread(this::readReplies, "node-peer-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                    System.err.println("[node-peer] " + line);
                }
            } catch (IOException ignored) {
                // ended
            }
        }, "node-peer-stderr");
        err.setDaemon(true);
        err.start();
    }

    /** The peer's directory (package.json, lockfile, peer.mjs). */
    static Path dir() {
        String dir = System.getProperty("postgres.nodeDir");
        return dir != null ? Path.of(dir) : Path.of("node").toAbsolutePath();
    }

    /** Starts a peer, installing its packages first when needed. */
    static NodePeer start() {
        ensureInstalled();
        try {
            Process p = new ProcessBuilder("node", "peer.mjs").directory(dir().toFile()).start();
            NodePeer peer = new NodePeer(p);
            peer.ready.get(30, TimeUnit.SECONDS);
            return peer;
        } catch (IOException e) {
            throw new AssertionError(MISSING_NODE + " (" + e.getMessage() + ")");
        } catch (Exception e) {
            throw new AssertionError("the Node peer did not start", e);
        }
    }

    private static synchronized void ensureInstalled() {
        Path dir = dir();
        if (run(dir, "node", "--version") != 0 || run(dir, "npm", "--version") != 0) {
            throw new AssertionError(MISSING_NODE);
        }
        Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
        try {
            if (Files.exists(installed)
                    && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (run(dir, "npm", "ci", "--no-audit", "--no-fund") != 0) {
            throw new AssertionError("npm ci failed in " + dir);
        }
    }

    private static int run(Path dir, String... command) {
        try {
            // Not our stdin: it is surefire's command channel, and node leaves an inherited
            // stdin non-blocking, which makes the test JVM's reader fail with EAGAIN.
            Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO()
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void readReplies() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode message = MAPPER.readTree(line);
                if (message.has("ready")) {
                    ready.complete(null);
                    continue;
                }
                CompletableFuture<JsonNode> f = pending.remove(message.path("id").asLong(-1));
                if (f == null) {
                    continue;
                }
                if (message.path("ok").asBoolean()) {
                    f.complete(message.get("result"));
                } else {
                    f.completeExceptionally(new AssertionError("Node peer: " + message.path("error").asText()));
                }
            }
        } catch (IOException ignored) {
            // ended
        }
        AssertionError gone = new AssertionError("the Node peer exited: " + stderrText());
        ready.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    private String stderrText() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /**
     * Sends a command and waits for its reply.
     *
     * @param cmd the command name
     * @param fields its fields
     * @return the result
     */
    JsonNode call(String cmd, ObjectNode fields) {
        long id = ids.incrementAndGet();
        ObjectNode request = fields == null ? N.objectNode() : fields.deepCopy();
        request.put("id", id);
        request.put("cmd", cmd);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (stdin) {
                stdin.write((MAPPER.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            return reply.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError("Node peer: no reply to " + cmd, e);
        }
    }

    /** Builds a command's fields. */
    static ObjectNode fields(Object... keyValues) {
        ObjectNode out = N.objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.set((String) keyValues[i], MAPPER.valueToTree(keyValues[i + 1]));
        }
        return out;
    }

    /** Arguments for the peer: byte arrays become {@code {"$bin": base64}}. */
    static ArrayNode args(Object... values) {
        ArrayNode out = N.arrayNode();
        for (Object v : values) {
            if (v instanceof byte[] b) {
                out.addObject().put("$bin", Base64.getEncoder().encodeToString(b));
            } else {
                out.add(MAPPER.valueToTree(v));
            }
        }
        return out;
    }

    /** The bytes of a {@code {"$bin": base64}} value. */
    static byte[] bin(JsonNode value) {
        if (value == null || !value.has("$bin")) {
            throw new AssertionError("not binary: " + value);
        }
        return Base64.getDecoder().decode(value.get("$bin").asText());
    }

    /** Starts the peer's socket.io server on the Postgres adapter and returns its URL. */
    String startServer(String postgresUrl) {
        int port = call("startServer", fields("postgresUrl", postgresUrl, "mode", "postgres")).path("port").asInt();
        return "http://127.0.0.1:" + port;
    }

    /** Connects an official JS client named {@code name} recording {@code events}; returns its id. */
    String connectClient(String name, String url, String... events) {
        return call("connectClient", fields("name", name, "url", url, "events", events)).path("id").asText();
    }

    /** The next arrival of an event at a JS client (its arguments). */
    JsonNode nextEvent(String name, String event) {
        return call("nextEvent", fields("name", name, "event", event));
    }

    /** What a JS client received of an event and did not take yet. */
    JsonNode drainEvents(String name, String event) {
        return call("drainEvents", fields("name", name, "event", event));
    }

    @Override
    public void close() {
        try {
            call("shutdown", null);
        } catch (AssertionError ignored) {
            // it may exit before answering
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
