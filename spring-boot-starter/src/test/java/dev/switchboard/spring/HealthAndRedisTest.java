package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.redis.RedisAdapterFactory;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.actuate.SwitchboardHealthAutoConfiguration;
import dev.switchboard.spring.actuate.SwitchboardHealthIndicator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code switchboard} health component, by value: UP with its details while serving, DOWN once
 * stopped; with {@code switchboard.redis.url} the server runs on the Redis adapter, and the health
 * follows Redis (UP while reached, DOWN when it is gone).
 */
class HealthAndRedisTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class,
                    SwitchboardHealthAutoConfiguration.class))
            .withPropertyValues("switchboard.server.port=0", "switchboard.server.host=127.0.0.1");

    @Test
    void healthIsUpWithTheSocketsPerNamespaceAndDownOnceStopped() throws Exception {
        runner.withBean(SocketIoConfigurer.class, () -> io -> io.of("/chat")).run(context -> {
            SocketIoLifecycle lifecycle = context.getBean(SocketIoLifecycle.class);
            SwitchboardHealthIndicator health = context.getBean("switchboardHealthIndicator", SwitchboardHealthIndicator.class);
            try (TestClient a = new TestClient(lifecycle.port(), "/"); TestClient b = new TestClient(lifecycle.port(), "/chat")) {
                Health h = health.health(true);
                assertThat(h.getStatus().getCode()).isEqualTo("UP");
                assertThat(h.getDetails()).isEqualTo(Map.of(
                        "running", true,
                        "adapter", "in-memory",
                        "sessions", 2,
                        "sockets", Map.of("/", 1, "/chat", 1),
                        "path", "/socket.io",
                        "port", lifecycle.port()));
            }
            lifecycle.stop();
            Health stopped = health.health(true);
            assertThat(stopped.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(stopped.getDetails().get("running")).isEqualTo(false);
        });
    }

    @Test
    void withARedisUrlTheServerUsesTheRedisAdapterAndHealthFollowsRedis() throws Exception {
        RedisProcess redis = RedisProcess.start();
        try {
            runner.withPropertyValues("switchboard.redis.url=" + redis.uri(), "switchboard.redis.key=spring-test")
                    .run(context -> {
                        RedisAdapterFactory factory = context.getBean(RedisAdapterFactory.class);
                        assertThat(context.getBean(SocketIoServer.class).options().adapter()).isSameAs(factory);
                        assertThat(factory.options().key()).isEqualTo("spring-test");
                        factory.whenUp().get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
                        SwitchboardHealthIndicator health = context.getBean("switchboardHealthIndicator",
                                SwitchboardHealthIndicator.class);
                        Health up = health.health(true);
                        assertThat(up.getStatus().getCode()).isEqualTo("UP");
                        assertThat(up.getDetails().get("adapter")).isEqualTo("UP");

                        redis.close();
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_SECONDS);
                        while (factory.state() == RedisAdapterFactory.State.UP && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                        Health down = health.health(true);
                        assertThat(down.getStatus().getCode()).isEqualTo("DOWN");
                        assertThat(down.getDetails().get("adapter")).isIn("DOWN", "CONNECTING");
                    });
        } finally {
            redis.close();
        }
    }

    @Test
    void withoutARedisUrlThereIsNoRedisAdapter() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RedisAdapterFactory.class));
    }
}
