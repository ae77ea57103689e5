package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.TransportType;
import dev.switchboard.fixtures.ClosingWebSockets;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** The official Java client on one namespace, recording the events it is told to. */
final class TestClient implements AutoCloseable {

    static final long WAIT_SECONDS = 10;

    final Socket socket;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final CompletableFuture<String> disconnected = new CompletableFuture<>();

    TestClient(int port, String namespace, String... recorded) throws Exception {
        this(port, namespace, java.util.Map.of(), recorded);
    }

    /** A client that sends extra headers with its HTTP requests and its WebSocket handshake. */
    TestClient(int port, String namespace, java.util.Map<String, java.util.List<String>> headers, String... recorded)
            throws Exception {
        this(port, namespace, headers, null, recorded);
    }

    /** A client with extra headers on the given transports only ({@code null}: polling, then upgrade). */
    TestClient(int port, String namespace, java.util.Map<String, java.util.List<String>> headers,
            java.util.List<String> transports, String... recorded) throws Exception {
        IO.Options options = new IO.Options();
        if (transports != null) {
            options.transports = transports.toArray(String[]::new);
        }
        options.extraHeaders = headers;
        options.forceNew = true;
        options.reconnection = false;
        options.webSocketFactory = ClosingWebSockets.answeringCloseFrames(new OkHttpClient());
        socket = IO.socket(URI.create("http://127.0.0.1:" + port + namespace), options);
        for (String event : recorded) {
            socket.on(event, args -> events.add(event + " " + (args.length == 0 ? "" : String.valueOf(args[0]))));
        }
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
                new IllegalStateException("connect_error " + (args.length == 0 ? "" : args[0]))));
        socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(String.valueOf(args[0])));
        socket.connect();
        connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    String next() throws InterruptedException {
        String e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(e).as("an event").isNotNull();
        return e;
    }

    /** Emits and waits for the acknowledgement's first argument, as text. */
    String ask(String event, Object... args) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        socket.emit(event, args, reply -> answer.complete(reply.length == 0 ? "(none)" : String.valueOf(reply[0])));
        return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socket.close();
    }

    /**
     * Waits until every socket of the server's main namespace is on WebSocket. The shutdown tests
     * start from there: a client still upgrading when the server closes is a case of its own, not
     * settled yet (its close was seen to wait for the 10 s upgrade timeout).
     */
    static void awaitWebSocket(SocketIoServer io) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!onWebSocket(io) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (!onWebSocket(io)) {
            throw new AssertionError("sockets not upgraded to WebSocket within " + WAIT_SECONDS + " s");
        }
    }

    private static boolean onWebSocket(SocketIoServer io) {
        return io.sockets().sockets().values().stream().allMatch(s -> s.conn().transport() == TransportType.WEBSOCKET);
    }
}
