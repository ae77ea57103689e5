package dev.switchboard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy to a Redis server that holds every new connection for a while before it
 * forwards anything, so that a client's connections are reliably still being made when a test
 * acts. Bytes then flow unchanged both ways.
 */
final class SlowConnectProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int redisPort;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private SlowConnectProxy(int redisPort, long delayMillis) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.redisPort = redisPort;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        daemon("slow-proxy-accept", this::accept);
    }

    /**
     * Starts a proxy.
     *
     * @param redis where to forward
     * @param delayMillis how long each new connection waits before anything is forwarded
     * @return the proxy
     * @throws IOException if it cannot listen
     */
    static SlowConnectProxy start(RedisServer redis, long delayMillis) throws IOException {
        return new SlowConnectProxy(redis.port(), delayMillis);
    }

    /** The URI to give the adapter. */
    String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                daemon("slow-proxy-conn", () -> connect(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        LockSupport.parkNanos(delayNanos);
        try {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), redisPort);
            sockets.add(upstream);
            daemon("slow-proxy-up", () -> pump(client, upstream));
            pump(upstream, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(SlowConnectProxy::closeQuietly);
    }
}
