package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.server.RawHttp.RawResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting and stopping the Netty server: ports, the sessions it ends and the threads it frees. */
class NettyServerTest {

    private final EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
    /** The loop of the first session; the connection listener runs just after the handshake is answered. */
    private final CompletableFuture<Thread> firstSessionThread = new CompletableFuture<>();
    private final ConcurrentHashMap<String, CloseReason> closes = new ConcurrentHashMap<>();

    NettyServerTest() {
        engine.onConnection(socket -> {
            firstSessionThread.complete(Thread.currentThread());
            socket.onClose((reason, description) -> closes.put(socket.id(), reason));
        });
    }

    private static String handshake(int port) {
        try (RawHttp raw = RawHttp.connect(port)) {
            RawResponse res = raw.exchange(RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null));
            assertThat(res.status()).isEqualTo(200);
            return EchoServer.sidOf(res.bodyText());
        }
    }

    private void awaitPollPending(String sid) throws Exception {
        EngineSocket session = engine.client(sid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!session.executor().submit(session::isWritable).get(5, TimeUnit.SECONDS)) {
            assertThat(System.nanoTime()).as("poll pending in time").isLessThan(deadline);
            Thread.yield();
        }
    }

    @Test
    void portIsMinusOneUntilListening() {
        assertThat(NettyServer.create(engine).port()).isEqualTo(-1);
    }

    @Test
    void listensOnAFreePortWhenGivenZero() {
        NettyServer server = NettyServer.create(engine).listen("127.0.0.1", 0);
        try {
            assertThat(server.port()).isBetween(1, 65535);
            assertThat(handshake(server.port())).hasSize(20);
        } finally {
            server.close();
        }
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void listeningTwiceIsRefused() {
        NettyServer server = NettyServer.create(engine).listen("127.0.0.1", 0);
        try {
            assertThatThrownBy(() -> server.listen("127.0.0.1", 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("already listening on ");
        } finally {
            server.close();
        }
    }

    @Test
    void negativeThreadCountIsRefused() {
        assertThatThrownBy(() -> NettyServer.create(engine).eventLoopThreads(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be >= 0: -1");
    }

    @Test
    void closeBeforeListeningAndTwiceDoesNothing() {
        NettyServer idle = NettyServer.create(engine);
        idle.close();
        NettyServer server = NettyServer.create(engine).listen("127.0.0.1", 0);
        server.close();
        server.close();
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void closeEndsEverySessionWithForcedCloseAndStopsListening() throws Exception {
        NettyServer server = NettyServer.create(engine).eventLoopThreads(2).listen("127.0.0.1", 0);
        int port = server.port();
        String pollingSid = handshake(port);
        RawHttp poll = RawHttp.connect(port);
        poll.send(RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling&sid=" + pollingSid, null));
        awaitPollPending(pollingSid);
        RawWebSocket ws = RawWebSocket.open(port, "/engine.io/?EIO=4&transport=websocket");
        String wsSid = EchoServer.sidOf(ws.readFrame().text());
        assertThat(engine.clientsCount()).isEqualTo(2);

        server.close();

        assertThat(engine.clientsCount()).isZero();
        assertThat(closes).containsEntry(pollingSid, CloseReason.FORCED_CLOSE)
                .containsEntry(wsSid, CloseReason.FORCED_CLOSE);
        // The pending poll learns of the end with a close packet; the WebSocket with a close frame.
        RawResponse last = poll.read();
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.bodyText()).isEqualTo("1");
        poll.assertClosedByServer();
        ws.expectClose(-1);
        ws.assertClosedByServer();
        poll.close();
        ws.close();
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 1000))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void closeStopsTheEventLoopThreads() throws Exception {
        NettyServer server = NettyServer.create(engine).eventLoopThreads(1).listen("127.0.0.1", 0);
        handshake(server.port());
        Thread loop = firstSessionThread.get(5, TimeUnit.SECONDS);

        server.close();

        loop.join(5_000);
        assertThat(loop.isAlive()).as("event loop thread %s", loop.getName()).isFalse();
    }

    @Test
    void failingToBindThrowsAndLeavesNoThreadBehind() throws IOException, InterruptedException {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            NettyServer server = NettyServer.create(engine).eventLoopThreads(1);

            assertThatThrownBy(() -> server.listen("127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(IOException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThat(server.port()).isEqualTo(-1);
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.getName().startsWith("multiThreadIoEventLoopGroup")) {
                t.join(5_000);
                assertThat(t.isAlive()).as("thread %s", t.getName()).isFalse();
            }
        }
    }
}
