package dev.switchboard.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.thread.EventThread;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * A real {@link NettyServer} on a free port of 127.0.0.1 serving a {@link SocketIoServer}, and the
 * official Java clients ({@code io.socket:socket.io-client} 2.1.2) that tests open against it.
 *
 * <p>Every client shares one OkHttp client owned here, so closing the fixture stops the client
 * threads too. Clients never reconnect (a reconnection would hide what the server did) and give up
 * connecting after {@link #TIMEOUT}. The Java client calls its listeners on its one
 * {@code EventThread}: they only hand values to queues and futures that the test thread awaits with
 * {@link #TIMEOUT}.
 */
final class SocketIoFixture implements AutoCloseable {

    /** How long any wait in these tests may take before it fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final SocketIoServer io;
    private final NettyServer server;
    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            // A poll waits up to pingInterval for data: longer than any test, never cut short.
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .build();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    private SocketIoFixture(SocketIoServer io, NettyServer server) {
        this.io = io;
        this.server = server;
    }

    /** A server with socket.io's defaults. */
    static SocketIoFixture start() {
        return start(b -> { });
    }

    /**
     * A server with options.
     *
     * @param config edits the server's builder
     * @return the running fixture
     */
    static SocketIoFixture start(Consumer<SocketIoServer.Builder> config) {
        SocketIoServer.Builder builder = SocketIoServer.builder();
        config.accept(builder);
        SocketIoServer io = builder.build();
        // Two loops, so clients land on different loops and broadcasts cross them.
        NettyServer server = NettyServer.create(io).eventLoopThreads(2).listen("127.0.0.1", 0);
        return new SocketIoFixture(io, server);
    }

    int port() {
        return server.port();
    }

    /** The OkHttp client every Java client here uses. */
    OkHttpClient http() {
        return http;
    }

    /** The URL of a namespace, as the client takes it. */
    URI uri(String nsp) {
        return URI.create("http://127.0.0.1:" + port() + nsp);
    }

    /** Client options: a new connection over the transport, no reconnection, this fixture's OkHttp. */
    IO.Options options(ClientTransport transport) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = transport.transports();
        o.timeout = TIMEOUT.toMillis();
        o.callFactory = http;
        o.webSocketFactory = http;
        return o;
    }

    /** A client of a namespace on its own connection, not connected yet. */
    Socket socket(ClientTransport transport, String nsp) {
        return socket(nsp, options(transport));
    }

    /** A client of a namespace with the given options, not connected yet. */
    Socket socket(String nsp, IO.Options options) {
        Socket s = IO.socket(uri(nsp), options);
        clients.add(s);
        return s;
    }

    /**
     * A manager (one Engine.IO connection) whose sockets share it, one per namespace; sockets made
     * with {@link #socket(Manager, String, Map)} are closed with the fixture.
     */
    Manager manager(ClientTransport transport) {
        return new Manager(uri("/"), options(transport));
    }

    /** A socket of a namespace on a shared manager, not connected yet. */
    Socket socket(Manager manager, String nsp, Map<String, String> auth) {
        IO.Options o = new IO.Options();
        o.auth = auth;
        Socket s = manager.socket(nsp, o);
        clients.add(s);
        return s;
    }

    /** A connected client of a namespace; fails with the connect error if it is refused. */
    Socket connect(ClientTransport transport, String nsp) {
        return connect(socket(transport, nsp));
    }

    /**
     * Connects a client and waits for {@code connect}.
     *
     * @param socket the client, listeners already on it
     * @return the socket
     * @throws AssertionError with the error when {@code connect_error} comes instead
     */
    static Socket connect(Socket socket) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> outcome.complete("connected"));
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> outcome.complete(args.length > 0 ? args[0] : null));
        socket.connect();
        Object result = await(outcome);
        assertThat(result).as("connect, not connect_error").isEqualTo("connected");
        return socket;
    }

    /**
     * Connects a client that the server is expected to refuse.
     *
     * @return the {@code connect_error} argument
     */
    static Object connectError(Socket socket) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        socket.once(Socket.EVENT_CONNECT, args -> outcome.completeExceptionally(
                new AssertionError("connected, but a connect_error was expected")));
        socket.once(Socket.EVENT_CONNECT_ERROR, args -> outcome.complete(args.length > 0 ? args[0] : null));
        socket.connect();
        return await(outcome);
    }

    /** A queue receiving each socket that connects to a namespace of the server, from now on. */
    BlockingQueue<dev.switchboard.socketio.Socket> serverSockets(String nsp) {
        BlockingQueue<dev.switchboard.socketio.Socket> q = new LinkedBlockingQueue<>();
        io.of(nsp).onConnection(q::add);
        return q;
    }

    /**
     * Asserts the server still serves a new Java client: it connects to {@code /}, receives an
     * event from the server, gets its own event acknowledged, and leaves. For after bad input.
     */
    void assertServesFreshClient() {
        io.socket.client.Socket client = socket(ClientTransport.UPGRADE, "/");
        Inbox inbox = Inbox.of(client);
        connect(client);
        dev.switchboard.socketio.Socket s = io.sockets().socket(client.id());
        assertThat(s).as("the fresh client's server socket").isNotNull();
        s.on("fresh ping", (args, ack) -> ack.send("fresh pong"));
        io.to(client.id()).emit("fresh hello");
        assertThat(inbox.next("fresh hello").args()).isEmpty();
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("fresh ping", new Object[0], answer::complete);
        assertThat(await(answer)).containsExactly("fresh pong");
        CompletableFuture<Void> left = new CompletableFuture<>();
        s.onDisconnect((reason, description) -> left.complete(null));
        client.close();
        await(left);
    }

    /**
     * Completes when the Engine.IO session of {@code sid} has closed and its close listeners ran;
     * call while it is still open.
     */
    CompletableFuture<Void> engineClosed(String sid) {
        dev.switchboard.engineio.EngineSocket conn = io.engine().client(sid);
        assertThat(conn).as("session " + sid).isNotNull();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        conn.onClose((reason, description) -> closed.complete(null));
        return closed;
    }

    /** Asserts the session of {@code sid} closes and leaves the engine's registry. */
    void assertSessionGone(CompletableFuture<Void> engineClosed, String sid) {
        await(engineClosed);
        assertThat(io.engine().client(sid)).as("session " + sid + " still registered").isNull();
    }

    /** Closes the clients, lets the client thread finish their closing, then stops the server. */
    @Override
    public void close() {
        try {
            for (Socket s : clients) {
                s.close();
            }
            // The client's EventThread runs tasks in order: once this one ran, so did the closes.
            CountDownLatch flushed = new CountDownLatch(1);
            EventThread.exec(flushed::countDown);
            await(flushed);
        } finally {
            try {
                server.close();
            } finally {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }
    }

    // ---- waiting ---------------------------------------------------------------------------------

    /** The next element of a queue, waiting at most {@link #TIMEOUT}. */
    static <T> T take(BlockingQueue<T> queue) {
        try {
            T value = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(value).as("a value within " + TIMEOUT).isNotNull();
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A future's value, waiting at most {@link #TIMEOUT}; its failure is rethrown unwrapped if unchecked. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("nothing within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The failure of a future that must fail within {@link #TIMEOUT}. */
    static Throwable awaitFailure(CompletableFuture<?> future) {
        try {
            Object value = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("completed with " + value + " instead of failing");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no outcome within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a latch, at most {@link #TIMEOUT}. */
    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("latch released within " + TIMEOUT).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- org.json of 2009, whose accessors throw a checked exception -----------------------------

    /** An object of name-value pairs, in order. */
    static JSONObject json(Object... nameValues) {
        JSONObject o = new JSONObject();
        try {
            for (int i = 0; i < nameValues.length; i += 2) {
                o.put((String) nameValues[i], nameValues[i + 1]);
            }
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return o;
    }

    /** An array of values. */
    static JSONArray array(Object... values) {
        JSONArray a = new JSONArray();
        for (Object v : values) {
            a.put(v);
        }
        return a;
    }

    /** A member of an object; fails if missing. */
    static Object get(JSONObject o, String name) {
        try {
            return o.get(name);
        } catch (JSONException e) {
            throw new AssertionError("no \"" + name + "\" in " + o, e);
        }
    }

    /** An element of an array; fails if missing. */
    static Object get(JSONArray a, int index) {
        try {
            return a.get(index);
        } catch (JSONException e) {
            throw new AssertionError("no element " + index + " in " + a, e);
        }
    }
}
