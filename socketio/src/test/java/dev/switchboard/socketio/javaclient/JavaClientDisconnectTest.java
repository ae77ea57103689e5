package dev.switchboard.socketio.javaclient;

import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.ReadyState;
import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.ClosingWebSockets;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.Await;
import io.socket.client.IO;
import io.socket.client.Manager;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Disconnect reasons on both ends with the Java client: the client leaving
 * ({@code client namespace disconnect} / {@code io client disconnect}), the server's
 * {@code disconnect()} and {@code disconnect(true)} ({@code server namespace disconnect} /
 * {@code io server disconnect}), {@code disconnectSockets}, and {@code io.close()}
 * ({@code server shutting down} / {@code transport close}); rooms are still joined in
 * {@code disconnecting} and left by {@code disconnect}.
 */
class JavaClientDisconnectTest {

    /** What a socket saw when it left. */
    record Left(DisconnectReason reason, Set<String> roomsWhileDisconnecting, Set<String> roomsAfter) {
    }

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();

    @AfterEach
    void close() {
        fx.close();
    }

    /** Watches a server socket leave. */
    private static CompletableFuture<Left> watch(Socket socket) {
        CompletableFuture<Set<String>> disconnecting = new CompletableFuture<>();
        CompletableFuture<Left> left = new CompletableFuture<>();
        socket.onDisconnecting((reason, description) -> disconnecting.complete(socket.rooms()));
        socket.onDisconnect((reason, description) ->
                left.complete(new Left(reason, disconnecting.getNow(null), socket.rooms())));
        return left;
    }

