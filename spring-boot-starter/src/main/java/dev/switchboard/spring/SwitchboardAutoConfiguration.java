package dev.switchboard.spring;

import dev.switchboard.socketio.SocketIoOptions;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.adapter.AdapterFactory;
import java.time.Duration;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Creates the {@link SocketIoServer} from the {@code switchboard.*} properties, sets the handlers of
 * {@link SocketIoConfigurer} beans and of annotated methods ({@link OnConnect}, {@link OnEvent},
 * {@link OnDisconnect}), and runs it in Spring's life cycle ({@link SocketIoLifecycle}): on the
 * application's own servlet container by default ({@link SwitchboardServletConfiguration}), on a
 * separate Netty port when {@code switchboard.server.port} is set. Every bean
 * backs off when the application defines its own. {@code switchboard.enabled=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "switchboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SwitchboardProperties.class)
@Import({SwitchboardRedisConfiguration.class, SwitchboardServletConfiguration.class})
public class SwitchboardAutoConfiguration {

    /** Created by Spring. */
    public SwitchboardAutoConfiguration() {
    }

    /**
     * The acknowledgements handlers owe, waited for on shutdown.
     *
     * @return an empty tracker
     */
    @Bean
    @ConditionalOnMissingBean
    public InFlightAcks switchboardInFlightAcks() {
        return new InFlightAcks();
    }

    /**
     * The principals of authenticated handshakes (filled on the servlet container only).
     *
     * @return an empty registry
     */
    @Bean
    @ConditionalOnMissingBean
    public HandshakePrincipals switchboardHandshakePrincipals() {
        return new HandshakePrincipals();
    }

    /**
     * The server: options from the properties, then the customizers, then the adapter bean if any;
     * handshakes are refused once the shutdown began.
     *
     * @param properties the {@code switchboard.*} properties
     * @param customizers the application's option customizers, in order
     * @param adapter an adapter factory bean (the Redis one when {@code switchboard.redis.url} is set)
     * @param lifecycleGate the life cycle's state, read at each handshake
     * @return the server
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public SocketIoServer socketIoServer(SwitchboardProperties properties,
            ObjectProvider<SocketIoOptionsCustomizer> customizers, ObjectProvider<AdapterFactory> adapter,
            ObjectProvider<SocketIoLifecycle> lifecycleGate) {
        SocketIoOptions.Builder builder = SocketIoOptionsFactory.builder(properties);
        adapter.ifAvailable(builder::adapter);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        SocketIoOptions options = builder.build();
        SocketIoOptions guarded = options.toBuilder()
                .allowRequest(SocketIoLifecycle.refusingWhenStopping(() -> {
                    SocketIoLifecycle l = lifecycleGate.getIfAvailable();
                    return l == null || l.accepting();
                }, options.engine().allowRequest()))
                .build();
        return SocketIoServer.create(guarded);
    }

    /**
     * Starts and stops the server with the application (see {@link SocketIoLifecycle}).
     *
     * @param io the server
     * @param properties the {@code switchboard.*} properties
     * @param inFlight the acknowledgements owed
     * @param environment for {@code spring.lifecycle.timeout-per-shutdown-phase} (default 30 s)
     * @return the life cycle
     */
    @Bean
    @ConditionalOnMissingBean
    public SocketIoLifecycle socketIoLifecycle(SocketIoServer io, SwitchboardProperties properties,
            InFlightAcks inFlight, Environment environment) {
        Duration timeout = Binder.get(environment).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(Duration.ofSeconds(30));
        return new SocketIoLifecycle(io, properties.getServer(), inFlight, timeout);
    }

    /**
     * Collects the annotated handler methods of every bean and, once all singletons exist, sets
     * them and the configurers on the server.
     *
     * @param io the server
     * @param configurers the application's configurers, in order
     * @param inFlight the acknowledgements owed
     * @param principals the handshakes' principals
     * @return the registrar
     */
    @Bean
    public static SocketIoHandlerRegistrar switchboardHandlerRegistrar(ObjectProvider<SocketIoServer> io,
            ObjectProvider<SocketIoConfigurer> configurers, ObjectProvider<InFlightAcks> inFlight,
            ObjectProvider<HandshakePrincipals> principals) {
        return new SocketIoHandlerRegistrar(io, configurers, inFlight, principals);
    }

    /** Finds handler beans as they are created and sets them on the server at the end of startup. */
    public static final class SocketIoHandlerRegistrar implements BeanPostProcessor, SmartInitializingSingleton {
        private final ObjectProvider<SocketIoServer> io;
        private final ObjectProvider<SocketIoConfigurer> configurers;
        private final ObjectProvider<InFlightAcks> inFlight;
        private final ObjectProvider<HandshakePrincipals> principals;
        private final java.util.List<Object> beans = new java.util.ArrayList<>();

        SocketIoHandlerRegistrar(ObjectProvider<SocketIoServer> io, ObjectProvider<SocketIoConfigurer> configurers,
                ObjectProvider<InFlightAcks> inFlight, ObjectProvider<HandshakePrincipals> principals) {
            this.io = io;
            this.configurers = configurers;
            this.inFlight = inFlight;
            this.principals = principals;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
            if (AnnotatedHandlers.hasHandlerMethods(bean)) {
                beans.add(bean);
            }
            return bean;
        }

        @Override
        public void afterSingletonsInstantiated() {
            SocketIoServer server = io.getIfAvailable();
            if (server == null) {
                return;
            }
            HandshakePrincipals p = principals.getIfAvailable();
            if (p != null) {
                p.attach(server);
            }
            configurers.orderedStream().forEach(c -> c.configure(server));
            AnnotatedHandlers handlers = new AnnotatedHandlers(inFlight.getIfAvailable(InFlightAcks::new), p);
            for (Object bean : beans) {
                handlers.scan(bean);
            }
            beans.clear();
            handlers.registerOn(server);
        }
    }
}
