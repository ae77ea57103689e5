package dev.switchboard.spring.actuate;

import dev.switchboard.micrometer.SwitchboardMetrics;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.SwitchboardAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The server's Micrometer meters ({@link SwitchboardMetrics}: connected sockets per namespace,
 * connects, disconnects by reason, packets, bytes, acks, ack timeouts, dropped volatile packets,
 * buffer overflows, adapter requests and failures) when switchboard-micrometer is on the class path
 * and the application has a {@link MeterRegistry} (Actuator's). The binder is a bean: Spring Boot
 * binds every {@code MeterBinder} bean to its registries once the singletons exist, and
 * {@code /actuator/metrics} lists the meters.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        // Spring Boot 3.5's names of the same, so the order holds there too.
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.switchboard.micrometer.SwitchboardMetrics"})
@ConditionalOnBean({MeterRegistry.class, SocketIoServer.class})
public class SwitchboardMetricsAutoConfiguration {

    /** Created by Spring. */
    public SwitchboardMetricsAutoConfiguration() {
    }

    /**
     * The binder of the server's meters.
     *
     * @param io the server
     * @return the binder, bound by Spring Boot to every meter registry
     */
    @Bean
    @ConditionalOnMissingBean
    public SwitchboardMetrics switchboardMetrics(SocketIoServer io) {
        return new SwitchboardMetrics(io);
    }
}
