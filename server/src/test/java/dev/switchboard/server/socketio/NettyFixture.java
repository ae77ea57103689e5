package dev.switchboard.server.socketio;

import static dev.switchboard.fixtures.ServerFixture.connect;
import static dev.switchboard.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.Inbox;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link SocketIoServer} served by a real {@link NettyServer} on a free port of 127.0.0.1, with
 * two event loops so that clients land on different loops and broadcasts cross them: the shared
 * {@link ServerFixture} over the binding this module is about.
 */
final class NettyFixture {

    private NettyFixture() {
    }

    /** A server with socket.io's defaults. */
    static ServerFixture<SocketIoServer> start() {
        return start(b -> { });
    }

    /**
     * A server with options.
     *
     * @param config edits the server's builder
     * @return the running fixture
     */
    static ServerFixture<SocketIoServer> start(Consumer<SocketIoServer.Builder> config) {
        SocketIoServer.Builder builder = SocketIoServer.builder();
        config.accept(builder);
        SocketIoServer io = builder.build();
        NettyServer server = NettyServer.create(io).eventLoopThreads(2).listen("127.0.0.1", 0);
        return ServerFixture.listening(io, server.port(), server::close);
    }

    /**
     * Asserts the server still serves a new Java client: it connects to {@code /}, receives an
     * event from the server, gets its own event acknowledged, and leaves. For after bad input.
     */
    static void assertServesFreshClient(ServerFixture<SocketIoServer> fx) {
        io.socket.client.Socket client = fx.socket(ClientTransport.UPGRADE, "/");
        Inbox inbox = Inbox.of(client);
        connect(client);
        dev.switchboard.socketio.Socket s = fx.io.sockets().socket(client.id());
        assertThat(s).as("the fresh client's server socket").isNotNull();
        s.on("fresh ping", (args, ack) -> ack.send("fresh pong"));
        fx.io.to(client.id()).emit("fresh hello");
        assertThat(inbox.next("fresh hello").args()).isEmpty();
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("fresh ping", new Object[0], answer::complete);
        assertThat(await(answer)).containsExactly("fresh pong");
        CompletableFuture<Void> left = new CompletableFuture<>();
        s.onDisconnect((reason, description) -> left.complete(null));
        client.close();
        await(left);
    }
}
