package dev.switchboard.socketio;

import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.ReadyState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of {@link SocketIoServer#close()}: the {@code onClose} tasks run, every socket disconnects with
 * {@code server shutting down} and its connection closes (no DISCONNECT packet, so clients
 * reconnect, as after socket.io's {@code io.close()}), then the adapters close, then the engine,
 * which ends whatever session is left.
 */
final class Shutdown {

    private static final Logger log = LoggerFactory.getLogger(SocketIoServer.class);

    private Shutdown() {
    }

    /**
     * Runs the close.
     *
     * @param io the server
     * @param clients its connections
     * @param namespaces its namespaces
     * @param linger how long closed connections may take to tell their clients (a polling client
     *     fetches its close packet with its next poll) before the engine ends them; null for no wait
     * @return completes when done
     */
    static CompletableFuture<Void> closeAll(SocketIoServer io, Collection<Client> clients,
            Collection<Namespace> namespaces, Duration linger) {
        io.fireClose();
        EngineIoServer engine = io.engineIfCreated();
        List<CompletableFuture<Void>> sessionsEnded = new ArrayList<>();
        if (linger != null && engine != null) {
            for (EngineSocket conn : engine.clients()) {
                CompletableFuture<Void> ended = new CompletableFuture<>();
                conn.onClose((reason, description) -> ended.complete(null));
                if (conn.readyState() == ReadyState.CLOSED) {
                    ended.complete(null);
                }
                sessionsEnded.add(ended);
            }
        }
        List<CompletableFuture<Void>> socketsClosed = new ArrayList<>();
        for (Client client : clients) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            socketsClosed.add(done);
            Runnable task = () -> client.closeForShutdown().whenComplete((v, e) -> done.complete(null));
            if (client.conn().executor().inEventLoop()) {
                task.run();
            } else {
                client.conn().executor().execute(task);
            }
        }
        CompletableFuture<Void> told = CompletableFuture.allOf(socketsClosed.toArray(new CompletableFuture<?>[0]));
        if (!sessionsEnded.isEmpty()) {
            CompletableFuture<Void> ended = CompletableFuture.allOf(sessionsEnded.toArray(new CompletableFuture<?>[0]))
                    .completeOnTimeout(null, linger.toNanos(), TimeUnit.NANOSECONDS);
            told = told.thenCompose(v -> ended);
        }
        return told.thenCompose(v -> closeAdapters(namespaces))
                .thenCompose(v -> engine == null ? CompletableFuture.completedFuture(null) : engine.close());
    }

    private static CompletableFuture<Void> closeAdapters(Collection<Namespace> namespaces) {
        List<CompletableFuture<Void>> adapters = new ArrayList<>();
        for (Namespace nsp : namespaces) {
            try {
                adapters.add(nsp.adapter().close().toCompletableFuture()
                        .exceptionally(e -> {
                            log.warn("adapter of namespace {} failed to close", nsp.name(), e);
                            return null;
                        }));
            } catch (RuntimeException e) {
                log.warn("adapter of namespace {} failed to close", nsp.name(), e);
            }
        }
        return CompletableFuture.allOf(adapters.toArray(new CompletableFuture<?>[0]));
    }
}
