package dev.switchboard.socketio.javaclient;

import dev.switchboard.fixtures.Loopback;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.SocketIoServer;
import java.util.function.Consumer;

/**
 * A {@link SocketIoServer} served in memory by the shared {@link Loopback} binding (two event
 * loops, no Netty, no socket), with the official Java client as the other side: how this module
 * tests Socket.IO's behaviour end to end without depending on an HTTP server.
 */
final class InMemoryFixture {

    private InMemoryFixture() {
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
        return ServerFixture.inMemory(builder.build());
    }
}
