package dev.switchboard.socketio.javaclient;

import static dev.switchboard.fixtures.OrgJson.array;
import static dev.switchboard.fixtures.OrgJson.get;
import static dev.switchboard.fixtures.OrgJson.json;
import static dev.switchboard.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.Inbox;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.Await;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Typed payloads both ways: records mapped by Jackson on the server, {@link JSONObject} and
 * {@link JSONArray} on the Java client; several arguments of mixed types, text that needs escaping,
 * and events without arguments.
 */
class JavaClientPayloadTest {

    record Item(String sku, int qty) {
    }

    record Order(String id, List<Item> items, Map<String, Integer> tags, double total, boolean paid, String note) {
    }

    record Point(int x, int y) {
    }

    private static final String TRICKY = "héllo ✓ 🎉 \"quoted\" back\\slash / tab\t newline\n </script> \u0001";

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void clientObjectArrivesAsARecord(ClientTransport transport) {
        CompletableFuture<Order> received = new CompletableFuture<>();
        fx.io.onConnection(s -> s.on("order", Order.class, received::complete));
        io.socket.client.Socket client = fx.connect(transport, "/");

        client.emit("order", json(
                "id", "o-1",
                "items", array(json("sku", "a-1", "qty", 2), json("sku", "b-2", "qty", 1)),
                "tags", json("priority", 3),
                "total", 12.5,
                "paid", true,
                "note", JSONObject.NULL));

        assertThat(await(received)).isEqualTo(new Order("o-1",
                List.of(new Item("a-1", 2), new Item("b-2", 1)), Map.of("priority", 3), 12.5, true, null));
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void serverRecordArrivesAsAJsonObject(ClientTransport transport) {
        Map<String, Integer> tags = new LinkedHashMap<>();
        tags.put("priority", 3);
        Order order = new Order("o-2", List.of(new Item("c-3", 7)), tags, 0.25, false, TRICKY);
        fx.io.onConnection(s -> s.emit("order", order));
        io.socket.client.Socket client = fx.socket(transport, "/");
        Inbox inbox = Inbox.of(client);
        ServerFixture.connect(client);

        JSONObject o = (JSONObject) inbox.next("order").arg(0);
        assertThat(get(o, "id")).isEqualTo("o-2");
        JSONObject item = (JSONObject) get((JSONArray) get(o, "items"), 0);
        assertThat(get(item, "sku")).isEqualTo("c-3");
        assertThat(get(item, "qty")).isEqualTo(7);
        assertThat(get((JSONObject) get(o, "tags"), "priority")).isEqualTo(3);
        assertThat(get(o, "total")).isEqualTo(0.25);
        assertThat(get(o, "paid")).isEqualTo(false);
        assertThat(get(o, "note")).isEqualTo(TRICKY);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void mixedArgumentsMapToTheirTypesAndEchoBackUnchanged(ClientTransport transport) {
        BlockingQueue<EventArgs> received = new LinkedBlockingQueue<>();
        fx.io.onConnection(s -> s.on("mixed", (args, ack) -> {
            received.add(args);
            ack.send(args);
        }));
        io.socket.client.Socket client = fx.connect(transport, "/");

        CompletableFuture<Object[]> echoed = new CompletableFuture<>();
        client.emit("mixed", new Object[] {42, TRICKY, true, JSONObject.NULL, array(1, 2, 3), 3.5,
                json("x", -1, "y", 9)}, echoed::complete);

        EventArgs args = Await.take(received);
        assertThat(args.size()).isEqualTo(7);
        assertThat(args.get(0, Integer.class)).isEqualTo(42);
        assertThat(args.get(1, String.class)).isEqualTo(TRICKY);
        assertThat(args.get(2, Boolean.class)).isTrue();
        assertThat(args.get(3).isNull()).isTrue();
        assertThat(args.get(3, String.class)).isNull();
        assertThat(args.get(4, int[].class)).containsExactly(1, 2, 3);
        assertThat(args.get(5, Double.class)).isEqualTo(3.5);
        assertThat(args.get(6, Point.class)).isEqualTo(new Point(-1, 9));

        Object[] back = await(echoed);
        assertThat(back).hasSize(7);
        assertThat(back[0]).isEqualTo(42);
        assertThat(back[1]).isEqualTo(TRICKY);
        assertThat(back[2]).isEqualTo(true);
        assertThat(back[3]).as("JSON null").isNull();
        assertThat(back[4].toString()).isEqualTo("[1,2,3]");
        assertThat(back[5]).isEqualTo(3.5);
        assertThat(get((JSONObject) back[6], "x")).isEqualTo(-1);
        assertThat(get((JSONObject) back[6], "y")).isEqualTo(9);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void genericTypesMapBothWays(ClientTransport transport) {
        CompletableFuture<List<Point>> received = new CompletableFuture<>();
        fx.io.onConnection(s -> s.on("path", (args, ack) -> {
            List<Point> path = args.get(0, new TypeReference<List<Point>>() { });
            received.complete(path);
            List<Point> reversed = new ArrayList<>(path);
            java.util.Collections.reverse(reversed);
            ack.send(reversed);
        }));
        io.socket.client.Socket client = fx.connect(transport, "/");

        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("path", new Object[] {array(json("x", 1, "y", 2), json("x", 3, "y", 4))}, answer::complete);

        assertThat(await(received)).containsExactly(new Point(1, 2), new Point(3, 4));
        JSONArray back = (JSONArray) await(answer)[0];
        assertThat(back.length()).isEqualTo(2);
        assertThat(get((JSONObject) get(back, 0), "x")).isEqualTo(3);
        assertThat(get((JSONObject) get(back, 1), "y")).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void eventsWithoutArgumentsWorkBothWays(ClientTransport transport) {
        CompletableFuture<Integer> sizeSeen = new CompletableFuture<>();
        fx.io.onConnection(s -> s.on("nothing", (args, ack) -> {
            sizeSeen.complete(args.size());
            s.emit("nothing back");
        }));
        io.socket.client.Socket client = fx.socket(transport, "/");
        Inbox inbox = Inbox.of(client);
        ServerFixture.connect(client);

        client.emit("nothing");

        assertThat(await(sizeSeen)).isZero();
        assertThat(inbox.next("nothing back").args()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void jsonTreesPassThroughAsTheyAre(ClientTransport transport) {
        CompletableFuture<JsonNode> received = new CompletableFuture<>();
        fx.io.onConnection(s -> s.on("tree", JsonNode.class, received::complete));
        io.socket.client.Socket client = fx.connect(transport, "/");

        client.emit("tree", json("a", array(json("b", JSONObject.NULL)), "n", 1.5e10));

        JsonNode tree = await(received);
        assertThat(tree.path("a").path(0).has("b")).isTrue();
        assertThat(tree.path("a").path(0).get("b").isNull()).isTrue();
        assertThat(tree.path("n").asDouble()).isEqualTo(1.5e10);
    }
}
