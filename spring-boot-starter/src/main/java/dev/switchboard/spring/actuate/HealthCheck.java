package dev.switchboard.spring.actuate;

import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.SocketIoLifecycle;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The {@code switchboard} health check without Spring Boot's health types, so that one check backs
 * both indicators: Boot 4's ({@link SwitchboardHealthIndicator}, package
 * {@code org.springframework.boot.health}) and Boot 3.5's ({@link SwitchboardBoot3HealthIndicator},
 * package {@code org.springframework.boot.actuate.health}). The two Boot APIs share no type.
 */
final class HealthCheck {

    /** A reading: UP or DOWN, and the details in a stable order. */
    record Reading(boolean up, Map<String, Object> details) {
    }

    private final SocketIoServer io;
    private final SocketIoLifecycle lifecycle;
    private final Supplier<String> adapterState;

    HealthCheck(SocketIoServer io, SocketIoLifecycle lifecycle, Supplier<String> adapterState) {
        this.io = io;
        this.lifecycle = lifecycle;
        this.adapterState = adapterState;
    }

    Reading read() {
        boolean running = lifecycle == null || lifecycle.isRunning();
        String adapter = adapterState == null ? "in-memory" : adapterState.get();
        boolean adapterUp = adapterState == null || "UP".equals(adapter);
        Map<String, Integer> sockets = new TreeMap<>();
        for (Namespace nsp : io.namespaces()) {
            sockets.put(nsp.name(), nsp.sockets().size());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", running);
        details.put("adapter", adapter);
        details.put("sessions", io.engine().clientsCount());
        details.put("sockets", sockets);
        details.put("path", io.options().path());
        if (lifecycle != null && lifecycle.port() >= 0) {
            details.put("port", lifecycle.port());
        }
        return new Reading(running && adapterUp, details);
    }
}
