package dev.switchboard.redis;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The official Java client ({@code io.socket:socket.io-client} 2.1.2) with an inbox per event, so
 * tests wait for what they expect with a deadline and can check that nothing else came.
 */
final class TestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final Socket socket;
    private final String name;
    private final Map<String, BlockingQueue<Object[]>> inbox = new ConcurrentHashMap<>();
    private final CompletableFuture<String> connected = new CompletableFuture<>();
    private final CompletableFuture<String> disconnected = new CompletableFuture<>();

    private TestClient(String url, String name, String[] transports, java.net.InetAddress localAddress) {
        this.name = name;
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        if (transports != null) {
            options.transports = transports;
        }
        if (localAddress != null) {
            // Another loopback source address: lets a proxy that hashes client addresses tell clients apart.
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder()
                    .socketFactory(new BoundSocketFactory(localAddress))
                    .readTimeout(1, TimeUnit.MINUTES)
                    .build();
            options.callFactory = http;
            options.webSocketFactory = http;
        }
        socket = IO.socket(URI.create(url), options);
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(socket.id()));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
                new AssertionError(name + " could not connect: " + List.of(args))));
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : ""));
        // Answers every acknowledged "ask" with this client's name.
        socket.on("ask", args -> {
            record(args, "ask");
            if (args.length > 0 && args[args.length - 1] instanceof Ack ack) {
                ack.call(name);
            }
        });
    }

    /**
     * Connects a client and waits until it is connected.
     *
     * @param url e.g. {@code http://127.0.0.1:1234}
     * @param name answers "ask" with this
     * @param events the events to record
     * @return the client
     */
    static TestClient connect(String url, String name, String... events) {
        return connect(url, name, null, events);
    }

    /**
     * Connects a client over the given transports and waits until it is connected.
     *
     * @param url the server
     * @param name answers "ask" with this
     * @param transports e.g. {@code {"polling"}}, or {@code null} for the default (polling, then upgrade)
     * @param events the events to record
     * @return the client
     */
    static TestClient connect(String url, String name, String[] transports, String... events) {
        return connect(url, name, transports, null, events);
    }

    /**
     * Connects a client from a given local address over the given transports.
     *
     * @param url the server
     * @param name answers "ask" with this
     * @param transports the transports, or {@code null} for the default
     * @param localAddress the source address (e.g. 127.0.0.5), or {@code null} for any
     * @param events the events to record
     * @return the client
     */
    static TestClient connect(String url, String name, String[] transports, java.net.InetAddress localAddress,
            String... events) {
        TestClient client = new TestClient(url, name, transports, localAddress);
        for (String event : events) {
            client.socket.on(event, args -> client.record(args, event));
        }
        client.socket.connect();
        try {
            client.connected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            client.close();
            throw new AssertionError(name + " did not connect to " + url, e);
        }
        return client;
    }

    private void record(Object[] args, String event) {
        inbox.computeIfAbsent(event, k -> new LinkedBlockingQueue<>()).add(args);
    }

    /** The socket id. */
    String id() {
        return socket.id();
    }

    /** The client's name. */
    String name() {
        return name;
    }

    /** The underlying client socket. */
    Socket socket() {
        return socket;
    }

    /**
     * Waits for the next arrival of an event.
     *
     * @param event the event
     * @return its arguments
     */
    Object[] next(String event) {
        try {
            Object[] args = queue(event).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (args == null) {
                throw new AssertionError(name + " did not receive \"" + event + "\" within " + WAIT);
            }
            return args;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * What has arrived of an event and not been taken yet.
     *
     * @param event the event
     * @return the arguments of each arrival
     */
    List<Object[]> drain(String event) {
        List<Object[]> out = new java.util.ArrayList<>();
        queue(event).drainTo(out);
        return out;
    }

    private BlockingQueue<Object[]> queue(String event) {
        return inbox.computeIfAbsent(event, k -> new LinkedBlockingQueue<>());
    }

    /**
     * Emits an event and waits for the server's acknowledgement.
     *
     * @param event the event
     * @param args its arguments
     * @return the acknowledgement's arguments
     */
    Object[] emitWithAck(String event, Object... args) {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = (Ack) answer::complete;
        socket.emit(event, all);
        try {
            return answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(name + ": no acknowledgement of \"" + event + "\"", e);
        }
    }

    /** Waits until the server disconnects this client; returns the reason. */
    String awaitDisconnect() {
        try {
            return disconnected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(name + " was not disconnected", e);
        }
    }

    /** Whether the client is disconnected now. */
    boolean isDisconnected() {
        return disconnected.isDone();
    }

    /** Makes sockets bound to one local address. */
    private static final class BoundSocketFactory extends javax.net.SocketFactory {
        private final java.net.InetAddress local;

        BoundSocketFactory(java.net.InetAddress local) {
            this.local = local;
        }

        @Override
        public java.net.Socket createSocket() throws java.io.IOException {
            java.net.Socket s = new java.net.Socket();
            s.bind(new java.net.InetSocketAddress(local, 0));
            return s;
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
            return new java.net.Socket(host, port, local, 0);
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress l, int lp) throws java.io.IOException {
            return new java.net.Socket(host, port, l, lp);
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
            return new java.net.Socket(host, port, local, 0);
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port, java.net.InetAddress l, int lp)
                throws java.io.IOException {
            return new java.net.Socket(host, port, l, lp);
        }
    }

    @Override
    public void close() {
        socket.off();
        socket.close();
    }
}
