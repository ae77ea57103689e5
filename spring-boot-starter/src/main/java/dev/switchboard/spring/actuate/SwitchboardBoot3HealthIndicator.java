package dev.switchboard.spring.actuate;

import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.SocketIoLifecycle;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code switchboard} health component on Spring Boot 3.5, whose health API is Actuator's
 * {@code org.springframework.boot.actuate.health} (Boot 4 moved it to
 * {@code org.springframework.boot.health}, where {@link SwitchboardHealthIndicator} is). The same
 * check and details as there: UP while the server runs and its adapter reaches the cluster, DOWN
 * otherwise; the adapter's state, the open sessions, the sockets per namespace, where it listens.
 */
public final class SwitchboardBoot3HealthIndicator extends AbstractHealthIndicator {

    private final HealthCheck check;

    /**
     * A health indicator.
     *
     * @param io the server
     * @param lifecycle its life cycle, or {@code null} when the application runs it itself
     * @param adapterState the cluster adapter's state ({@code UP} when connected), or {@code null}
     *     for the in-memory adapter, which is always up
     */
    public SwitchboardBoot3HealthIndicator(SocketIoServer io, SocketIoLifecycle lifecycle, Supplier<String> adapterState) {
        super("Socket.IO health check failed");
        this.check = new HealthCheck(io, lifecycle, adapterState);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthCheck.Reading reading = check.read();
        builder.status(reading.up() ? "UP" : "DOWN").withDetails(reading.details());
    }
}
