package dev.switchboard.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for one test class: started on a free loopback port in a temporary
 * directory, without persistence, and stopped (its directory deleted) by {@link #close()}. It can
 * be stopped and started again on the same port to test reconnection.
 *
 * <p>When {@code redis-server} is not installed the test fails and says what to install; it is
 * never skipped.
 */
final class RedisServer implements AutoCloseable {

    static final String MISSING = "redis-server is needed: apt-get install redis-server";

    private final Path dir;
    private final int port;
    private final List<String> log = new ArrayList<>();
    private Process process;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server on a free port. */
    static RedisServer start() {
        String version = version();
        if (version == null) {
            throw new AssertionError(MISSING);
        }
        try {
            RedisServer server = new RedisServer(Files.createTempDirectory("switchboard-redis"), freePort());
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version line of the installed server, or {@code null} when it is missing. */
    static String version() {
        try {
            Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The URI to give the adapter, e.g. {@code redis://127.0.0.1:41234}. */
    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The port. */
    int port() {
        return port;
    }

    private synchronized void startProcess() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "notice")
                .redirectErrorStream(true);
        Process p = pb.start();
        process = p;
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.add(line);
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.countDown(); // ended: let the waiter see it
        }, "redis-server-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(15, TimeUnit.SECONDS) || !p.isAlive()) {
                throw new AssertionError("redis-server did not start on port " + port + ": " + logText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Sends one inline command on a fresh connection and returns the first reply line, or
     * {@code null} when the server cannot be reached.
     *
     * @param command e.g. {@code "PUBSUB NUMSUB socket.io-request#/#"}
     * @return the first line of the reply
     */
    String command(String command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            return r.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A number from {@code INFO}, e.g. {@code total_reads_processed} of section {@code stats}.
     *
     * @param section the INFO section
     * @param field the field
     * @return its value
     */
    long info(String section, String field) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(("INFO " + section + "\r\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim());
                }
            }
            throw new AssertionError("INFO " + section + " has no " + field);
        } catch (IOException e) {
            throw new AssertionError("INFO " + section + " failed", e);
        }
    }

    /**
     * Waits up to 10 s for Redis's {@code connected_clients} to come down to {@code count} (the
     * connection asking counts as one).
     *
     * @param count the number expected
     * @return the number at the end of the wait
     */
    long awaitConnectedClients(long count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long now = info("clients", "connected_clients");
        while (now > count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            now = info("clients", "connected_clients");
        }
        return now;
    }

    /**
     * The reply of a command whose reply is an array of bulk strings and integers, as lines.
     *
     * @param command the inline command
     * @return the elements
     */
    List<String> arrayCommand(String command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String head = r.readLine();
            if (head == null || !head.startsWith("*")) {
                throw new AssertionError("unexpected reply to " + command + ": " + head);
            }
            int n = Integer.parseInt(head.substring(1));
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String line = r.readLine();
                if (line.startsWith("$")) {
                    out.add(r.readLine());
                } else {
                    out.add(line.substring(1));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A RESP command as bytes: an array of bulk strings. */
    private static byte[] resp(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("*" + parts.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (byte[] p : parts) {
            out.writeBytes(("$" + p.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /**
     * Publishes raw bytes, as another process would.
     *
     * @param channel the channel
     * @param message the payload
     * @return the number of receivers
     */
    long publish(String channel, byte[] message) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(resp("PUBLISH".getBytes(StandardCharsets.UTF_8),
                    channel.getBytes(StandardCharsets.UTF_8), message));
            String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return Long.parseLong(reply.substring(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Subscribes a channel on a raw connection, to watch what servers publish.
     *
     * @param channel the channel
     * @return the subscription; close it to unsubscribe
     */
    Subscription subscribe(String channel) {
        return new Subscription(port, channel);
    }

    /** A raw subscriber connection: {@link #next()} returns each message's payload. */
    static final class Subscription implements AutoCloseable {
        private final Socket socket;
        private final java.io.DataInputStream in;

        Subscription(int port, String channel) {
            try {
                socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(resp("SUBSCRIBE".getBytes(StandardCharsets.UTF_8),
                        channel.getBytes(StandardCharsets.UTF_8)));
                in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
                readArray(); // the subscription confirmation
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The payload of the next message (waits up to 10 s). */
        byte[] next() {
            try {
                List<byte[]> push = readArray();
                return push.get(2);
            } catch (IOException e) {
                throw new AssertionError("no message on the raw subscription", e);
            }
        }

        private List<byte[]> readArray() throws IOException {
            String head = line();
            int n = Integer.parseInt(head.substring(1));
            List<byte[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String item = line();
                if (item.startsWith("$")) {
                    byte[] bytes = new byte[Integer.parseInt(item.substring(1))];
                    in.readFully(bytes);
                    in.readFully(new byte[2]);
                    out.add(bytes);
                } else {
                    out.add(item.substring(1).getBytes(StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                b.append((char) c);
            }
            in.read();
            return b.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** Stops the server abruptly (SIGKILL): connections drop without a goodbye. */
    synchronized void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server again on the same port, after {@link #kill()}. */
    synchronized void restart() {
        if (process != null) {
            throw new IllegalStateException("still running");
        }
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logText() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        Process p;
        synchronized (this) {
            p = process;
            process = null;
        }
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
