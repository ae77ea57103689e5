package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.ConnectionError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.TransportType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@link NettyServer} on 127.0.0.1 with an Engine.IO server that echoes every message, and
 * the client-side helpers the end-to-end suites share. Records each session's close reason and
 * every refused request.
 */
final class EchoServer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern OPEN = Pattern.compile("^0\\{\"sid\":\"([A-Za-z0-9_-]{20})\",");

    final EngineIoServer engine;
    final NettyServer server;
    final HttpClient http;
    final ConcurrentMap<String, CompletableFuture<Closed>> closes = new ConcurrentHashMap<>();
    final BlockingQueue<ConnectionError> errors = new LinkedBlockingQueue<>();

    /**
     * How a session ended.
     *
     * @param reason the reason
     * @param description the detail
     */
    record Closed(CloseReason reason, String description) {
    }

    private EchoServer(int threads, EngineIoOptions options) {
        engine = EngineIoServer.create(options);
        engine.onConnection(socket -> {
            CompletableFuture<Closed> closed = closedFuture(socket.id());
            socket.onClose((reason, description) -> closed.complete(new Closed(reason, description)));
            socket.onMessage(socket::send);
        });
        engine.onConnectionError(errors::add);
        server = NettyServer.create(engine).eventLoopThreads(threads).listen("127.0.0.1", 0);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    static EchoServer start() {
        return start(b -> b);
    }

    /** A server with two event loops, so that a session and a request may be on different ones. */
    static EchoServer start(UnaryOperator<EngineIoOptions.Builder> config) {
        return start(2, config);
    }

    /**
     * A server with a number of event loops. With one, every connection and session shares a
     * thread, so a response on one connection proves the loop has handled everything read
     * before on any other.
     */
    static EchoServer start(int threads, UnaryOperator<EngineIoOptions.Builder> config) {
        return new EchoServer(threads, config.apply(EngineIoOptions.builder()).build());
    }

    /** Asks the session's own loop whether a poll is waiting (the session can write). */
    boolean pollPending(String sid) {
        EngineSocket s = engine.client(sid);
        try {
            return s != null && s.executor().submit(s::isWritable).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until a poll of the session is pending. */
    void awaitPollPending(String sid) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!pollPending(sid)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no poll pending on " + sid + " within " + TIMEOUT);
            }
            Thread.yield();
        }
    }

    int port() {
        return server.port();
    }

    /** The Engine.IO URL with a query. */
    URI uri(String query) {
        return URI.create("http://127.0.0.1:" + port() + "/engine.io/?" + query);
    }

    /** The WebSocket URL with a query. */
    URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + port() + "/engine.io/?" + query);
    }

    static String polling(String sid) {
        return "EIO=4&transport=polling&sid=" + sid;
    }

    HttpResponse<String> get(String query, String... headers) {
        return send(HttpRequest.newBuilder(uri(query)).GET(), headers);
    }

    /** A POST as engine.io-client sends it: {@code text/plain;charset=UTF-8}. */
    HttpResponse<String> post(String query, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(query)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (!hasHeader("content-type", headers)) {
            b.header("Content-Type", "text/plain;charset=UTF-8");
        }
        return send(b, headers);
    }

    HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> getAsync(String query) {
        return http.sendAsync(HttpRequest.newBuilder(uri(query)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean hasHeader(String name, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The sid of an open packet, after checking its shape. */
    static String sidOf(String openPacket) {
        Matcher m = OPEN.matcher(openPacket);
        assertThat(m.find()).as("an open packet: %s", openPacket).isTrue();
        return m.group(1);
    }

    /** The open packet this server sends for a polling session with this sid. */
    String openPacket(String sid, String upgrades) {
        EngineIoOptions o = engine.options();
        return "0{\"sid\":\"" + sid + "\",\"upgrades\":" + upgrades + ",\"pingInterval\":"
                + o.pingInterval().toMillis() + ",\"pingTimeout\":" + o.pingTimeout().toMillis()
                + ",\"maxPayload\":" + o.maxHttpBufferSize() + "}";
    }

    /** Opens a polling session and returns its sid. */
    String handshake() {
        HttpResponse<String> res = get("EIO=4&transport=polling&t=abc");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        String sid = sidOf(res.body());
        String initial = engine.options().initialPacket();
        assertThat(res.body()).isEqualTo(openPacket(sid, "[\"websocket\"]")
                + (initial == null ? "" : "\u001e4" + initial));
        return sid;
    }

    /** Sends a polling payload and asserts the server's {@code ok}. */
    void postOk(String sid, String payload) {
        HttpResponse<String> res = post(polling(sid), payload);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("ok");
    }

    /** Sends a message and polls its echo. */
    void assertEchoes(String sid, String text) {
        postOk(sid, "4" + text);
        HttpResponse<String> res = get(polling(sid));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("4" + text);
    }

    /** Asserts a request with this sid is refused as unknown, as after a session ended. */
    void assertUnknownSid(String sid) {
        HttpResponse<String> res = get(polling(sid));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    }

    /** Closes a polling session the way a client does: a POST with {@code 1}. */
    void closeSession(String sid) {
        postOk(sid, "1");
        assertThat(awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    CompletableFuture<Closed> closedFuture(String sid) {
        return closes.computeIfAbsent(sid, k -> new CompletableFuture<>());
    }

    /** Waits for a session to end. */
    Closed awaitClose(String sid) {
        try {
            return closedFuture(sid).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("session " + sid + " did not close within " + TIMEOUT, e);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a session is still open. */
    void assertOpen(String sid) {
        assertThat(engine.client(sid)).as("session %s", sid).isNotNull();
        assertThat(closedFuture(sid)).isNotDone();
    }

    /** Waits until no session is open (sessions end on the event loops, shortly after their clients). */
    void awaitNoClients() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (engine.clientsCount() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still open after " + TIMEOUT + ": " + engine.clients());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Asserts the server still serves a new client from handshake to close, then that no session
     * is left: what every bad-input test checks at its end.
     */
    void assertServesFreshClient() {
        if (engine.options().transports().contains(TransportType.POLLING)) {
            String sid = handshake();
            assertEchoes(sid, "fresh client");
            closeSession(sid);
        } else {
            try (RawWebSocket ws = RawWebSocket.open(port(), "/engine.io/?EIO=4&transport=websocket")) {
                String sid = sidOf(ws.readFrame().text());
                ws.sendText("4fresh client");
                ws.expectText("4fresh client");
                ws.sendClose(1000);
                ws.expectClose(1000);
                assertThat(awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
            }
        }
        awaitNoClients();
    }

    @Override
    public void close() {
        server.close();
    }
}
