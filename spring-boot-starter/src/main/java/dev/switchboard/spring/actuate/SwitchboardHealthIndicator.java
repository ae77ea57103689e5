package dev.switchboard.spring.actuate;

import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.SocketIoLifecycle;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code switchboard} health component: UP while the server runs and its adapter reaches the
 * cluster, DOWN while it is stopped or the adapter is not connected (a Redis adapter that lost
 * Redis still serves this server's clients, but broadcasts no longer reach the others). Details:
 * the adapter's state, the open Engine.IO sessions, the connected sockets per namespace, and where
 * the server listens. This is Spring Boot 4's; {@link SwitchboardBoot3HealthIndicator} is the same
 * for Spring Boot 3.5.
 */
public final class SwitchboardHealthIndicator extends AbstractHealthIndicator {

    private final HealthCheck check;

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
        this.check = new HealthCheck(io, lifecycle, adapterState);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthCheck.Reading reading = check.read();
        builder.status(reading.up() ? "UP" : "DOWN").withDetails(reading.details());
    }
}
