package dev.switchboard.server;

import dev.switchboard.engineio.EngineIoServer;

/**
 * Serves an Engine.IO (or Socket.IO) server over HTTP and WebSocket with Netty.
 * (Skeleton: being written.)
 *
 * <pre>{@code
 * EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
 * NettyServer server = NettyServer.create(engine).listen(3000);
 * ...
 * server.close();
 * }</pre>
 */
public final class NettyServer implements AutoCloseable {

    private NettyServer() {
    }

    /**
     * A server for an Engine.IO server; requests outside its path get 404.
     *
     * @param engine the Engine.IO server
     * @return the (not yet listening) server
     */
    public static NettyServer create(EngineIoServer engine) {
        return new NettyServer();
    }

    /**
     * Binds all interfaces on a port and starts serving; returns once bound.
     *
     * @param port the port, 0 for any free one
     * @return this
     */
    public NettyServer listen(int port) {
        return this;
    }

    /**
     * Binds a host and port and starts serving; returns once bound.
     *
     * @param host the host or address to bind
     * @param port the port, 0 for any free one
     * @return this
     */
    public NettyServer listen(String host, int port) {
        return this;
    }

    /** The bound port. */
    public int port() {
        return 0;
    }

    /** Stops accepting, closes the Engine.IO server's sessions and releases the event loops. */
    @Override
    public void close() {
    }
}
