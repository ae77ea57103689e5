package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the bench's own for the cluster scenario: a free loopback port, no
 * persistence, pinned with the servers (its CPU is what the scenario measures), stopped after.
 */
public final class RedisProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts one and waits until it accepts connections.
     *
     * @param env whether to pin
     * @return the running server
     * @throws IOException if redis-server is missing or does not start within 15 seconds
     */
    public static RedisProcess start(BenchEnv env) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>();
        if (env.pin()) {
            cmd.addAll(List.of("taskset", "-c", Integer.toString(BenchEnv.SERVER_CORE)));
        }
        cmd.addAll(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("the cluster scenario needs redis-server (apt-get install redis-server)", e);
        }
        RedisProcess redis = new RedisProcess(p, port);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                while (r.readLine() != null) {
                    // drained so the server never blocks on its output
                }
            } catch (IOException e) {
                // ended
            }
        }, "bench-redis-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && ready.getCount() > 0) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                ready.countDown();
            } catch (IOException e) {
                Measure.pause(50);
            }
        }
        if (ready.getCount() > 0) {
            redis.close();
            throw new IOException("redis-server did not start on port " + port);
        }
        return redis;
    }

    /** Its URI for the adapters. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * CPU time it has used, in nanoseconds, from its own {@code INFO cpu} (getrusage, microsecond
     * resolution: /proc's clock ticks of 10 ms are too coarse for a few milliseconds per burst);
     * from /proc if INFO does not answer.
     */
    public long cpuNanos() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("INFO cpu\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            double seconds = 0;
            int found = 0;
            String line;
            while (found < 2 && (line = r.readLine()) != null) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                    found++;
                }
            }
            if (found == 2) {
                return (long) (seconds * 1e9);
            }
        } catch (IOException | NumberFormatException e) {
            // below
        }
        return Proc.cpuNanos(process.pid());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