    /** Completes with the client's disconnect reason. */
    private static CompletableFuture<String> clientReason(io.socket.client.Socket client) {
        CompletableFuture<String> reason = new CompletableFuture<>();
        client.on(io.socket.client.Socket.EVENT_DISCONNECT, args -> reason.complete(String.valueOf(args[0])));
        return reason;
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void clientLeavingIsClientNamespaceDisconnect(ClientTransport transport) {
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        io.socket.client.Socket client = fx.connect(transport, "/");
        Socket socket = take(server);
        socket.join("room");
        CompletableFuture<Left> left = watch(socket);
        CompletableFuture<String> reason = clientReason(client);

        client.close();

        assertThat(await(reason)).isEqualTo("io client disconnect");
        Left l = await(left);
        assertThat(l.reason()).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        assertThat(l.roomsWhileDisconnecting()).containsExactlyInAnyOrder(socket.id(), "room");
        assertThat(l.roomsAfter()).isEmpty();
        assertThat(socket.connected()).isFalse();
        assertThat(fx.io.sockets().sockets()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void serverDisconnectLeavesTheOtherNamespacesConnected(ClientTransport transport) {
        BlockingQueue<Socket> main = queue(fx.io.of("/")::onConnection);
        fx.io.of("/chat").onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
        Manager manager = fx.manager(transport);
        io.socket.client.Socket mainClient = ServerFixture.connect(fx.socket(manager, "/", null));
        io.socket.client.Socket chatClient = ServerFixture.connect(fx.socket(manager, "/chat", null));
        Socket socket = take(main);
        CompletableFuture<Left> left = watch(socket);
        CompletableFuture<String> reason = clientReason(mainClient);

        socket.disconnect();

        assertThat(await(reason)).isEqualTo("io server disconnect");
        assertThat(await(left).reason()).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        CompletableFuture<Object[]> echo = new CompletableFuture<>();
        chatClient.emit("echo", new Object[] {"still"}, echo::complete);
        assertThat(await(echo)).containsExactly("still");
        assertThat(socket.conn().readyState()).isEqualTo(ReadyState.OPEN);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void serverDisconnectWithCloseEndsEveryNamespaceAndTheConnection(ClientTransport transport) {
        BlockingQueue<Socket> main = queue(fx.io.of("/")::onConnection);
        BlockingQueue<Socket> chat = queue(fx.io.of("/chat")::onConnection);
        Manager manager = fx.manager(transport);
        io.socket.client.Socket mainClient = ServerFixture.connect(fx.socket(manager, "/", null));
        io.socket.client.Socket chatClient = ServerFixture.connect(fx.socket(manager, "/chat", null));
        Socket mainSocket = take(main);
        Socket chatSocket = take(chat);
        CompletableFuture<Left> mainLeft = watch(mainSocket);
        CompletableFuture<Left> chatLeft = watch(chatSocket);
        CompletableFuture<String> mainReason = clientReason(mainClient);
        CompletableFuture<String> chatReason = clientReason(chatClient);
        CompletableFuture<Void> connClosed = new CompletableFuture<>();
        mainSocket.conn().onClose((r, d) -> connClosed.complete(null));

        mainSocket.disconnect(true);

        assertThat(await(mainLeft).reason()).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        assertThat(await(chatLeft).reason()).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        assertThat(await(mainReason)).isEqualTo("io server disconnect");
        assertThat(await(chatReason)).isEqualTo("io server disconnect");
        await(connClosed);
        assertThat(fx.io.engine().client(mainSocket.conn().id())).isNull();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void disconnectSocketsDisconnectsEveryClientOfTheNamespace(ClientTransport transport) {
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        io.socket.client.Socket a = fx.connect(transport, "/");
        io.socket.client.Socket b = fx.connect(transport, "/");
        CompletableFuture<Left> aLeft = watch(take(server));
        CompletableFuture<Left> bLeft = watch(take(server));
        CompletableFuture<String> aReason = clientReason(a);
        CompletableFuture<String> bReason = clientReason(b);

        fx.io.disconnectSockets(false);

        assertThat(await(aReason)).isEqualTo("io server disconnect");
        assertThat(await(bReason)).isEqualTo("io server disconnect");
        assertThat(await(aLeft).reason()).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        assertThat(await(bLeft).reason()).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void serverCloseIsServerShuttingDownAndTheClientSeesTransportClose(ClientTransport transport) {
        BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);
        CompletableFuture<Void> settled = new CompletableFuture<>();
        fx.io.onConnection(s -> {
            // Closed mid-upgrade, the outcome would depend on timing: wait for the final transport.
            if (transport != ClientTransport.UPGRADE || s.conn().upgraded()) {
                settled.complete(null);
            } else {
                s.conn().onUpgrade(t -> settled.complete(null));
            }
        });
        IO.Options options = fx.options(transport);
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        options.webSocketFactory = ClosingWebSockets.answeringCloseFrames(fx.webSockets(), closeCode);
        io.socket.client.Socket client = ServerFixture.connect(fx.socket("/", options));
        Socket socket = take(server);
        socket.join("room");
        await(settled);
        if (transport == ClientTransport.POLLING) {
            awaitPendingPoll(socket);
        }
        CompletableFuture<Left> left = watch(socket);
        CompletableFuture<String> reason = clientReason(client);

        await(fx.io.close());

        Left l = await(left);
        assertThat(l.reason()).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
        assertThat(l.roomsWhileDisconnecting()).containsExactlyInAnyOrder(socket.id(), "room");
        assertThat(await(reason)).isEqualTo("transport close");
        if (transport != ClientTransport.POLLING) {
            // A close frame without a status, as ws's socket.close() sends it.
            assertThat(await(closeCode)).isEqualTo(1005);
        }
        assertThat(fx.io.engine().clientsCount()).isZero();
    }

    /**
     * Waits until the polling client's next GET is waiting at the server. Between a poll's answer
     * and the next poll, a closing server has nowhere to put its close packet and ends the session
     * at once (the reference does too: its close discards the transport), so the client's next
     * poll is refused and it reports {@code transport error} instead.
     */
    private static void awaitPendingPoll(Socket socket) {
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        while (!onLoop(socket, () -> socket.conn().isWritable())) {
            assertThat(System.nanoTime() - deadline).as("a poll pending within the timeout").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static <T> T onLoop(Socket socket, java.util.concurrent.Callable<T> task) {
        try {
            return socket.conn().executor().submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
