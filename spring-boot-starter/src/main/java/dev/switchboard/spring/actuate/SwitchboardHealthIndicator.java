package dev.switchboard.spring.actuate;

import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.SocketIoLifecycle;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code switchboard} health component: UP while the server runs and its adapter reaches the
 * cluster, DOWN while it is stopped or the adapter is not connected (a Redis adapter that lost
 * Redis still serves this server's clients, but broadcasts no longer reach the others). Details:
 * the adapter's state, the open Engine.IO sessions, the connected sockets per namespace, and where
 * the server listens.
 */
public final class SwitchboardHealthIndicator extends AbstractHealthIndicator {

    private final SocketIoServer io;
    private final SocketIoLifecycle lifecycle;
    private final Supplier<String> adapterState;

    /**
     * A health indicator.
     *
     * @param io the server
     * @param lifecycle its life cycle, or {@code null} when the application runs it itself
     * @param adapterState the cluster adapter's state ({@code UP} when connected), or {@code null}
     *     for the in-memory adapter, which is always up
     */
    public SwitchboardHealthIndicator(SocketIoServer io, SocketIoLifecycle lifecycle, Supplier<String> adapterState) {
        super("Socket.IO health check failed");
        this.io = io;
        this.lifecycle = lifecycle;
        this.adapterState = adapterState;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean running = lifecycle == null || lifecycle.isRunning();
        String adapter = adapterState == null ? "in-memory" : adapterState.get();
        boolean adapterUp = adapterState == null || "UP".equals(adapter);
        Map<String, Integer> sockets = new TreeMap<>();
        for (Namespace nsp : io.namespaces()) {
            sockets.put(nsp.name(), nsp.sockets().size());
        }
        builder.status(running && adapterUp ? "UP" : "DOWN")
                .withDetail("running", running)
                .withDetail("adapter", adapter)
                .withDetail("sessions", io.engine().clientsCount())
                .withDetail("sockets", sockets)
                .withDetail("path", io.options().path());
        if (lifecycle != null && lifecycle.port() >= 0) {
            builder.withDetail("port", lifecycle.port());
        }
    }
}
