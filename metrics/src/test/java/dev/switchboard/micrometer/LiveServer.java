package dev.switchboard.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * A real {@link NettyServer} on a free loopback port serving a {@link SocketIoServer}, and official
 * Java clients ({@code io.socket:socket.io-client}) over WebSocket, which never reconnect.
 */
final class LiveServer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final SocketIoServer io = SocketIoServer.builder().build();
    private final NettyServer server = NettyServer.create(io).eventLoopThreads(2).listen("127.0.0.1", 0);
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    /** A client of a namespace, connected: {@code connect} arrived. */
    Socket connect(String nsp) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = new String[] {"websocket"};
        o.callFactory = http;
        o.webSocketFactory = http;
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + server.port() + nsp), o);
        clients.add(s);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        s.once(Socket.EVENT_CONNECT, args -> outcome.complete("connected"));
        s.once(Socket.EVENT_CONNECT_ERROR, args -> outcome.complete(args.length > 0 ? args[0] : null));
        s.connect();
        assertThat(await(outcome)).isEqualTo("connected");
        return s;
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("within " + TIMEOUT).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            for (Socket s : clients) {
                s.close();
            }
            await(io.close());
        } finally {
            server.close();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
