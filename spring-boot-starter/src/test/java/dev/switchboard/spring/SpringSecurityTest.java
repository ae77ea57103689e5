package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.socketio.Socket;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security (HTTP Basic, every request authenticated) in front of Socket.IO on the
 * application's own container, with the official Java client: with credentials it connects over
 * long-polling and over WebSocket, and the handlers get Spring Security's {@link Authentication} as
 * the handshake's principal; without them the handshake is refused with 401 on both transports. CSRF
 * protection covers every {@code POST}, long-polling's included, so {@code /socket.io/**} is exempted;
 * without the exemption an authenticated client's polling {@code POST} is refused with 403.
 */
class SpringSecurityTest {

    private static final Map<String, List<String>> ADA = Map.of("Authorization",
            List.of("Basic " + Base64.getEncoder().encodeToString("ada:secret".getBytes(StandardCharsets.UTF_8))));

    /** Greets with the principal's name and authorities, and echoes through an acknowledgement. */
    static class Handlers {
        @OnConnect
        void hello(Socket socket, Principal user) {
            // Roles only: Spring Security 7 adds a factor authority (FACTOR_PASSWORD) that 6.5 has not.
            socket.emit("hello", user instanceof Authentication a
                    ? a.getName() + " " + a.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                            .filter(r -> r.startsWith("ROLE_")).toList() + " " + a.isAuthenticated()
                    : String.valueOf(user));
        }

        @OnEvent("echo")
        String echo(String text) {
            return text;
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        Handlers handlers() {
            return new Handlers();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("ada").password("{noop}secret").roles("USER").build());
        }

        /** The exemption that long-polling needs: its POSTs carry no CSRF token. */
        @Bean
        SecurityFilterChain security(HttpSecurity http, @Value("${test.csrf-exempt:true}") boolean exempt) throws Exception {
            // The error dispatch is let through so that a refusal keeps its own status (a CSRF 403 would
            // otherwise become the 401 of the unauthenticated error page).
            http.authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                    .anyRequest().authenticated()).httpBasic(Customizer.withDefaults());
            if (exempt) {
                http.csrf(csrf -> csrf.ignoringRequestMatchers("/socket.io/**"));
            }
            return http.build();
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

    private int start(String... properties) {
        List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1"));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .properties(all.toArray(String[]::new)).run();
        open.add(context);
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private TestClient client(int port, Map<String, List<String>> headers, String transport) throws Exception {
        TestClient client = new TestClient(port, "/", headers, List.of(transport), "hello");
        open.add(client);
        return client;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withCredentialsAPollingClientConnectsAndItsHandlersGetSpringSecuritysPrincipal() throws Exception {
        TestClient client = client(start(), ADA, "polling");
        assertThat(client.next()).isEqualTo("hello ada [ROLE_USER] true");
        // An acknowledged event travels by a polling POST: it passes the CSRF filter thanks to the exemption.
        assertThat(client.ask("echo", "over POST")).isEqualTo("over POST");
    }

    @Test
    void withCredentialsAWebSocketClientConnectsAndItsHandlersGetSpringSecuritysPrincipal() throws Exception {
        TestClient client = client(start(), ADA, "websocket");
        assertThat(client.next()).isEqualTo("hello ada [ROLE_USER] true");
        assertThat(client.ask("echo", "over WebSocket")).isEqualTo("over WebSocket");
    }

    @Test
    void withoutCredentialsTheHandshakeIsRefusedWith401OnBothTransports() throws Exception {
        int port = start();
        HttpResponse<String> polling = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling")));
        assertThat(polling.statusCode()).isEqualTo(401);
        assertThat(polling.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"Realm\"");

        assertThatThrownBy(() -> http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"),
                        new WebSocket.Listener() { })
                .join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));

        assertThatThrownBy(() -> client(port, Map.of(), "polling")).hasMessageContaining("connect_error");
        assertThatThrownBy(() -> client(port, Map.of(), "websocket")).hasMessageContaining("connect_error");
    }

    @Test
    void withoutTheCsrfExemptionAnAuthenticatedPollingPostIsRefusedWith403() throws Exception {
        int port = start("test.csrf-exempt=false");
        String base = "http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling";
        String auth = ADA.get("Authorization").get(0);
        HttpResponse<String> handshake = send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", auth));
        assertThat(handshake.statusCode()).isEqualTo(200);
        Matcher sid = Pattern.compile("^0\\{\"sid\":\"([^\"]+)\"").matcher(handshake.body());
        assertThat(sid.find()).as("an Engine.IO open packet: %s", handshake.body()).isTrue();

        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid.group(1)))
                .header("Authorization", auth).header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString("40")));
        assertThat(post.statusCode()).isEqualTo(403);
    }
}
