package dev.switchboard.spring;

import dev.switchboard.servlet.SocketIoServlet;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The default mode: in a servlet web application, with switchboard-servlet on the class path and
 * no {@code switchboard.server.port}, the server is mounted on the application's own servlet
 * container and port, under its path ({@code /socket.io/}, below the context path), through
 * {@link SocketIoServlet}. REST, Socket.IO and Actuator then share one port, one TLS setup and
 * the container's filters (Spring Security's included). With {@code switchboard.server.port} set,
 * nothing here applies and {@link SocketIoLifecycle} serves on a separate Netty port instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "dev.switchboard.servlet.SocketIoServlet")
@Conditional(SwitchboardServletConfiguration.NoSeparatePort.class)
public class SwitchboardServletConfiguration {

    /** The name of the filter that carries the handshakes' principals ({@link HandshakePrincipals}). */
    static final String PRINCIPAL_FILTER = "switchboard principals";

    /** Created by Spring. */
    public SwitchboardServletConfiguration() {
    }

    /**
     * Installs the server's servlet when the container starts, and behind it (after every filter
     * mapped by URL, as the Servlet spec orders filters mapped by servlet name last) the filter
     * that hands the handshake's authenticated principal to the session. The life cycle closes the
     * servlet on shutdown, before the container stops.
     *
     * @param io the server
     * @param lifecycle its life cycle
     * @param principals the handshakes' principals
     * @return the initializer
     */
    @Bean
    @ConditionalOnMissingBean(name = "switchboardServletInitializer")
    public ServletContextInitializer switchboardServletInitializer(SocketIoServer io, SocketIoLifecycle lifecycle,
            HandshakePrincipals principals) {
        return context -> {
            SocketIoServlet servlet = SocketIoServlet.install(context, io);
            lifecycle.mountedOnContainer(servlet::close);
            String name = servletName(context, io.path());
            FilterRegistration.Dynamic filter = context.addFilter(PRINCIPAL_FILTER, new HandshakePrincipalFilter(principals));
            if (filter != null && name != null) {
                filter.setAsyncSupported(true);
                filter.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), true, name);
            }
        };
    }

    /** The name the servlet was registered under: the one mapped to {@code <path>*}. */
    private static String servletName(ServletContext context, String path) {
        String mapping = path + "*";
        return context.getServletRegistrations().values().stream()
                .filter(r -> r.getMappings().contains(mapping))
                .map(jakarta.servlet.ServletRegistration::getName)
                .findFirst().orElse(null);
    }

    /**
     * Matches when {@code switchboard.server.port} is not set (in any of Spring's relaxed forms,
     * e.g. {@code SWITCHBOARD_SERVER_PORT}).
     */
    static final class NoSeparatePort extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean set = Binder.get(context.getEnvironment()).bind("switchboard.server.port", Integer.class).isBound();
            return set ? ConditionOutcome.noMatch("switchboard.server.port is set: a separate Netty port")
                    : ConditionOutcome.match("switchboard.server.port is not set: the application's own port");
        }
    }
}
