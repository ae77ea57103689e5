package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who is online, with the official Java client: a newcomer gets the whole list once; the others
 * get only the changes (joined, renamed, left), gathered into one {@code presence} event per
 * interval, never the whole list again.
 */
class ChatServerTest {

    private static final long WAIT_SECONDS = 10;

    private final SocketIoServer io = ChatServer.createServer();
    private final NettyServer http = ChatServer.http(io).listen("127.0.0.1", 0);
    private final List<Client> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        clients.forEach(c -> c.socket.close());
        io.close().get(10, TimeUnit.SECONDS);
        http.close();
    }

    /** A connected client recording the presence events. */
    private final class Client {
        final Socket socket;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        Client() throws Exception {
            IO.Options options = new IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            socket = IO.socket(URI.create("http://127.0.0.1:" + http.port()), options);
            for (String event : List.of("online", "presence")) {
                socket.on(event, args -> events.add(event + " " + describe(args[0])));
            }
            CompletableFuture<Void> connected = new CompletableFuture<>();
            socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
            socket.connect();
            connected.get(WAIT_SECONDS, TimeUnit.SECONDS);
            clients.add(this);
        }

        String next() throws InterruptedException {
            String e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(e).as("a presence event").isNotNull();
            return e;
        }

        String id() {
            return socket.id();
        }
    }

    /**
     * A user as {@code id:name}, a list as {@code [id:name, ...]}, a presence change as
     * {@code joined [..] renamed [..] left [ids]}.
     */
    private static String describe(Object value) {
        if (value instanceof JSONArray list) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < list.length(); i++) {
                Object item = list.opt(i);
                items.add(item instanceof JSONObject ? describe(item) : item.toString());
            }
            return items.toString();
        }
        JSONObject object = (JSONObject) value;
        if (object.has("joined")) {
            return "joined " + describe(object.optJSONArray("joined")) + " renamed "
                    + describe(object.optJSONArray("renamed")) + " left " + describe(object.optJSONArray("left"));
        }
        return object.optString("id") + ":" + object.optString("name");
    }

    private static String joined(String... users) {
        return "presence joined " + List.of(users) + " renamed [] left []";
    }

    private static String user(String id, String name) {
        return id + ":" + name;
    }

    @Test
    void aNewcomerGetsTheWholeListOnceAndTheOthersOnlyWhoJoined() throws Exception {
        Client first = new Client();
        assertThat(first.next()).isEqualTo("online [" + user(first.id(), "guest-" + first.id().substring(0, 4)) + "]");

        Client second = new Client();
        String secondName = "guest-" + second.id().substring(0, 4);
        assertThat(second.next()).isIn(
                "online [" + user(first.id(), "guest-" + first.id().substring(0, 4)) + ", " + user(second.id(), secondName) + "]",
                "online [" + user(second.id(), secondName) + ", " + user(first.id(), "guest-" + first.id().substring(0, 4)) + "]");
        assertThat(first.next()).isEqualTo(joined(user(second.id(), secondName)));
    }

    @Test
    void aRenameAndALeavingReachTheOthersAsChanges() throws Exception {
        Client first = new Client();
        first.next();
        Client second = new Client();
        second.next();
        first.next();

        CompletableFuture<Object> renamed = new CompletableFuture<>();
        second.socket.emit("set name", new Object[] {"Zoe"}, args -> renamed.complete(args[0]));
        assertThat(renamed.get(WAIT_SECONDS, TimeUnit.SECONDS).toString()).isEqualTo("{\"ok\":true}");
        String zoe = "presence joined [] renamed [" + user(second.id(), "Zoe") + "] left []";
        assertThat(first.next()).isEqualTo(zoe);
        assertThat(second.next()).isEqualTo(zoe);

        String id = second.id();
        second.socket.close();
        assertThat(first.next()).isEqualTo("presence joined [] renamed [] left [" + id + "]");
        // The next thing the first client hears of is a newcomer: the whole list never came again.
        Client third = new Client();
        assertThat(first.next()).isEqualTo(joined(user(third.id(), "guest-" + third.id().substring(0, 4))));
    }

    @Test
    void arrivalsTogetherReachTheOthersInFewerPresenceEventsThanArrivalsAndEachNewcomerListsEveryone()
            throws Exception {
        Client first = new Client();
        first.next();
        int arrivals = 10;
        List<CompletableFuture<Client>> connecting = new ArrayList<>();
        for (int i = 0; i < arrivals; i++) {
            connecting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new Client();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<Client> c : connecting) {
            ids.add(c.get(WAIT_SECONDS, TimeUnit.SECONDS).id());
        }
        // The first user hears of each arrival once, in batches: fewer events than arrivals.
        List<String> heard = new ArrayList<>();
        int events = 0;
        while (heard.size() < arrivals) {
            String event = first.next();
            assertThat(event).startsWith("presence joined [").endsWith("] renamed [] left []");
            events++;
            for (String u : event.substring("presence joined [".length(), event.indexOf("] renamed")).split(", ")) {
                heard.add(u.substring(0, u.indexOf(':')));
            }
        }
        assertThat(heard).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(events).isLessThan(arrivals);
        // Each newcomer's list names the first user and itself (a later batch may come before it
        // when the newcomer's connection and that batch are on different event loops).
        for (CompletableFuture<Client> c : connecting) {
            Client newcomer = c.get();
            String list = newcomer.next();
            while (list.startsWith("presence")) {
                list = newcomer.next();
            }
            assertThat(list).startsWith("online [").contains(first.id() + ":", newcomer.id() + ":");
        }
    }
}
