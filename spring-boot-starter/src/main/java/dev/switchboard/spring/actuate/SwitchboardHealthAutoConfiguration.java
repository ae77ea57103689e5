package dev.switchboard.spring.actuate;

import dev.switchboard.redis.RedisAdapterFactory;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.SocketIoLifecycle;
import dev.switchboard.spring.SwitchboardAutoConfiguration;
import dev.switchboard.spring.SwitchboardRedisConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code switchboard} health component ({@link SwitchboardHealthIndicator}) when Spring Boot's
 * health support (Actuator) is on the class path: Spring Boot 4's {@code spring-boot-health}. On
 * Spring Boot 3.5 its class is absent and {@link SwitchboardBoot3HealthAutoConfiguration} applies.
 */
@AutoConfiguration(after = {SwitchboardAutoConfiguration.class, SwitchboardRedisConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(SocketIoServer.class)
public class SwitchboardHealthAutoConfiguration {

    /** Created by Spring. */
    public SwitchboardHealthAutoConfiguration() {
    }

    /**
     * With the Redis adapter: DOWN while Redis is not reached.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.switchboard.redis.RedisAdapterFactory")
    @ConditionalOnBean(RedisAdapterFactory.class)
    public static class WithRedis {

        /** Created by Spring. */
        public WithRedis() {
        }

        /**
         * The indicator, following the Redis adapter's state.
         *
         * @param io the server
         * @param lifecycle its life cycle
         * @param redis the adapter factory
         * @return the indicator
         */
        @Bean
        @ConditionalOnMissingBean(name = "switchboardHealthIndicator")
        public SwitchboardHealthIndicator switchboardHealthIndicator(SocketIoServer io,
                ObjectProvider<SocketIoLifecycle> lifecycle, RedisAdapterFactory redis) {
            return new SwitchboardHealthIndicator(io, lifecycle.getIfAvailable(), () -> redis.state().name());
        }
    }

    /**
     * The indicator with the in-memory adapter (or an adapter without a state to follow).
     *
     * @param io the server
     * @param lifecycle its life cycle
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "switchboardHealthIndicator")
    public SwitchboardHealthIndicator switchboardHealthIndicator(SocketIoServer io,
            ObjectProvider<SocketIoLifecycle> lifecycle) {
        return new SwitchboardHealthIndicator(io, lifecycle.getIfAvailable(), null);
    }
}
