package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.socketio.Ack;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Handshake;
import dev.switchboard.socketio.Socket;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Handler beans, driven by the official Java client over the separate Netty port: annotated
 * methods (payloads by parameter type, acks by parameter or return value, namespaces by class or
 * method) and {@link SocketIoConfigurer}s.
 */
class AnnotatedHandlersTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class))
            .withPropertyValues("switchboard.server.port=0", "switchboard.server.host=127.0.0.1");

    record Point(int x, int y) {
    }

    record Sum(int total, int count) {
    }

    /** Handlers on the main namespace, as a plain bean. */
    static class MainHandlers {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @OnConnect
        void hello(Socket socket, Handshake handshake, Principal principal) {
            socket.emit("welcome", "hello " + handshake.query().get("EIO") + " " + principal);
        }

        @OnEvent("add")
        Sum add(List<Point> points) {
            return new Sum(points.stream().mapToInt(p -> p.x() + p.y()).sum(), points.size());
        }

        @OnEvent("echo")
        void echo(EventArgs args, Ack ack) {
            ack.send(args);
        }

        @OnEvent("greet")
        void greet(Socket socket, String name, Integer times) {
            socket.emit("greeting", name + " x" + times);
        }

        @OnEvent("later")
        CompletionStage<String> later(String text) {
            return CompletableFuture.supplyAsync(() -> text.toUpperCase());
        }

        @OnDisconnect
        void bye(Socket socket, DisconnectReason reason, String description) {
            seen.add("left " + reason.text());
        }
    }

    /** A namespace's handlers, as a controller. */
    @SocketIoController(namespace = "/chat")
    static class ChatController {
        @OnEvent("chat message")
        String chat(Socket socket, String text) {
            return "chat:" + socket.nsp().name() + ":" + text;
        }

        @OnEvent(value = "where", namespace = "/admin")
        String where(Socket socket) {
            return socket.nsp().name();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        MainHandlers mainHandlers() {
            return new MainHandlers();
        }

        @Bean
        ChatController chatController() {
            return new ChatController();
        }

        @Bean
        SocketIoConfigurer plain() {
            return io -> io.on("connection", socket -> socket.on("ping me", (args, ack) -> ack.send("pong")));
        }
    }

    private static int port(org.springframework.context.ApplicationContext context) {
        return context.getBean(SocketIoLifecycle.class).port();
    }

    @Test
    void onConnectGetsTheSocketTheHandshakeAndNoPrincipalOnTheNettyPort() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            try (TestClient c = new TestClient(port(context), "/", "welcome")) {
                assertThat(c.next()).isEqualTo("welcome hello 4 null");
            }
        });
    }

    @Test
    void payloadsAreReadAsTheParametersGenericTypesAndTheReturnValueAnswersTheAck() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            try (TestClient c = new TestClient(port(context), "/")) {
                JSONArray points = new JSONArray().put(new JSONObject().put("x", 1).put("y", 2))
                        .put(new JSONObject().put("x", 10).put("y", 20));
                assertThat(c.ask("add", points)).isEqualTo("{\"total\":33,\"count\":2}");
            }
        });
    }

    @Test
    void anAckParameterAnswersAndArgumentsMayBeTakenWhole() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            try (TestClient c = new TestClient(port(context), "/")) {
                assertThat(c.ask("echo", "a", 2)).isEqualTo("a");
            }
        });
    }

    @Test
    void aMissingPayloadArgumentIsNull() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            try (TestClient c = new TestClient(port(context), "/", "greeting")) {
                c.socket.emit("greet", "Ada", 3);
                assertThat(c.next()).isEqualTo("greeting Ada x3");
                c.socket.emit("greet", "Bob");
                assertThat(c.next()).isEqualTo("greeting Bob xnull");
            }
        });
    }

    @Test
    void aCompletionStageAnswersTheAckWhenItCompletes() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            try (TestClient c = new TestClient(port(context), "/")) {
                assertThat(c.ask("later", "quiet")).isEqualTo("QUIET");
            }
        });
    }

    @Test
    void onDisconnectGetsTheReason() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            new TestClient(port(context), "/").close();
            assertThat(context.getBean(MainHandlers.class).seen.poll(TestClient.WAIT_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo("left client namespace disconnect");
        });
    }

    @Test
    void aControllerServesItsNamespaceAndAMethodMayNameAnother() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            try (TestClient chat = new TestClient(port(context), "/chat");
                    TestClient admin = new TestClient(port(context), "/admin")) {
                assertThat(chat.ask("chat message", "hi")).isEqualTo("chat:/chat:hi");
                assertThat(admin.ask("where")).isEqualTo("/admin");
            }
        });
    }

    @Test
    void aConfigurerSetsPlainHandlers() throws Exception {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            try (TestClient c = new TestClient(port(context), "/")) {
                assertThat(c.ask("ping me")).isEqualTo("pong");
            }
        });
    }

    /** A handler whose parameter nothing can supply. */
    static class Broken {
        @OnConnect
        void connect(Socket socket, Integer what) {
        }
    }

    @Test
    void aMethodWithAParameterNothingSuppliesFailsTheStartNamingIt() {
        runner.withBean(Broken.class).run(context -> assertThat(context).getFailure()
                .hasMessageContaining("Broken.connect").hasMessageContaining("java.lang.Integer"));
    }
}
