package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client that stops reading: the server must close its session when the outbound bound
 * is passed and drop the connection, rather than keep the unread data in memory.
 */
class SlowConsumerTest {

    private NettyServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndItsConnectionReleased() throws Exception {
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.builder()
                .maxBufferedBytes(256 * 1024)
                .build());
        CompletableFuture<String> closed = new CompletableFuture<>();
        String chunk = "x".repeat(16 * 1024);
        engine.onConnection(socket -> {
            socket.onClose((reason, description) -> closed.complete(reason + ": " + description));
            flood(socket, chunk, 0);
        });
        server = NettyServer.create(engine).eventLoopThreads(1).listen("127.0.0.1", 0);

        try (Socket client = new Socket()) {
            // A small receive window, so the kernel cannot absorb the flood on the client's behalf.
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress("127.0.0.1", server.port()));
            OutputStream out = client.getOutputStream();
            out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = client.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
            // From here on the client reads nothing.

            assertThat(closed.get(10, TimeUnit.SECONDS))
                    .isEqualTo(CloseReason.TRANSPORT_ERROR + ": outbound buffer full");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.connectionCount()).as("connections left open").isZero();
            assertThat(engine.clientsCount()).isZero();
        }
    }

    /** Sends chunks one task at a time, so the loop keeps serving I/O between them. */
    private static void flood(EngineSocket socket, String chunk, int sent) {
        if (sent >= 4000 || socket.readyState() != dev.switchboard.engineio.ReadyState.OPEN) {
            return;
        }
        socket.send(chunk);
        socket.executor().execute(() -> flood(socket, chunk, sent + 1));
    }
}
