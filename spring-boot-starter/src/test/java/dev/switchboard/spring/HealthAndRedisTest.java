package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.redis.RedisAdapterFactory;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.actuate.SwitchboardBoot3HealthAutoConfiguration;
import dev.switchboard.spring.actuate.SwitchboardHealthAutoConfiguration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The {@code switchboard} health component, by value: UP with its details while serving, DOWN once
 * stopped; with {@code switchboard.redis.url} the server runs on the Redis adapter, and the health
 * follows Redis (UP while reached, DOWN when it is gone). The same tests run on Spring Boot 4 and 3.5
 * (switchboard-spring-boot-starter-boot3-test), whose health APIs share no type: each version gets
 * its own indicator, read here through the method and accessors both have.
 */
class HealthAndRedisTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class,
                    SwitchboardHealthAutoConfiguration.class, SwitchboardBoot3HealthAutoConfiguration.class))
            .withPropertyValues("switchboard.server.port=0", "switchboard.server.host=127.0.0.1");

    @Test
    void healthIsUpWithTheSocketsPerNamespaceAndDownOnceStopped() throws Exception {
        runner.withBean(SocketIoConfigurer.class, () -> io -> io.of("/chat")).run(context -> {
            SocketIoLifecycle lifecycle = context.getBean(SocketIoLifecycle.class);
            try (TestClient a = new TestClient(lifecycle.port(), "/"); TestClient b = new TestClient(lifecycle.port(), "/chat")) {
                Reading h = Reading.of(context);
                assertThat(h.status()).isEqualTo("UP");
                assertThat(h.details()).isEqualTo(Map.of(
                        "running", true,
                        "adapter", "in-memory",
                        "sessions", 2,
                        "sockets", Map.of("/", 1, "/chat", 1),
                        "path", "/socket.io",
                        "port", lifecycle.port()));
            }
            lifecycle.stop();
            Reading stopped = Reading.of(context);
            assertThat(stopped.status()).isEqualTo("DOWN");
            assertThat(stopped.details().get("running")).isEqualTo(false);
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
                        Reading up = Reading.of(context);
                        assertThat(up.status()).isEqualTo("UP");
                        assertThat(up.details().get("adapter")).isEqualTo("UP");

                        redis.close();
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_SECONDS);
                        while (factory.state() == RedisAdapterFactory.State.UP && System.nanoTime() < deadline) {
                            Thread.onSpinWait();
                        }
                        Reading down = Reading.of(context);
                        assertThat(down.status()).isEqualTo("DOWN");
                        assertThat(down.details().get("adapter")).isIn("DOWN", "CONNECTING");
                    });
        } finally {
            redis.close();
        }
    }

    @Test
    void withoutARedisUrlThereIsNoRedisAdapter() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RedisAdapterFactory.class));
    }

    @Test
    void eachSpringBootVersionGetsTheIndicatorOfItsOwnHealthApi() {
        // By name: the other version's indicator cannot even be loaded, its superclass is absent.
        String expected = "dev.switchboard.spring.actuate."
                + (Reading.BOOT_4 ? "SwitchboardHealthIndicator" : "SwitchboardBoot3HealthIndicator");
        runner.run(context -> assertThat(context.getBean("switchboardHealthIndicator").getClass().getName())
                .isEqualTo(expected));
    }

    /**
     * What the {@code switchboardHealthIndicator} bean reports, read through {@code health()},
     * {@code getStatus().getCode()} and {@code getDetails()}, which Boot 4's and Boot 3.5's health
     * types both have under different packages.
     */
    record Reading(String status, Map<?, ?> details) {
        static final boolean BOOT_4 = present("org.springframework.boot.health.contributor.HealthIndicator");

        static Reading of(ApplicationContext context) throws ReflectiveOperationException {
            Object indicator = context.getBean("switchboardHealthIndicator");
            Object health = indicator.getClass().getMethod("health").invoke(indicator);
            Object status = health.getClass().getMethod("getStatus").invoke(health);
            return new Reading((String) status.getClass().getMethod("getCode").invoke(status),
                    (Map<?, ?>) health.getClass().getMethod("getDetails").invoke(health));
        }

        private static boolean present(String className) {
            try {
                Class.forName(className, false, Reading.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }
}
