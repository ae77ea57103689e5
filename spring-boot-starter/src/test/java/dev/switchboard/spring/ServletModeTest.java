package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.Handshake;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real servlet web application (Spring MVC on embedded Tomcat) with the starter: without
 * {@code switchboard.server.port} Socket.IO answers on the application's own port beside its
 * controllers, the principal the application's filters authenticated reaches the handlers, the
 * meters count the official Java client by value, and Spring's shutdown is as graceful as on the
 * separate port; with the port set, Socket.IO keeps its own Netty port.
 */
class ServletModeTest {

    /** Handlers: a greeting naming the handshake's principal, and an answer the test releases. */
    static class Handlers {
        final CompletableFuture<String> answer = new CompletableFuture<>();
        final CompletableFuture<Void> asked = new CompletableFuture<>();
        final CompletableFuture<DisconnectReason> left = new CompletableFuture<>();

        @OnConnect
        void hello(Socket socket, Principal user, Handshake handshake) {
            boolean token = handshake.headers().containsKey(HandshakePrincipals.TOKEN_HEADER);
            socket.emit("hello", (user == null ? "anonymous" : user.getName()) + (token ? " token" : " no-token"));
        }

        @OnEvent("slow")
        CompletableFuture<String> slow() {
            asked.complete(null);
            return answer;
        }

        @OnDisconnect
        void left(DisconnectReason reason) {
            left.complete(reason);
        }
    }

    /** A REST endpoint beside Socket.IO. */
    @RestController
    static class Hello {
        @GetMapping("/api/hello")
        String hello() {
            return "hi";
        }
    }

    /**
     * The application's authentication, as Spring Security's filter chain would do it: the user
     * named by {@code x-test-user} becomes the request's principal.
     */
    static class TestLogin extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            String user = req.getHeader("x-test-user");
            chain.doFilter(user == null ? req : new HttpServletRequestWrapper(req) {
                @Override
                public Principal getUserPrincipal() {
                    return () -> user;
                }
            }, res);
        }
    }

    /**
     * Without Spring Security, which is on the test class path for {@link SpringSecurityTest}: here
     * {@link TestLogin} is the application's authentication. Excluding the filter's registration is
     * not enough (Boot registers any {@code Filter} bean, Spring Security's chain included), so all
     * of its servlet auto-configuration goes, named as on Boot 4 and as on Boot 3.5; each version
     * ignores the names it does not have.
     */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = {
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration"})
    @Import(Hello.class)
    static class App {
        @Bean
        Handlers handlers() {
            return new Handlers();
        }

        @Bean
        FilterRegistrationBean<TestLogin> testLogin() {
            FilterRegistrationBean<TestLogin> registration = new FilterRegistrationBean<>(new TestLogin());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
                "spring.lifecycle.timeout-per-shutdown-phase=20s"));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties(all.toArray(String[]::new)).run();
        open.add(context);
        return context;
    }

    private static int appPort(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private TestClient client(int port, Map<String, List<String>> headers) throws Exception {
        TestClient client = new TestClient(port, "/", headers, "hello");
        open.add(client);
        return client;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAPortSocketIoRestAndTheClientBundleShareTheApplicationsPort() throws Exception {
        ConfigurableApplicationContext context = start();
        SocketIoLifecycle lifecycle = context.getBean(SocketIoLifecycle.class);
        assertThat(lifecycle.onContainer()).isTrue();
        assertThat(lifecycle.port()).isEqualTo(-1);
        int port = appPort(context);

        TestClient client = client(port, Map.of());
        assertThat(client.next()).isEqualTo("hello anonymous no-token");
        HttpResponse<String> rest = get(port, "/api/hello");
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(rest.body()).isEqualTo("hi");
        HttpResponse<String> bundle = get(port, "/socket.io/socket.io.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(bundle.body()).contains("Socket.IO");
    }

    @Test
    void theMetersCountTheConnectedClientByValue() throws Exception {
        ConfigurableApplicationContext context = start();
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        client(appPort(context), Map.of()).next();

        assertThat(registry.get("socketio.sockets.connected").tag("namespace", "/").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("socketio.connects").functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("engineio.handshakes").functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    void theHandshakesAuthenticatedPrincipalReachesTheHandlersAndAClientsOwnTokenHeaderIsDropped() throws Exception {
        int port = appPort(start());
        assertThat(client(port, Map.of("x-test-user", List.of("ada"))).next()).isEqualTo("hello ada token");
        TestClient forger = client(port, Map.of(HandshakePrincipals.TOKEN_HEADER, List.of("forged")));
        assertThat(forger.next()).isEqualTo("hello anonymous no-token");
    }

    @Test
    void withAPortSocketIoKeepsItsOwnNettyPortInAServletApplication() throws Exception {
        ConfigurableApplicationContext context = start("switchboard.server.port=0", "switchboard.server.host=127.0.0.1");
        SocketIoLifecycle lifecycle = context.getBean(SocketIoLifecycle.class);
        assertThat(lifecycle.onContainer()).isFalse();
        assertThat(lifecycle.port()).isPositive();
        assertThat(client(lifecycle.port(), Map.of()).next()).isEqualTo("hello anonymous no-token");
        assertThat(get(appPort(context), "/socket.io/?EIO=4&transport=polling").statusCode()).isEqualTo(404);
    }

    @Test
    void shutdownOnTheApplicationsContainerAnswersOwedAcksThenClosesTheSockets() throws Exception {
        ConfigurableApplicationContext context = start();
        int port = appPort(context);
        SocketIoLifecycle lifecycle = context.getBean(SocketIoLifecycle.class);
        Handlers handlers = context.getBean(Handlers.class);
        TestClient client = client(port, Map.of());
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> acked = new CompletableFuture<>();
        client.socket.emit("slow", new Object[0], reply -> {
            order.add("ack " + reply[0]);
            acked.complete(String.valueOf(reply[0]));
        });
        client.disconnected.thenAccept(reason -> order.add("disconnect " + reason));
        handlers.asked.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
        TestClient.awaitWebSocket(context.getBean(SocketIoServer.class));

        CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestClient.WAIT_SECONDS);
        while (lifecycle.accepting() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(lifecycle.accepting()).as("the shutdown began").isFalse();
        HttpResponse<String> refused = get(port, "/socket.io/?EIO=4&transport=polling");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"server shutting down\"}");
        assertThat(client.disconnected).as("still connected while the ack is owed").isNotDone();

        handlers.answer.complete("done");
        assertThat(acked.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done");
        // The binding's stop waits for the container to close the WebSocket it opened, so the
        // close frame is out before the container's endpoints go: the reason of socket.io 4.8.
        assertThat(client.disconnected.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("transport close");
        closed.get(TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(handlers.left.getNow(null)).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
        assertThat(order).hasSize(2).startsWith("ack done");
    }
}
