package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in its own process, started (pinned) by the runner and spoken to over
 * {@link ControlLine}: its port, its memory after GC, and from {@code /proc} its CPU time and RSS.
 */
public final class ServerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Memory of a server after garbage collection.
     *
     * @param heap heap in use (V8 heap for Node), bytes
     * @param direct off-heap buffers (Netty and JDK direct buffers; Node's "external"), bytes
     * @param rss resident set size, bytes
     * @param leaks buffers Netty's leak detector found unreleased so far, -1 where not counted (see
     *     {@link LeakCounter})
     */
    public record Memory(long heap, long direct, long rss, long leaks) {
        /** Heap plus direct memory. */
        public long heapAndDirect() {
            return heap + direct;
        }
    }

    private final ServerKind kind;
    private final Process process;
    private final Writer control;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path log;

    private ServerProcess(ServerKind kind, Process process, Path log) {
        this.kind = kind;
        this.process = process;
        this.log = log;
        this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    }

    /**
     * Starts a server and waits until it listens.
     *
     * @param kind which server
     * @param env how to start it
     * @param name a name for its log file
     * @return the running server
     * @throws IOException if it cannot be started or does not come up within 60 seconds
     */
    public static ServerProcess start(ServerKind kind, BenchEnv env, String name) throws IOException {
        return start(kind, env, name, env.command(kind), Map.of());
    }

    /**
     * Starts a server process of one's own command (the chat demo, a cluster node) and waits until
     * it listens.
     *
     * @param kind which server it is (Node runs in the Node baseline's directory)
     * @param env how servers are started
     * @param name a name for its log file
     * @param command the command line, pinning included
     * @param environment extra environment variables
     * @return the running server
     * @throws IOException if it cannot be started or does not come up within 60 seconds
     */
    public static ServerProcess start(ServerKind kind, BenchEnv env, String name, List<String> command,
                                      Map<String, String> environment) throws IOException {
        Files.createDirectories(env.logDir());
        Path log = env.logDir().resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment);
        if (kind == ServerKind.NODE) {
            pb.directory(env.nodeDir().toFile());
        }
        ServerProcess server = new ServerProcess(kind, pb.start(), log);
        server.readOutput();
        try {
            server.port.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new IOException(kind.label() + " did not start (" + String.join(" ", command) + "); see " + log
                    + tail(log), e);
        }
        return server;
    }

    private void readOutput() {
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        port.complete(Integer.parseInt(line.substring(6).trim()));
                    } else if (line.startsWith("MEM ")) {
                        replies.add(line.substring(4));
                    } else {
                        Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
            port.completeExceptionally(new IOException("server output ended"));
        }, "bench-" + kind.id() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Which server this is. */
    public ServerKind kind() {
        return kind;
    }

    /** Its process id (the pinned process itself: taskset execs it). */
    public long pid() {
        return process.pid();
    }

    /** Where it listens. */
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port.join());
    }

    /** Whether it is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** CPU time it has used, in nanoseconds. */
    public long cpuNanos() {
        return Proc.cpuNanos(pid());
    }

    /** CPU time its JIT compiler threads have used, in nanoseconds (0 for Node); see {@link Proc#compilerCpuNanos}. */
    public long compilerCpuNanos() {
        return Proc.compilerCpuNanos(pid());
    }

    /** Its resident set size now, in bytes. */
    public long rss() {
        return Proc.rssBytes(pid());
    }

    /**
     * Asks it to collect garbage and report its memory; RSS is read from {@code /proc} right after.
     *
     * @return its memory
     * @throws IOException if it does not answer within 120 seconds
     */
    public Memory memory() throws IOException {
        replies.clear();
        control.write("mem\n");
        control.flush();
        String reply;
        try {
            reply = replies.poll(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (reply == null) {
            throw new IOException(kind.label() + " did not report its memory" + (alive() ? "" : " (it exited)"));
        }
        JsonNode m = JSON.readTree(reply);
        if (m.has("error")) {
            throw new IOException(kind.label() + ": " + m.get("error").asText());
        }
        long rss = rss();
        return new Memory(m.get("heap").asLong(), m.get("direct").asLong(), rss > 0 ? rss : m.get("rss").asLong(),
                m.path("leaks").asLong(-1));
    }

    /** Stops it: {@code quit}, then a kill if it lingers. */
    @Override
    public void close() {
        try {
            control.write("quit\n");
            control.flush();
            control.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
