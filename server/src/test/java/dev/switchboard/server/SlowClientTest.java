package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a request slowly, one byte at a time, over real sockets against a server with
 * short HTTP timeouts: each one is answered {@code 408} and closed once its head or its request
 * has taken the allowed time from its first byte, however steadily its bytes keep coming, as
 * Node's HTTP server does with headersTimeout and requestTimeout.
 */
class SlowClientTest {

    private static final long HEADERS_TIMEOUT_MS = 400;
    private static final long REQUEST_TIMEOUT_MS = 800;
    private static final long TRICKLE_EVERY_MS = 50;
    /** How late a close may come on a machine shared with other builds. */
    private static final long LATE_MS = 3_000;
    private static final String REQUEST_TIMEOUT = "HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n\r\n";

    private final EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
    private final NettyServer server = NettyServer.create(engine)
            .headersTimeout(Duration.ofMillis(HEADERS_TIMEOUT_MS))
            .requestTimeout(Duration.ofMillis(REQUEST_TIMEOUT_MS))
            .listen("127.0.0.1", 0);
    private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        trickler.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    /**
     * A connection that sends {@code atOnce} now, then {@code slowly} one byte every
     * {@link #TRICKLE_EVERY_MS}; times are counted from the moment it connects.
     */
    private Trickle trickle(String atOnce, String slowly) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        // Before connecting: the server times a connection's first head from its opening.
        long start = System.nanoTime();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout((int) (REQUEST_TIMEOUT_MS + LATE_MS));
        if (!atOnce.isEmpty()) {
            socket.getOutputStream().write(atOnce.getBytes(StandardCharsets.US_ASCII));
        }
        Trickle t = new Trickle(socket, slowly.getBytes(StandardCharsets.US_ASCII), start);
        t.task = trickler.scheduleAtFixedRate(t::sendOne, atOnce.isEmpty() ? 0 : TRICKLE_EVERY_MS,
                TRICKLE_EVERY_MS, TimeUnit.MILLISECONDS);
        return t;
    }

    /** One slow client; {@link #closed} completes with what it read before the server closed it. */
    private static final class Trickle {
        final Socket socket;
        final byte[] bytes;
        final long startNanos;
        final CompletableFuture<String> closed = new CompletableFuture<>();
        volatile ScheduledFuture<?> task;
        /** Set once the server has sent something: a client stops sending when it gets an answer. */
        private volatile boolean answered;
        private int sent;

        Trickle(Socket socket, byte[] bytes, long startNanos) {
            this.socket = socket;
            this.bytes = bytes;
            this.startNanos = startNanos;
            Thread reader = new Thread(this::readUntilClosed, "slow-client-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void sendOne() {
            if (sent >= bytes.length || answered) {
                return;
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes[sent++]);
                out.flush();
            } catch (IOException e) {
                // The server closed it; the reader reports that.
            }
        }

        private void readUntilClosed() {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                InputStream in = socket.getInputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    answered = true;
                    got.write(b);
                }
                closed.complete(got.toString(StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException e) {
                closed.completeExceptionally(new AssertionError("no close within the read timeout; read: "
                        + got.toString(StandardCharsets.ISO_8859_1), e));
            } catch (IOException e) {
                // A reset: a byte sent as the server closed. Closed all the same.
                closed.complete(got.toString(StandardCharsets.ISO_8859_1));
            }
        }

        /** Milliseconds from the first byte sent to the close seen. */
        long closedAfterMs() {
            closed.join();
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }
    }

    @Test
    void headsTrickledAByteAtATimeAre408AndClosedOnceHeadersTimeoutHasPassedSinceTheirFirstByte()
            throws IOException {
        // Long enough to last past the timeout: the clients never stop sending.
        String head = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                + "a".repeat(100);
        List<Trickle> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(trickle("", head));
        }

        for (Trickle t : clients) {
            assertThat(t.closed.join()).isEqualTo(REQUEST_TIMEOUT);
            assertThat(t.closedAfterMs()).isBetween(HEADERS_TIMEOUT_MS, HEADERS_TIMEOUT_MS + LATE_MS);
        }
        // The server drops a connection from its count just after the client saw it close.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void connectionThatSendsNothingIs408AndClosedAfterHeadersTimeout() throws IOException {
        Trickle t = trickle("", "");

        assertThat(t.closed.join()).isEqualTo(REQUEST_TIMEOUT);
        assertThat(t.closedAfterMs()).isBetween(HEADERS_TIMEOUT_MS, HEADERS_TIMEOUT_MS + LATE_MS);
    }

    @Test
    void bodyTrickledAByteAtATimeIs408AndClosedOnceRequestTimeoutHasPassedSinceTheRequestBegan()
            throws IOException {
        String sid = openPollingSession();
        String head = "POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 100\r\n\r\n";

        Trickle t = trickle(head, "4" + "a".repeat(99));

        assertThat(t.closed.join()).isEqualTo(REQUEST_TIMEOUT);
        assertThat(t.closedAfterMs()).isBetween(REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS + LATE_MS);
    }

    /** A polling handshake on a connection of its own, which the server then closes as idle. */
    private String openPollingSession() {
        try (RawHttp http = RawHttp.connect(server.port())) {
            String body = http.exchange(RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null)).bodyText();
            return EchoServer.sidOf(body);
        }
    }
}
