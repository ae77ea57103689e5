package dev.switchboard.server.socketio;

import static dev.switchboard.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.fixtures.ClosingWebSockets;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.Ack;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code NettyServer.close(Duration)} with the official Java client mid-traffic: new sessions are
 * refused at once, acknowledgements under way (either way) still arrive, then the clients see
 * their transport close (the reference's shutdown: no DISCONNECT packet, so clients reconnect
 * elsewhere) and the sockets {@code server shutting down}; a grace that runs out closes anyway.
 */
class GracefulCloseTest {

    private final SocketIoServer io = SocketIoServer.builder().build();
    private final NettyServer server = NettyServer.create(io).eventLoopThreads(2).listen("127.0.0.1", 0);
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private final HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CompletableFuture<String> clientReason = new CompletableFuture<>();
    private final CompletableFuture<DisconnectReason> serverReason = new CompletableFuture<>();
    private Socket client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private Socket connect(ClientTransport transport) {
        return connect(transport, c -> { });
    }

    private Socket connect(ClientTransport transport, java.util.function.Consumer<Socket> listeners) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = transport.transports();
        o.callFactory = http;
        // A client that answers close frames, as browsers and Node's do (see the helper's note).
        o.webSocketFactory = ClosingWebSockets.answeringCloseFrames(http);
        client = IO.socket(URI.create("http://127.0.0.1:" + server.port()), o);
        client.on(Socket.EVENT_DISCONNECT, args -> clientReason.complete(String.valueOf(args[0])));
        listeners.accept(client);

        return ServerFixture.connect(client);
    }

    private CompletableFuture<Long> closeInBackground(Duration grace) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            server.close(grace);
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        });
    }

    /**
     * Waits until the server refuses new sessions, the first thing a graceful close does. A probe
     * sent before the close began opens a session; it is closed at once (a close packet, as a
     * client leaving sends), else the close would rightly wait its grace for that session's poll.
     */
    private void awaitHandshakesRefused() throws IOException, InterruptedException {
        String polling = "http://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=polling";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            HttpResponse<String> res = probe.send(HttpRequest.newBuilder(URI.create(polling)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() == 503) {
                return;
            }
            assertThat(res.statusCode()).isEqualTo(200);
            String sid = RawClient.sidOf(res.body());
            HttpResponse<String> closed = probe.send(HttpRequest.newBuilder(URI.create(polling + "&sid=" + sid))
                    .POST(HttpRequest.BodyPublishers.ofString("1")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(closed.body()).isEqualTo("ok");
            assertThat(System.nanoTime()).as("new sessions refused within 5 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void ackAnsweredAfterCloseBeganIsDeliveredThenTheClientSeesTransportClose(ClientTransport transport)
            throws Exception {
        CompletableFuture<Ack> owed = new CompletableFuture<>();
        io.onConnection(s -> {
            s.on("work", (args, ack) -> owed.complete(ack));
            s.onDisconnect((reason, description) -> serverReason.complete(reason));
        });
        connect(transport);
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("work", new Object[] {"job"}, answer::complete);
        Ack ack = await(owed);

        CompletableFuture<Long> closing = closeInBackground(Duration.ofSeconds(20));
        awaitHandshakesRefused();
        assertThat(clientReason).as("sessions go on while an ack is owed").isNotDone();
        ack.send("done");

        assertThat(await(answer)).containsExactly("done");
        assertThat(await(clientReason)).isEqualTo("transport close");
        assertThat(await(serverReason)).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
        assertThat(closing.get(10, TimeUnit.SECONDS)).as("ms to close, the grace being 20 s").isLessThan(10_000);
    }

    @Test
    void answerToTheServersEmitArrivingAfterCloseBeganCompletesItsFuture() throws Exception {
        CompletableFuture<CompletableFuture<String>> asked = new CompletableFuture<>();
        io.onConnection(s -> asked.complete(s.emitWithAck(String.class, "question")));
        CompletableFuture<io.socket.client.Ack> clientAck = new CompletableFuture<>();
        connect(ClientTransport.UPGRADE,
                c -> c.on("question", args -> clientAck.complete((io.socket.client.Ack) args[args.length - 1])));
        CompletableFuture<String> reply = await(asked);
        io.socket.client.Ack pending = await(clientAck);

        CompletableFuture<Long> closing = closeInBackground(Duration.ofSeconds(20));
        awaitHandshakesRefused();
        pending.call("answer");

        assertThat(await(reply)).isEqualTo("answer");
        assertThat(await(clientReason)).isEqualTo("transport close");
        assertThat(closing.get(10, TimeUnit.SECONDS)).isLessThan(10_000);
    }

    @Test
    void graceThatRunsOutClosesTheSessionsAnyway() throws Exception {
        CompletableFuture<Ack> owed = new CompletableFuture<>();
        io.onConnection(s -> s.on("work", (args, ack) -> owed.complete(ack)));
        connect(ClientTransport.WEBSOCKET);
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("work", new Object[] {"job"}, answer::complete);
        await(owed);

        long took = closeInBackground(Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);

        assertThat(took).as("ms to close").isBetween(300L, 5_000L);
        assertThat(await(clientReason)).isEqualTo("transport close");
        assertThat(answer).isNotDone();
    }
}
