package dev.switchboard.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian package {@code postgresql}) for one test class: a fresh
 * cluster in a temporary directory ({@code initdb}, trust authentication, user {@code postgres})
 * on a free loopback port, stopped and deleted at the end. {@code initdb} refuses to run as root,
 * so as root the server runs as the {@code postgres} user. Missing binaries fail the test with
 * what to install; the suite is never skipped.
 */
final class PostgresServer implements AutoCloseable {

    static final String MISSING = "PostgreSQL is needed: apt-get install postgresql";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private final List<String> log = new ArrayList<>();
    private Process process;

    private PostgresServer(Path dir, Path bin, int port, boolean asPostgresUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates a cluster and starts it. */
    static PostgresServer start() {
        Path bin = binaries();
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("switchboard-postgres");
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            PostgresServer server = new PostgresServer(dir, bin, freePort(), root);
            server.initdb();
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new AssertionError(MISSING));
        } catch (IOException e) {
            throw new AssertionError(MISSING + " (" + e.getMessage() + ")");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private List<String> command(String... args) {
        List<String> out = new ArrayList<>();
        if (asPostgresUser) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(List.of(args));
        return out;
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void initdb() throws IOException {
        run(command(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-sync"));
    }

    private synchronized void startProcess() throws IOException {
        Process p = new ProcessBuilder(command(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off")).redirectErrorStream(true).start();
        p.getOutputStream().close();
        process = p;
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.add(line);
                    }
                    if (line.contains("ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the server stopped
            }
        }, "postgres-log");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("postgres did not start:\n" + String.join("\n", log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The URL a client connects with, as {@code DATABASE_URL} would be written. */
    String url() {
        return "postgres://postgres@127.0.0.1:" + port + "/postgres";
    }

    /** The port. */
    int port() {
        return port;
    }

    /** Stops the server abruptly (SIGKILL to the postmaster): connections drop without a goodbye. */
    synchronized void kill() {
        Path pidFile = dir.resolve("data").resolve("postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (process != null) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            // The children notice the postmaster's death and exit; the pid file stays behind.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine().orElse("").contains(dir.toString()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server again on the same port and data, after {@link #kill()}. */
    synchronized void restart() {
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
