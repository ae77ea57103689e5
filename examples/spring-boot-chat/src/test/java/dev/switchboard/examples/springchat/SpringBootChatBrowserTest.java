package dev.switchboard.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.SocketIoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Two people chat in the Spring Boot example's page in a real browser: headless Chromium (Debian's,
 * driven by playwright-core from the interop module's npm packages, by {@code chat-browser.mjs})
 * loads the page and the client bundle from the application's one port, a line typed in one page
 * shows in the other, a reloaded page chats on, and no page logs an error. The server's side is
 * checked here meanwhile: the REST endpoint lists exactly the pages' sockets, and no session is
 * left once the browser closed. Without Chromium (or Node) the test fails and says what to install,
 * as the interop browser suite does: it never passes silently.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringBootChatBrowserTest {

    private static final long WAIT_SECONDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path SCRIPT = Paths.get(System.getProperty("chat.node.browser", "src/test/node/chat-browser.mjs"))
            .toAbsolutePath().normalize();
    /** The client bundle's type as the browser saw it: Tomcat writes the binding's type without the space. */
    private static final String BUNDLE_TYPE = "application/javascript;charset=utf-8";

    @Value("${local.server.port}")
    int port;

    @Autowired
    SocketIoServer io;

    @Test
    void twoPagesChatInChromiumAndAReloadedPageChatsOnWithNoErrorAndNoSessionLeft() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("Chromium is needed for the browser test: apt-get install chromium").isTrue();
        // The application is shared with the other tests of this module: start from no client.
        awaitSockets("sessions left by another test");
        Process node = NodeScript.start(SCRIPT, port, Map.of(), "playwright-core", "socket.io-client");
        try (OutputStream toNode = node.getOutputStream()) {
            BlockingQueue<JsonNode> printed = NodeScript.lines(node, "node-chat-browser");

            JsonNode connected = next(printed, "connected");
            String a = connected.at("/a/id").asText();
            String b = connected.at("/b/id").asText();
            assertThat(connected).isEqualTo(object().put("event", "connected")
                    .<ObjectNode>set("a", object().put("id", a).put("transport", "websocket"))
                    .<ObjectNode>set("b", object().put("id", b).put("transport", "websocket"))
                    .put("title", "Switchboard chat").put("io", "function"));
            assertThat(io.engine().clientsCount()).as("sessions while both pages are open").isEqualTo(2);
            assertThat(socketIds()).as("sockets while both pages are open").containsExactlyInAnyOrder(a, b);
            assertThat(tree(NodeScript.get(port, "/api/online"))).as("GET /api/online").isEqualTo(online(a, b));
            goOn(toNode);

            JsonNode reloaded = next(printed, "reloaded");
            String b2 = reloaded.at("/b/id").asText();
            assertThat(b2).as("the reloaded page's socket id").isNotIn(a, b, "");
            assertThat(reloaded).isEqualTo(object().put("event", "reloaded")
                    .set("b", object().put("id", b2).put("transport", "websocket")));
            // The new page is connected already; the old one's WebSocket closed as it unloaded.
            awaitSockets("the reloaded page's old session to close", a, b2);
            assertThat(tree(NodeScript.get(port, "/api/online"))).as("GET /api/online after the reload").isEqualTo(online(a, b2));
            goOn(toNode);

            JsonNode result = next(printed, "result");
            ObjectNode bundle = object().put("status", 200).put("contentType", BUNDLE_TYPE);
            // The reload revalidates the bundle the page has cached: 304 Not Modified, with no body to type.
            ObjectNode expected = object().put("event", "result");
            expected.set("bundles", object().<ObjectNode>set("a", array(bundle)).set("b", array(bundle, object().put("status", 304))));
            expected.set("seenByB", array(welcome(b), line(a, "hello from A")));
            expected.set("seenByA", array(welcome(a), line(a, "hello from A"), line(b2, "back after a reload"), line(a, "welcome back")));
            expected.set("seenByBAfterReload", array(welcome(b2), line(b2, "back after a reload"), line(a, "welcome back")));
            expected.set("errors", array());
            assertThat(result).isEqualTo(expected);
            assertThat(node.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("the browser script exits").isTrue();
            assertThat(node.exitValue()).isZero();
        } finally {
            node.destroyForcibly();
        }
        // Both pages upgraded to WebSocket, which closes with the browser: the server sees them go.
        awaitSockets("sessions left open after the browser closed");
    }

    /** The online list as GET /api/online answers it: sorted by name, here the guest names. */
    private static ArrayNode online(String... ids) {
        ArrayNode users = JSON.createArrayNode();
        Arrays.stream(ids).sorted((x, y) -> guest(x).compareTo(guest(y)))
                .forEach(id -> users.add(object().put("id", id).put("name", guest(id))));
        return users;
    }

    /** The name the chat gives a page that did not choose one. */
    private static String guest(String id) {
        return "guest-" + id.substring(0, 4);
    }

    private static String welcome(String id) {
        return "Hello, you are connected! You are " + guest(id) + ".";
    }

    private static String line(String id, String text) {
        return guest(id) + ": " + text;
    }

    /**
     * Waits, with a deadline, until the server has exactly these sockets and one Engine.IO session
     * each. Both, because a closing session leaves the engine's count before its close listeners
     * take its socket out of the namespace.
     */
    private void awaitSockets(String what, String... ids) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!(io.engine().clientsCount() == ids.length && socketIds().equals(Set.of(ids))) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(socketIds()).as(what).containsExactlyInAnyOrder(ids);
        assertThat(io.engine().clientsCount()).as(what).isEqualTo(ids.length);
    }

    /** The ids of the server's sockets in the main namespace. */
    private Set<String> socketIds() throws Exception {
        return io.fetchSockets().get(WAIT_SECONDS, TimeUnit.SECONDS).stream().map(RemoteSocket::id).collect(Collectors.toSet());
    }

    /** Lets the script go on to its next step. */
    private static void goOn(OutputStream toNode) throws IOException {
        toNode.write("go\n".getBytes(StandardCharsets.UTF_8));
        toNode.flush();
    }

    /** The script's next line, which must be the step named: an "error" line fails with its text. */
    private static JsonNode next(BlockingQueue<JsonNode> queue, String event) throws InterruptedException {
        JsonNode n = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(n).as("the browser script's \"%s\" line", event).isNotNull();
        assertThat(n.path("event").asText()).as(n.toString()).isEqualTo(event);
        return n;
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static ArrayNode array(Object... items) {
        ArrayNode a = JSON.createArrayNode();
        for (Object item : items) {
            if (item instanceof JsonNode n) {
                a.add(n);
            } else {
                a.add((String) item);
            }
        }
        return a;
    }

    private static JsonNode tree(String json) throws IOException {
        return JSON.readTree(json);
    }
}
