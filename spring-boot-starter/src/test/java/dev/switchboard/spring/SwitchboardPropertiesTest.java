package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CookieOptions;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.socketio.ConnectionStateRecovery;
import dev.switchboard.socketio.SocketIoOptions;
import dev.switchboard.socketio.SocketIoServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code switchboard.*} properties reach the server's options, with socket.io's defaults when unset. */
class SwitchboardPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class));

    @Test
    void withNoPropertiesTheServerHasSocketIoDefaults() {
        runner.run(context -> {
            SocketIoOptions o = context.getBean(SocketIoServer.class).options();
            EngineIoOptions e = o.engine();
            assertThat(o.path()).isEqualTo("/socket.io");
            assertThat(o.serveClient()).isTrue();
            assertThat(o.connectTimeout()).isEqualTo(Duration.ofMillis(45_000));
            assertThat(o.cleanupEmptyChildNamespaces()).isFalse();
            assertThat(o.connectionStateRecovery()).isNull();
            assertThat(e.pingInterval()).isEqualTo(Duration.ofMillis(25_000));
            assertThat(e.pingTimeout()).isEqualTo(Duration.ofMillis(20_000));
            assertThat(e.upgradeTimeout()).isEqualTo(Duration.ofMillis(10_000));
            assertThat(e.maxHttpBufferSize()).isEqualTo(1_000_000);
            assertThat(e.maxBufferedBytes()).isEqualTo(10_000_000);
            assertThat(e.transports()).isEqualTo(Set.of(TransportType.POLLING, TransportType.WEBSOCKET));
            assertThat(e.allowUpgrades()).isTrue();
            assertThat(e.perMessageDeflate()).isFalse();
            assertThat(e.httpCompressionThreshold()).isEqualTo(1024);
            assertThat(e.addTrailingSlash()).isTrue();
            assertThat(e.cookie()).isNull();
            assertThat(e.cors()).isNull();
            assertThat(o.handlerExecutor()).isNull();
            assertThat(o.parser().getClass().getSimpleName()).isEqualTo("JsonPacketParser");
        });
    }

    @Test
    void everyPropertySetsTheOptionOfItsName() {
        runner.withPropertyValues(
                "switchboard.path=/live",
                "switchboard.serve-client=false",
                "switchboard.connect-timeout=5000",
                "switchboard.cleanup-empty-child-namespaces=true",
                "switchboard.ping-interval=10s",
                "switchboard.ping-timeout=4000",
                "switchboard.upgrade-timeout=3000",
                "switchboard.max-http-buffer-size=2048",
                "switchboard.max-buffered-bytes=65536",
                "switchboard.transports=websocket",
                "switchboard.allow-upgrades=false",
                "switchboard.per-message-deflate=true",
                "switchboard.http-compression=false",
                "switchboard.add-trailing-slash=false",
                "switchboard.cookie.enabled=true",
                "switchboard.cookie.name=sticky",
                "switchboard.cookie.same-site=Strict",
                "switchboard.cookie.secure=true",
                "switchboard.cookie.max-age=3600",
                "switchboard.connection-state-recovery.enabled=true",
                "switchboard.connection-state-recovery.max-disconnection-duration=30000",
                "switchboard.connection-state-recovery.skip-middlewares=false",
                "switchboard.cors.origins=https://app.example.com",
                "switchboard.cors.credentials=true")
                .run(context -> {
                    SocketIoOptions o = context.getBean(SocketIoServer.class).options();
                    EngineIoOptions e = o.engine();
                    assertThat(o.path()).isEqualTo("/live");
                    assertThat(e.path()).as("no trailing slash added").isEqualTo("/live");
                    assertThat(o.serveClient()).isFalse();
                    assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(o.cleanupEmptyChildNamespaces()).isTrue();
                    assertThat(o.connectionStateRecovery()).isEqualTo(new ConnectionStateRecovery(Duration.ofSeconds(30), false));
                    assertThat(e.pingInterval()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(e.pingTimeout()).isEqualTo(Duration.ofSeconds(4));
                    assertThat(e.upgradeTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(e.maxHttpBufferSize()).isEqualTo(2048);
                    assertThat(e.maxBufferedBytes()).isEqualTo(65536);
                    assertThat(e.transports()).isEqualTo(Set.of(TransportType.WEBSOCKET));
                    assertThat(e.allowUpgrades()).isFalse();
                    assertThat(e.perMessageDeflate()).isTrue();
                    assertThat(e.addTrailingSlash()).isFalse();
                    assertThat(e.cookie()).isEqualTo(new CookieOptions("sticky", "/", true, "Strict", true, 3600, null));
                    assertThat(e.cors().credentials()).isTrue();
                    assertThat(e.cors().methods()).isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
                });
    }

    @Test
    void anUnknownTransportFailsTheStartNamingIt() {
        runner.withPropertyValues("switchboard.transports=polling,carrier-pigeon").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("unknown transport carrier-pigeon"));
    }

    @Test
    void anApplicationsOwnServerReplacesTheAutoConfiguredOne() {
        runner.withUserConfiguration(OwnServer.class).run(context -> {
            assertThat(context).hasSingleBean(SocketIoServer.class);
            assertThat(context.getBean(SocketIoServer.class).options().path()).isEqualTo("/own");
        });
    }

    @Test
    void aCustomizerChangesWhatNoPropertySays() {
        runner.withBean(SocketIoOptionsCustomizer.class, () -> b -> b.connectTimeout(Duration.ofMillis(1234)))
                .run(context -> assertThat(context.getBean(SocketIoServer.class).options().connectTimeout())
                        .isEqualTo(Duration.ofMillis(1234)));
    }

    @Test
    void switchboardEnabledFalseCreatesNothing() {
        runner.withPropertyValues("switchboard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SocketIoServer.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnServer {
        @Bean
        SocketIoServer ownServer() {
            return SocketIoServer.builder().path("/own").build();
        }
    }
}
