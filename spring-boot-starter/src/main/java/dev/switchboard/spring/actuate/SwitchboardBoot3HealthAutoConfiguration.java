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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code switchboard} health component on Spring Boot 3.5 ({@link SwitchboardBoot3HealthIndicator}),
 * when Actuator's Boot 3 health API is on the class path. The classes are named as strings, so the
 * condition is read without loading them: on Boot 4 they do not exist and this backs off, and
 * {@link SwitchboardHealthAutoConfiguration} applies instead. Where both APIs are present (a stray
 * Boot 3 Actuator jar beside Boot 4) Boot 4's wins, so there is never a second indicator.
 */
@AutoConfiguration(after = {SwitchboardAutoConfiguration.class, SwitchboardRedisConfiguration.class})
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
@ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(SocketIoServer.class)
public class SwitchboardBoot3HealthAutoConfiguration {

    /** Created by Spring. */
    public SwitchboardBoot3HealthAutoConfiguration() {
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
        public SwitchboardBoot3HealthIndicator switchboardHealthIndicator(SocketIoServer io,
                ObjectProvider<SocketIoLifecycle> lifecycle, RedisAdapterFactory redis) {
            return new SwitchboardBoot3HealthIndicator(io, lifecycle.getIfAvailable(), () -> redis.state().name());
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
    public SwitchboardBoot3HealthIndicator switchboardHealthIndicator(SocketIoServer io,
            ObjectProvider<SocketIoLifecycle> lifecycle) {
        return new SwitchboardBoot3HealthIndicator(io, lifecycle.getIfAvailable(), null);
    }
}
