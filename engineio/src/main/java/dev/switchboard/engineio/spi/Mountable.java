package dev.switchboard.engineio.spi;

import dev.switchboard.engineio.EngineIoServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What an HTTP binding mounts: an Engine.IO server, the path it answers under, and the extra HTTP
 * resources the layer above it serves. A binding takes one of these and never needs to know
 * which layer that is: {@code SocketIoServer} implements it (its engine under
 * {@code /socket.io/}, the client bundle at {@code /socket.io/socket.io.js}), so
 * {@code NettyServer.create(io)} and a Servlet binding mount Socket.IO the same way, and an
 * Engine.IO-only application needs nothing but its {@link EngineIoServer}.
 *
 * <pre>{@code
 * Mountable app = io;                           // or () -> engine for Engine.IO alone
 * for (HttpRoute route : app.routes()) { ... }  // asked first, for plain HTTP requests
 * if (app.engine().handles(uri)) { ... }        // then the engine, under app.path()
 * }</pre>
 */
@FunctionalInterface
public interface Mountable {

    /** {@return the Engine.IO server to feed the requests under {@link #path()} to} */
    EngineIoServer engine();

    /**
     * {@return the path the engine answers under, with its trailing slash (e.g. {@code /socket.io/}): where
     * a binding that maps paths (a Servlet container) mounts it}
     */
    default String path() {
        return engine().options().path();
    }

    /**
     * HTTP resources served beside the engine, asked in order before it for every plain HTTP
     * request (never for a WebSocket upgrade); the first that answers wins.
     *
     * @return the routes, possibly empty
     */
    default List<HttpRoute> routes() {
        return List.of();
    }

    /**
     * Ends the sessions when the binding shuts down: the engine's close for Engine.IO alone, the
     * Socket.IO server's (so clients learn {@code server shutting down}) above it.
     *
     * @return completes when every session is closed
     */
    default CompletableFuture<Void> close() {
        return engine().close();
    }

    /**
     * Ends the sessions gracefully: new sessions are refused at once, work under way gets up to
     * {@code grace} to finish, then the sessions end as with {@link #close()}. Engine.IO alone has
     * no work to wait for and closes at once; the Socket.IO server waits for its acknowledgements.
     *
     * @param grace the longest wait before the sessions are closed
     * @return completes when every session is closed
     */
    default CompletableFuture<Void> close(Duration grace) {
        return close();
    }
}
