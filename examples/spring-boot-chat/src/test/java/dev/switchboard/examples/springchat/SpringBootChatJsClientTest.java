package dev.switchboard.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The official JS client (socket.io-client in Node, the version the interop module's lockfile
 * names) and the official Java client chat through the Spring Boot example on its one port: each
 * hears the other's line, the JS client's session upgraded to WebSocket on the servlet container,
 * and the REST endpoint lists both meanwhile. Node is required: without it the test fails and says
 * what to install, as the interop suites do.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringBootChatJsClientTest {

    private static final long WAIT_SECONDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Paths.get(System.getProperty("chat.node.client", "src/test/node/chat-client.mjs"))
            .toAbsolutePath().normalize();

    @Value("${local.server.port}")
    int port;

    @Autowired
    SocketIoServer io;

    @Test
    void theOfficialJsAndJavaClientsChatThroughTheApplicationsOnePort() throws Exception {
        BlockingQueue<JsonNode> heardByAda = new LinkedBlockingQueue<>();
        Socket ada = javaClient(heardByAda);
        Process node = null;
        try {
            node = NodeScript.start(SCRIPT, port, Map.of("WAIT_FOR", "Ada"), "socket.io-client");
            BlockingQueue<JsonNode> printed = NodeScript.lines(node, "node-chat-client");

            JsonNode ready = next(printed, "the JS client ready");
            assertThat(ready.get("event").asText()).as(ready.toString()).isEqualTo("ready");
            assertThat(ready.get("named").toString()).isEqualTo("{\"ok\":true}");
            assertThat(ready.get("transport").asText()).as("upgraded on the servlet container").isEqualTo("websocket");
            List<String> online = new ArrayList<>();
            tree(NodeScript.get(port, "/api/online")).forEach(u -> online.add(u.get("name").asText()));
            assertThat(online).containsExactly("Ada", "Node");

            JsonNode fromNode = next(heardByAda, "Node's line, heard by the Java client");
            assertThat(fromNode.get("from").asText()).isEqualTo("Node");
            assertThat(fromNode.get("text").asText()).isEqualTo("hello from Node");
            ada.emit("chat message", "hello from Java");

            List<String> heardByNode = new ArrayList<>();
            JsonNode line;
            while (!(line = next(printed, "the JS client's next line")).get("event").asText().equals("done")) {
                assertThat(line.get("event").asText()).as(line.toString()).isEqualTo("chat message");
                heardByNode.add(line.get("from").asText() + ": " + line.get("text").asText());
            }
            assertThat(heardByNode).containsExactly("Node: hello from Node", "Ada: hello from Java");
            assertThat(node.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("the JS client exits").isTrue();
            assertThat(node.exitValue()).isZero();
        } finally {
            ada.close();
            if (node != null) {
                node.destroyForcibly();
            }
        }
        // The application is shared with SpringBootChatTest: leave it without clients.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (io.engine().clientsCount() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(io.engine().clientsCount()).as("sessions left open").isZero();
    }

    /** The Java client, named Ada, recording the chat lines it hears. */
    private Socket javaClient(BlockingQueue<JsonNode> heard) throws Exception {
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.auth = java.util.Map.of("name", "Ada");
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port), options);
        socket.on("chat message", args -> {
            try {
                heard.add(tree(String.valueOf(args[0])));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.connect();
        connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return socket;
    }

    private static JsonNode next(BlockingQueue<JsonNode> queue, String what) throws InterruptedException {
        JsonNode n = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(n).as(what).isNotNull();
        return n;
    }

    private static JsonNode tree(String json) throws IOException {
        return JSON.readTree(json);
    }
}
