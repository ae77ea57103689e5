package dev.switchboard.server.docs;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Clients of the official Java client ({@code io.socket:socket.io-client}) for the documentation
 * tests, each on its own connection, all closed by {@link #close()} with their HTTP client.
 */
final class OfficialClients implements AutoCloseable {

    /** How long a test waits for anything the server should do. */
    static final long TIMEOUT_SECONDS = 10;

    private final OkHttpClient http = new OkHttpClient.Builder().build();
    private final List<Socket> sockets = new ArrayList<>();

    /**
     * A client of {@code url} (query included), not connected yet: the caller adds its listeners,
     * then calls {@link #connect(Socket)}.
     *
     * @param reconnect whether it retries until the server is up (a server starting in another JVM)
     */
    Socket socket(String url, boolean reconnect) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = reconnect;
        o.reconnectionDelay = 100;
        o.reconnectionDelayMax = 500;
        o.timeout = TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS);
        o.callFactory = http;
        o.webSocketFactory = http;
        Socket s = IO.socket(URI.create(url), o);
        sockets.add(s);
        return s;
    }

    /** Connects and waits for {@code connect}; fails with the error of {@code connect_error}. */
    static Socket connect(Socket socket, long timeoutSeconds) throws Exception {
        CompletableFuture<String> connected = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> connected.complete("connected"));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            if (!socket.io().reconnection()) {
                connected.complete("connect_error: " + (args.length > 0 ? args[0] : ""));
            }
        });
        socket.connect();
        String outcome = connected.get(timeoutSeconds, TimeUnit.SECONDS);
        if (!"connected".equals(outcome)) {
            throw new AssertionError(outcome);
        }
        return socket;
    }

    /** The first arguments of the next {@code event} on the socket, as a future. */
    static CompletableFuture<Object[]> next(Socket socket, String event) {
        CompletableFuture<Object[]> received = new CompletableFuture<>();
        socket.once(event, received::complete);
        return received;
    }

    @Override
    public void close() {
        sockets.forEach(Socket::close);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
