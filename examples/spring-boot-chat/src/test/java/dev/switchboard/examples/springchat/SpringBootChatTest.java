package dev.switchboard.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.SocketIoLifecycle;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Spring Boot chat started on a random port and driven by the official Java client: Socket.IO,
 * the client bundle, the REST endpoint and Actuator's health and metrics all on the application's
 * one port, and the chat's protocol through the annotated handlers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringBootChatTest {

    private static final long WAIT_SECONDS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${local.server.port}")
    int httpPort;

    @Autowired
    SocketIoLifecycle lifecycle;

    @Autowired
    SocketIoServer io;

    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The tests share the application: each leaves once the server saw its clients go. */
    @AfterEach
    void closeClients() {
        sockets.forEach(Socket::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while ((io.engine().clientsCount() > 0 || !io.of("/").sockets().isEmpty()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(io.engine().clientsCount()).as("sessions left open").isZero();
    }

    private Socket connect(BlockingQueue<String> events, String... recorded) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + httpPort), options);
        for (String event : recorded) {
            socket.on(event, args -> events.add(event + " " + args[0]));
        }
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.connect();
        connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
        sockets.add(socket);
        return socket;
    }

    private String get(String path) throws Exception {
        return response(path).body();
    }

    private HttpResponse<String> response(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }

    /** A meter's first measurement, as Actuator's {@code /actuator/metrics} shows it. */
    private double meter(String nameAndTags) throws Exception {
        return tree(get("/actuator/metrics/" + nameAndTags)).get("measurements").get(0).get("value").asDouble();
    }

    private static String next(BlockingQueue<String> events) throws InterruptedException {
        String e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(e).as("an event").isNotNull();
        return e;
    }

    /** JSON text as a tree: the Java client's org.json does not keep the order of keys. */
    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static Object ask(Socket socket, String event, Object arg) throws Exception {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        socket.emit(event, new Object[] {arg}, reply -> answer.complete(reply[0]));
        return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void socketIoTheClientBundleRestAndActuatorShareTheApplicationsPort() throws Exception {
        assertThat(lifecycle.onContainer()).as("mounted on the application's servlet container").isTrue();
        assertThat(lifecycle.port()).as("no separate port").isEqualTo(-1);

        Socket ada = connect(new LinkedBlockingQueue<>());
        HttpResponse<String> bundle = response("/socket.io/socket.io.js");
        assertThat(bundle.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(bundle.body()).contains("Socket.IO");
        assertThat(tree(get("/api/online")).get(0).get("id").asText()).isEqualTo(ada.id());
        assertThat(tree(get("/actuator/health")).get("status").asText()).isEqualTo("UP");
        assertThat(get("/")).contains("socket.io.js");
    }

    @Test
    void actuatorMetricsCountTheConnectedClientsByValue() throws Exception {
        double connectsBefore = meter("socketio.connects");
        connect(new LinkedBlockingQueue<>());
        connect(new LinkedBlockingQueue<>());

        assertThat(meter("socketio.sockets.connected?tag=namespace:/")).isEqualTo(2.0);
        assertThat(meter("socketio.connects")).isEqualTo(connectsBefore + 2);
        assertThat(meter("engineio.sessions.open?tag=transport:websocket")
                + meter("engineio.sessions.open?tag=transport:polling")).isEqualTo(2.0);
    }

    @Test
    void aNewcomerIsGreetedAndTheRestEndpointListsWhoIsOnline() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Socket ada = connect(events, "welcome", "online");
        String guest = "guest-" + ada.id().substring(0, 4);
        assertThat(next(events)).isEqualTo("welcome Hello, you are connected! You are " + guest + ".");
        String online = next(events);
        assertThat(online).startsWith("online ");
        assertThat(tree(online.substring("online ".length())))
                .isEqualTo(tree("[{\"id\":\"" + ada.id() + "\",\"name\":\"" + guest + "\"}]"));

        assertThat(ask(ada, "set name", "Ada").toString()).isEqualTo("{\"ok\":true}");
        Socket bob = connect(new LinkedBlockingQueue<>());
        assertThat(ask(bob, "set name", "Bob").toString()).isEqualTo("{\"ok\":true}");

        assertThat(tree(get("/api/online"))).isEqualTo(tree("[{\"id\":\"" + ada.id() + "\",\"name\":\"Ada\"},"
                + "{\"id\":\"" + bob.id() + "\",\"name\":\"Bob\"}]"));
    }

    @Test
    void everyoneHearsWhoArrivesIsRenamedAndLeavesInThePagesPresenceShape() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Socket ada = connect(events, "presence");
        Socket bob = connect(new LinkedBlockingQueue<>());
        String guest = "guest-" + bob.id().substring(0, 4);
        assertThat(tree(presence(events))).isEqualTo(tree("{\"joined\":[{\"id\":\"" + bob.id() + "\",\"name\":\""
                + guest + "\"}],\"renamed\":[],\"left\":[]}"));

        assertThat(ask(bob, "set name", "Bob").toString()).isEqualTo("{\"ok\":true}");
        assertThat(tree(presence(events))).isEqualTo(tree("{\"joined\":[],\"renamed\":[{\"id\":\"" + bob.id()
                + "\",\"name\":\"Bob\"}],\"left\":[]}"));

        String bobId = bob.id();
        bob.disconnect();
        assertThat(tree(presence(events))).isEqualTo(tree("{\"joined\":[],\"renamed\":[],\"left\":[\"" + bobId + "\"]}"));
        assertThat(ada.connected()).isTrue();
    }

    private static String presence(BlockingQueue<String> events) throws InterruptedException {
        String e = next(events);
        assertThat(e).startsWith("presence ");
        return e.substring("presence ".length());
    }

    @Test
    void aChatMessageReachesEveryoneWithItsSendersName() throws Exception {
        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        Socket a = connect(first, "chat message");
        assertThat(ask(a, "set name", "Ada").toString()).isEqualTo("{\"ok\":true}");
        BlockingQueue<String> second = new LinkedBlockingQueue<>();
        connect(second, "chat message");

        a.emit("chat message", "  hello  ");

        for (BlockingQueue<String> q : List.of(first, second)) {
            String e = next(q);
            assertThat(e).startsWith("chat message ");
            JsonNode m = tree(e.substring("chat message ".length()));
            assertThat(m.get("room").asText()).isEmpty();
            assertThat(m.get("from").asText()).isEqualTo("Ada");
            assertThat(m.get("text").asText()).isEqualTo("hello");
            assertThat(m.get("at").isNumber()).isTrue();
        }
    }

    @Test
    void actuatorHealthShowsTheSwitchboardComponentUp() throws Exception {
        connect(new LinkedBlockingQueue<>());
        JsonNode health = tree(get("/actuator/health"));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode sb = health.get("components").get("switchboard");
        assertThat(sb.get("status").asText()).isEqualTo("UP");
        assertThat(sb.get("details").get("running").asBoolean()).isTrue();
        assertThat(sb.get("details").get("adapter").asText()).isEqualTo("in-memory");
        assertThat(sb.get("details").get("sessions").asInt()).isEqualTo(1);
        assertThat(sb.get("details").get("sockets")).isEqualTo(tree("{\"/\":1}"));
    }
}
