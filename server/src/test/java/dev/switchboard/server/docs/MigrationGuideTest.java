package dev.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import io.socket.client.Ack;
import io.socket.client.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/MIGRATING-FROM-NETTY-SOCKETIO.md}: its converted example is {@link MigratedChat}'s
 * code, and that code does what the guide says with the official Java client.
 */
class MigrationGuideTest {

    private static final String PAGE = "docs/MIGRATING-FROM-NETTY-SOCKETIO.md";
    private static final String SOURCE = "server/src/test/java/dev/switchboard/server/docs/MigratedChat.java";
    private static final long T = OfficialClients.TIMEOUT_SECONDS;

    private NettyServer server;
    private OfficialClients clients;

    @BeforeEach
    void start() {
        server = MigratedChat.start("127.0.0.1", 0);
        clients = new OfficialClients();
    }

    @AfterEach
    void stop() {
        clients.close();
        server.close();
    }

    @Test
    void theGuidesJavaBlocksAreTheCompiledExample() throws Exception {
        Map<String, DocBlocks.Block> blocks = DocBlocks.marked(PAGE);
        Map<String, String> regions = DocBlocks.regions(SOURCE);
        assertThat(blocks.keySet()).as("blocks of %s marked <!-- snippet: NAME -->", PAGE)
                .containsExactlyInAnyOrderElementsOf(regions.keySet());
        for (DocBlocks.Block block : blocks.values()) {
            assertThat(block.code()).as("the %s block of %s against the region of %s", block.name(), PAGE, SOURCE)
                    .isEqualTo(regions.get(block.name()));
        }
    }

    @Test
    void convertedServerWelcomesJoinsWithAnAckAndBroadcastsToTheRoom() throws Exception {
        String url = "http://127.0.0.1:" + server.port() + "/?user=";
        Socket ann = clients.socket(url + "ann", false);
        Socket bob = clients.socket(url + "bob", false);
        Socket eve = clients.socket(url + "eve", false);
        CompletableFuture<Object[]> welcome = OfficialClients.next(ann, "welcome");
        for (Socket s : new Socket[] {ann, bob, eve}) {
            OfficialClients.connect(s, T);
        }
        assertThat(welcome.get(T, TimeUnit.SECONDS)).containsExactly("Hello, ann");

        assertThat(join(ann, "lobby")).isEqualTo("joined lobby");
        assertThat(join(bob, "lobby")).isEqualTo("joined lobby");
        CompletableFuture<Object[]> toBob = OfficialClients.next(bob, "said");
        CompletableFuture<Object[]> toEve = OfficialClients.next(eve, "said");
        ann.emit("say", new JSONObject().put("room", "lobby").put("text", "hi all"));

        Object[] said = toBob.get(T, TimeUnit.SECONDS);
        assertThat(said[0]).isEqualTo("ann");
        JSONObject message = (JSONObject) said[1];
        assertThat(message.getString("room")).isEqualTo("lobby");
        assertThat(message.getString("text")).isEqualTo("hi all");
        // eve is in no room: a message to her now proves that the room's message did not reach her.
        assertThat(join(eve, "kitchen")).isEqualTo("joined kitchen");
        bob.emit("say", new JSONObject().put("room", "kitchen").put("text", "only eve"));
        assertThat(((JSONObject) toEve.get(T, TimeUnit.SECONDS)[1]).getString("text")).isEqualTo("only eve");
    }

    private static Object join(Socket socket, String room) throws Exception {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        socket.emit("join", new Object[] {room}, (Ack) args -> answer.complete(args.length > 0 ? args[0] : null));
        return answer.get(T, TimeUnit.SECONDS);
    }
}
