package dev.switchboard.socketio.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.FakeEngineSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryAdapterTest {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final SocketIoServer io = SocketIoServer.builder().build();
    private final Adapter adapter = io.sockets().adapter();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    InMemoryAdapterTest() {
        adapter.addListener(new AdapterListener() {
            @Override
            public void onCreateRoom(String room) {
                events.add("create-room " + room);
            }

            @Override
            public void onDeleteRoom(String room) {
                events.add("delete-room " + room);
            }

            @Override
            public void onJoinRoom(String room, String id) {
                events.add("join-room " + room + " " + id);
            }

            @Override
            public void onLeaveRoom(String room, String id) {
                events.add("leave-room " + room + " " + id);
            }
        });
        io.on("connection", sockets::add);
    }

    @AfterEach
    void tearDown() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The events so far, socket ids (random) replaced by s0, s1... in connection order. */
    private List<String> named() {
        List<String> out = new java.util.ArrayList<>();
        for (String e : events) {
            for (int i = 0; i < sockets.size(); i++) {
                e = e.replace(sockets.get(i).id(), "s" + i);
            }
            out.add(e);
        }
        return out;
    }

    private FakeEngineSocket connect() {
        FakeEngineSocket conn = new FakeEngineSocket(loop);
        io.handleConnection(conn);
        int before = sockets.size();
        conn.receive("0");
        assertThat(sockets).hasSize(before + 1);
        return conn;
    }

    @Test
    void roomEventsComeInTheReferenceOrderWithoutDuplicates() {
        FakeEngineSocket conn = connect();
        Socket s0 = sockets.get(0);
        s0.join("a");
        s0.join("a", "b");
        s0.leave("a");
        s0.leave("a");
        s0.disconnect();
        conn.sync();
        assertThat(named()).containsExactly(
                "create-room s0", "join-room s0 s0",
                "create-room a", "join-room a s0",
                "create-room b", "join-room b s0",
                "leave-room a s0", "delete-room a",
                "leave-room s0 s0", "delete-room s0",
                "leave-room b s0", "delete-room b");
    }

    @Test
    void aRoomIsDeletedWithItsLastMember() {
        connect();
        connect();
        sockets.get(0).join("shared");
        sockets.get(1).join("shared");
        events.clear();
        sockets.get(0).leave("shared");
        assertThat(named()).containsExactly("leave-room shared s0");
        sockets.get(1).leave("shared");
        assertThat(named()).containsExactly("leave-room shared s0", "leave-room shared s1", "delete-room shared");
    }

    @Test
    void roomsAndSocketRoomsReflectMembership() throws Exception {
        connect();
        connect();
        Socket s0 = sockets.get(0);
        Socket s1 = sockets.get(1);
        s0.join("a");
        s1.join("a", "b");
        assertThat(adapter.rooms()).containsExactlyInAnyOrder(s0.id(), s1.id(), "a", "b");
        assertThat(adapter.socketRooms(s1.id())).containsExactly(s1.id(), "a", "b");
        assertThat(adapter.socketRooms("unknown")).isNull();
        assertThat(adapter.sockets(Set.of("a")).toCompletableFuture().get()).containsExactlyInAnyOrder(s0.id(), s1.id());
        assertThat(adapter.sockets(Set.of("b")).toCompletableFuture().get()).containsExactly(s1.id());
        assertThat(adapter.sockets(Set.of()).toCompletableFuture().get()).hasSize(2);
        assertThat(adapter.serverCount().toCompletableFuture().get()).isEqualTo(1);
    }

    @Test
    void broadcastReachesEachTargetOnceAndSkipsExcepted() {
        FakeEngineSocket c0 = connect();
        FakeEngineSocket c1 = connect();
        FakeEngineSocket c2 = connect();
        sockets.get(0).join("a", "b");
        sockets.get(1).join("b", "x");
        sockets.get(2).join("c");
        c0.clearSent();
        c1.clearSent();
        c2.clearSent();
        adapter.broadcast(new Packet.Event("/", JsonNodeFactory.instance.arrayNode().add("e"), Packet.NO_ACK),
                new BroadcastOptions(Set.of("a", "b", "c"), Set.of("x"), BroadcastFlags.DEFAULT));
        assertThat(c0.sent()).containsExactly("2[\"e\"]");
        assertThat(c1.sent()).isEmpty();
        assertThat(c2.sent()).containsExactly("2[\"e\"]");
    }

    @Test
    void broadcastWithAckReportsTheClientCountAndEachFirstArgument() {
        FakeEngineSocket c0 = connect();
        FakeEngineSocket c1 = connect();
        List<String> got = new CopyOnWriteArrayList<>();
        adapter.broadcastWithAck(new Packet.Event("/", JsonNodeFactory.instance.arrayNode().add("q"), Packet.NO_ACK),
                BroadcastOptions.ALL, new BroadcastAckHandler() {
                    @Override
                    public void clientCount(int count) {
                        got.add("count " + count);
                    }

                    @Override
                    public void ack(com.fasterxml.jackson.databind.JsonNode response) {
                        got.add("ack " + response);
                    }
                });
        assertThat(c0.lastSent()).isEqualTo("20[\"q\"]");
        c0.receive("30[1,2]");
        c1.receive("30[]");
        assertThat(got).containsExactly("count 2", "ack 1", "ack null");
    }

    @Test
    void socketOperationsApplyToTheTarget() throws Exception {
        FakeEngineSocket c0 = connect();
        connect();
        sockets.get(0).join("a");
        assertThat(adapter.fetchSockets(new BroadcastOptions(Set.of("a"), Set.of(), BroadcastFlags.DEFAULT))
                .toCompletableFuture().get()).extracting(SocketDetails::id).containsExactly(sockets.get(0).id());
        adapter.addSockets(new BroadcastOptions(Set.of(), Set.of("a"), BroadcastFlags.DEFAULT), Set.of("n"));
        assertThat(sockets.get(1).rooms()).contains("n");
        adapter.delSockets(BroadcastOptions.ALL, Set.of("n", "a"));
        assertThat(sockets.get(0).rooms()).containsExactly(sockets.get(0).id());
        assertThat(sockets.get(1).rooms()).containsExactly(sockets.get(1).id());
        adapter.disconnectSockets(new BroadcastOptions(Set.of(sockets.get(0).id()), Set.of(), BroadcastFlags.DEFAULT), true);
        assertThat(c0.closed()).isTrue();
        assertThat(io.sockets().sockets()).containsOnlyKeys(sockets.get(1).id());
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() {
        adapter.onCreateRoom(room -> {
            throw new IllegalStateException("listener bug");
        });
        AdapterListener joins = adapter.onJoinRoom((room, id) -> events.add("lambda join " + room));
        connect();
        assertThat(named()).containsExactly("create-room s0", "join-room s0 s0", "lambda join s0");
        adapter.removeListener(joins);
        sockets.get(0).join("b");
        assertThat(named()).doesNotContain("lambda join b");
    }

    @Test
    void manySocketsInOneRoom() {
        for (int i = 0; i < 20; i++) {
            connect();
        }
        for (Socket s : sockets) {
            s.join("big");
        }
        assertThat(adapter.socketRooms(sockets.get(0).id())).hasSize(2);
        for (int i = 0; i < 19; i++) {
            sockets.get(i).leave("big");
        }
        assertThat(adapter.rooms()).contains("big");
        sockets.get(19).leave("big");
        assertThat(adapter.rooms()).doesNotContain("big");
    }
}
