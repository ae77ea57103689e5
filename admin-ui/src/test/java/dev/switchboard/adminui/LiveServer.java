package dev.switchboard.adminui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.Await;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * A real {@link NettyServer} on a free loopback port serving a {@link SocketIoServer}, and official
 * Java clients ({@code io.socket:socket.io-client}) over WebSocket, which never reconnect: the
 * admin UI's connections are made as the UI makes them (namespace {@code /admin}, credentials in
 * {@code auth}).
 */
final class LiveServer implements AutoCloseable {

    final SocketIoServer io;
    private final NettyServer server;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    LiveServer() {
        this(SocketIoServer.builder().build());
    }

    LiveServer(SocketIoServer io) {
        this.io = io;
        this.server = NettyServer.create(io).eventLoopThreads(2).listen("127.0.0.1", 0);
    }

    int port() {
        return server.port();
    }

    /** A client of a namespace over WebSocket only, not yet connected. */
    Socket client(String nsp, Map<String, String> auth) {
        return client(nsp, auth, "websocket");
    }

    /**
     * A client of a namespace, not yet connected.
     *
     * @param transports the client's transports, e.g. polling then websocket to upgrade
     */
    Socket client(String nsp, Map<String, String> auth, String... transports) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = transports;
        o.callFactory = http;
        o.webSocketFactory = http;
        o.auth = auth;
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + server.port() + nsp), o);
        clients.add(s);
        return s;
    }

    /** A client of a namespace, connected: {@code connect} arrived. */
    Socket connect(String nsp, Map<String, String> auth) {
        Socket s = client(nsp, auth);
        assertThat(Await.await(outcome(s))).isEqualTo("connected");
        return s;
    }

    /** {@return "connected", or the message of the connect_error} once the client knows */
    static CompletableFuture<Object> outcome(Socket s) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        s.once(Socket.EVENT_CONNECT, args -> outcome.complete("connected"));
        s.once(Socket.EVENT_CONNECT_ERROR, args -> outcome.complete(
                args.length > 0 && args[0] instanceof org.json.JSONObject e ? e.optString("message") : String.valueOf(args[0])));
        s.connect();
        return outcome;
    }

    @Override
    public void close() {
        try {
            for (Socket s : clients) {
                s.close();
            }
            Await.await(io.close());
        } finally {
            server.close();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /**
     * What one client received, event by event: each name has its queue of argument arrays. Listen
     * before connecting: the server sends {@code config} and {@code all_sockets} right away.
     */
    static final class Inbox {
        private final Map<String, BlockingQueue<Object[]>> events = new ConcurrentHashMap<>();
        private final Socket socket;

        Inbox(Socket socket, String... names) {
            this.socket = socket;
            for (String name : names) {
                socket.on(name, args -> queue(name).add(args));
            }
        }

        private BlockingQueue<Object[]> queue(String name) {
            return events.computeIfAbsent(name, n -> new LinkedBlockingQueue<>());
        }

        /** {@return the arguments of the next {@code name} event} failing after {@link Await#TIMEOUT} */
        Object[] next(String name) {
            return Await.take(queue(name));
        }

        /** {@return whether a {@code name} event arrived and was not taken yet} */
        boolean has(String name) {
            return !queue(name).isEmpty();
        }

        Socket socket() {
            return socket;
        }
    }
}
