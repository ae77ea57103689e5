package dev.switchboard.spring;

import dev.switchboard.redis.RedisAdapterFactory;
import dev.switchboard.redis.RedisAdapterOptions;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis adapter when {@code switchboard.redis.url} is set and switchboard-redis-adapter is on
 * the class path: the server joins a cluster of Switchboard and Node socket.io servers sharing that
 * Redis. Its connection closes when the context closes, after the sockets ({@link SocketIoLifecycle}
 * stops before beans are destroyed).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.switchboard.redis.RedisAdapterFactory")
@ConditionalOnProperty(prefix = "switchboard.redis", name = "url")
public class SwitchboardRedisConfiguration {

    /** Created by Spring. */
    public SwitchboardRedisConfiguration() {
    }

    /**
     * The adapter factory, connecting to {@code switchboard.redis.url}.
     *
     * @param properties the {@code switchboard.*} properties
     * @return the factory
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public RedisAdapterFactory switchboardRedisAdapter(SwitchboardProperties properties) {
        SwitchboardProperties.Redis r = properties.getRedis();
        RedisAdapterOptions options = RedisAdapterOptions.builder()
                .key(r.getKey())
                .requestsTimeout(r.getRequestsTimeout())
                .mode(r.isSharded() ? RedisAdapterOptions.Mode.SHARDED : RedisAdapterOptions.Mode.CLASSIC)
                .build();
        return RedisAdapterFactory.create(r.getUrl().strip(), options);
    }

    /**
     * Closes the adapter's connection and waits for it (up to 5 s), so a shutdown leaves Redis
     * cleanly rather than when the JVM exits.
     *
     * @param factory the adapter factory
     * @return the closer
     */
    @Bean
    public DisposableBean switchboardRedisAdapterCloser(RedisAdapterFactory factory) {
        return () -> factory.closeAsync().orTimeout(5, TimeUnit.SECONDS).handle((v, e) -> null).join();
    }
}
