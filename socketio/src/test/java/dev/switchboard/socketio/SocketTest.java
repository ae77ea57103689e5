package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engineio.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketTest {

    private final Harness h = new Harness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    record Point(int x, int y) {
    }

    @Test
    void connectReplyCarriesANewSocketIdThatIsNotTheEngineSid() {
        FakeEngineSocket conn = h.connect("/");
        String sid = Harness.sid(conn.sent().get(0));
        assertThat(conn.sent().get(0)).isEqualTo("0{\"sid\":\"" + sid + "\"}");
        assertThat(sid).hasSize(20).matches("[A-Za-z0-9_-]{20}").isNotEqualTo(conn.id());
        Socket socket = h.socket(conn, "/");
        assertThat(socket.connected()).isTrue();
        assertThat(socket.recovered()).isFalse();
        assertThat(socket.rooms()).containsExactly(sid);
    }

    @Test
    void emitWritesAnEventPacket() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        socket.emit("welcome", "Hello", 1, true, null, Map.of("a", List.of(1, 2)), new Point(3, 4));
        assertThat(conn.sent()).containsExactly(
                "2[\"welcome\",\"Hello\",1,true,null,{\"a\":[1,2]},{\"x\":3,\"y\":4}]");
    }

    @Test
    void emitInANamespaceWritesItsName() {
        h.io.of("/admin");
        FakeEngineSocket conn = h.connect("/admin");
        Socket socket = h.socket(conn, "/admin");
        conn.clearSent();
        socket.emit("x");
        assertThat(conn.sent()).containsExactly("2/admin,[\"x\"]");
    }

    @Test
    void binaryArgumentsTravelAsAttachments() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        socket.emit("bin", new byte[] {1, 2, 3}, java.nio.ByteBuffer.wrap(new byte[] {4}));
        assertThat(conn.sent()).containsExactly(
                "52-[\"bin\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
                "<bin:010203>", "<bin:04>");
    }

    @Test
    void reservedEventNamesAreRefused() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        for (String name : List.of("connect", "connect_error", "disconnect", "disconnecting",
                "newListener", "removeListener")) {
            assertThatThrownBy(() -> socket.emit(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("\"" + name + "\" is a reserved event name");
        }
    }

    @Test
    void eventReachesHandlersWithTypedArguments() {
        List<Object> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> {
            s.on("chat", String.class, got::add);
            s.on("point", Point.class, got::add);
            s.on("raw", (args, ack) -> {
                got.add(args.size());
                got.add(args.get(0, JsonNode.class));
                got.add(args.get(1, Long.class));
                got.add(args.get(2));
                got.add(ack.requested());
            });
        });
        FakeEngineSocket conn = h.connect("/");
        conn.receive("2[\"chat\",\"hi\"]", "2[\"point\",{\"x\":1,\"y\":2,\"z\":0}]",
                "2[\"raw\",{\"k\":[true]},9007199254740991]");
        assertThat(got).hasSize(7);
        assertThat(got.get(0)).isEqualTo("hi");
        assertThat(got.get(1)).isEqualTo(new Point(1, 2));
        assertThat(got.get(2)).isEqualTo(2);
        assertThat(got.get(3).toString()).isEqualTo("{\"k\":[true]}");
        assertThat(got.get(4)).isEqualTo(9007199254740991L);
        assertThat(got.get(5)).isNull();
        assertThat(got.get(6)).isEqualTo(false);
    }

    @Test
    void binaryEventArgumentMapsToByteArray() {
        AtomicReference<byte[]> got = new AtomicReference<>();
        h.io.on("connection", s -> s.on("bin", byte[].class, got::set));
        FakeEngineSocket conn = h.connect("/");
        conn.receive("51-[\"bin\",{\"_placeholder\":true,\"num\":0}]");
        conn.receive(new byte[] {9, 8, 7});
        assertThat(got.get()).containsExactly(9, 8, 7);
    }

    @Test
    void anArgumentThatDoesNotMapIsLoggedAndTheSocketGoesOn() {
        List<Object> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> {
            s.on("point", Point.class, got::add);
            s.on("ping", (args, ack) -> got.add("pong"));
        });
        FakeEngineSocket conn = h.connect("/");
        conn.receive("2[\"point\",\"not a point\"]", "2[\"ping\"]");
        assertThat(got).containsExactly("pong");
        assertThat(conn.closed()).isFalse();
    }

    @Test
    void aThrowingHandlerIsLoggedAndTheSocketGoesOn() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> {
            s.on("boom", (args, ack) -> {
                throw new IllegalStateException("boom");
            });
            s.on("boom", (args, ack) -> got.add("second listener still called"));
            s.on("next", (args, ack) -> got.add("next event"));
        });
        FakeEngineSocket conn = h.connect("/");
        conn.receive("2[\"boom\"]", "2[\"next\"]");
        assertThat(got).containsExactly("second listener still called", "next event");
        assertThat(conn.closed()).isFalse();
    }

    @Test
    void ackAnswersOnceWithTheSameId() {
        h.io.on("connection", s -> s.on("echo", (args, ack) -> {
            ack.send(args);
            ack.send("ignored");
        }));
        FakeEngineSocket conn = h.connect("/");
        conn.clearSent();
        conn.receive("211[\"echo\",\"a\",{\"b\":1}]");
        assertThat(conn.sent()).containsExactly("311[\"a\",{\"b\":1}]");
    }

    @Test
    void ackWithBinaryIsABinaryAck() {
        h.io.of("/admin").on("connection", s -> s.on("get", (args, ack) -> ack.send(new byte[] {1})));
        FakeEngineSocket conn = h.connect("/admin");
        conn.clearSent();
        conn.receive("2/admin,1[\"get\"]");
        assertThat(conn.sent()).containsExactly("61-/admin,1[{\"_placeholder\":true,\"num\":0}]", "<bin:01>");
    }

    @Test
    void emitWithAckCallbackReceivesTheAnswer() throws Exception {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        CompletableFuture<String> answer = new CompletableFuture<>();
        socket.emit("q", 1, (err, args) -> answer.complete(err + " " + args));
        assertThat(conn.sent()).containsExactly("20[\"q\",1]");
        conn.receive("30[\"a\",2]");
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("null [\"a\",2]");
    }

    @Test
    void ackIdsComeFromTheNamespaceCounterSharedBySockets() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        Socket sa = h.socket(a, "/");
        Socket sb = h.socket(b, "/");
        a.clearSent();
        b.clearSent();
        sa.emit("x", (err, args) -> { });
        sb.emit("x", (err, args) -> { });
        sa.emitWithAck("y");
        assertThat(a.sent()).containsExactly("20[\"x\"]", "22[\"y\"]");
        assertThat(b.sent()).containsExactly("21[\"x\"]");
    }

    @Test
    void emitWithAckTimesOut() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        CompletableFuture<String> f = socket.timeout(Duration.ofMillis(50)).emitWithAck(String.class, "q");
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AckTimeoutException.class).hasMessage("operation has timed out");
        // A late answer is ignored.
        conn.receive("30[\"late\"]");
        assertThat(conn.closed()).isFalse();
    }

    @Test
    void typedEmitWithAckMapsTheFirstArgument() throws Exception {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        CompletableFuture<Point> f = socket.timeout(Duration.ofSeconds(5)).emitWithAck(Point.class, "where");
        conn.receive("30[{\"x\":5,\"y\":6}]");
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(new Point(5, 6));
    }

    @Test
    void pendingAcksFailWhenTheSocketDisconnects() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        CompletableFuture<EventArgs> f = socket.emitWithAck("q");
        conn.closeFromTransport(CloseReason.TRANSPORT_CLOSE, "");
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(SocketDisconnectedException.class)
                .hasMessage("socket has been disconnected");
    }

    @Test
    void unknownAckIdIsIgnored() {
        FakeEngineSocket conn = h.connect("/");
        conn.receive("342[1]");
        assertThat(conn.closed()).isFalse();
    }

    @Test
    void onceListensOnceAndOffRemoves() {
        List<String> got = new CopyOnWriteArrayList<>();
        EventHandler removed = (args, ack) -> got.add("removed");
        h.io.on("connection", s -> {
            s.once("e", (args, ack) -> got.add("once"));
            s.on("e", removed);
            s.off("e", removed);
            s.on("e", String.class, v -> got.add("on " + v));
        });
        FakeEngineSocket conn = h.connect("/");
        conn.receive("2[\"e\",\"1\"]", "2[\"e\",\"2\"]");
        assertThat(got).containsExactly("once", "on 1", "on 2");
        assertThat(h.socket(conn, "/").listenerCount("e")).isEqualTo(1);
    }

    @Test
    void anyListenersSeeEveryEventInOrderBeforeListeners() {
        List<String> got = new CopyOnWriteArrayList<>();
        AnyListener removed = (ev, args) -> got.add("removed");
        h.io.on("connection", s -> {
            s.onAny((ev, args) -> got.add("any " + ev + args));
            s.prependAny((ev, args) -> got.add("first " + ev));
            s.onAny(removed);
            s.offAny(removed);
            s.on("e", (args, ack) -> got.add("listener"));
        });
        FakeEngineSocket conn = h.connect("/");
        conn.receive("2[\"e\",1]");
        assertThat(got).containsExactly("first e", "any e[1]", "listener");
        Socket socket = h.socket(conn, "/");
        assertThat(socket.listenersAny()).hasSize(2);
        socket.offAny();
        assertThat(socket.listenersAny()).isEmpty();
    }

    @Test
    void outgoingAnyListenersSeeEmits() {
        List<String> got = new CopyOnWriteArrayList<>();
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        socket.onAnyOutgoing((ev, args) -> got.add(ev + args));
        socket.emit("out", "a");
        h.io.emit("all", 1);
        conn.sync();
        assertThat(got).containsExactly("out[\"a\"]", "all[1]");
        socket.offAnyOutgoing();
        socket.emit("quiet");
        conn.sync();
        assertThat(got).hasSize(2);
    }

    @Test
    void socketMiddlewareErrorDropsTheEventAndReachesErrorListeners() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> {
            s.use((ev, args, next) -> {
                if ("forbidden".equals(ev)) {
                    next.error(new IllegalStateException("not allowed"));
                } else {
                    next.next();
                }
            });
            s.use((ev, args, next) -> {
                got.add("second middleware " + ev);
                next.next();
            });
            s.onError(e -> got.add("error " + e.getMessage()));
            s.on("error", (args, ack) -> got.add("error event " + args.get(0, String.class)));
            s.on("forbidden", (args, ack) -> got.add("forbidden handled"));
            s.on("ok", (args, ack) -> got.add("ok handled"));
        });
        FakeEngineSocket conn = h.connect("/");
        conn.clearSent();
        conn.receive("2[\"forbidden\"]", "2[\"ok\"]");
        assertThat(got).containsExactly("error not allowed", "error event not allowed",
                "second middleware ok", "ok handled");
        assertThat(conn.sent()).isEmpty();
    }

    @Test
    void asyncMiddlewareContinuesOnTheSocketsContext() throws Exception {
        CountDownLatch handled = new CountDownLatch(1);
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        h.io.on("connection", s -> {
            s.use((ev, args, next) -> new Thread(next::next).start());
            s.on("e", (args, ack) -> {
                onLoop.set(s.conn().executor().inEventLoop());
                handled.countDown();
            });
        });
        FakeEngineSocket conn = h.connect("/");
        conn.receive("2[\"e\"]");
        assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop.get()).isTrue();
    }

    @Test
    void joinLeaveAndRooms() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        socket.join("a", "b");
        socket.join(List.of("b", "c"));
        socket.leave("a");
        assertThat(socket.rooms()).containsExactly(socket.id(), "b", "c");
    }

    @Test
    void dataIsKeptAndMapped() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        assertThat(socket.data(Point.class)).isNull();
        socket.data(new Point(1, 2));
        assertThat(socket.data(Point.class)).isEqualTo(new Point(1, 2));
        assertThat(socket.data(JsonNode.class).toString()).isEqualTo("{\"x\":1,\"y\":2}");
    }

    @Test
    void handshakeHoldsTheRequestAndTheAuthPayload() {
        FakeEngineSocket conn = h.open();
        conn.receive("0{\"token\":\"123\"}");
        Socket socket = h.socket(conn, "/");
        Handshake hs = socket.handshake();
        assertThat(hs.auth().toString()).isEqualTo("{\"token\":\"123\"}");
        assertThat(hs.headers()).containsEntry("host", "localhost:3000");
        assertThat(hs.query()).containsEntry("EIO", "4").containsEntry("transport", "polling");
        assertThat(hs.address()).isEqualTo("127.0.0.1");
        assertThat(hs.url()).isEqualTo("/socket.io/?EIO=4&transport=polling&t=NxyZ");
        assertThat(hs.xdomain()).isTrue();
        assertThat(hs.secure()).isFalse();
        assertThat(hs.issued()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
        assertThat(hs.time()).contains("GMT");
    }

    @Test
    void serverDisconnectSendsDisconnectAndKeepsTheConnection() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> {
            s.onDisconnecting((reason, desc) -> got.add("disconnecting " + reason.text() + " " + s.rooms().size()));
            s.onDisconnect((reason, desc) -> got.add("disconnect " + reason.text() + " " + desc + " " + s.rooms().size()));
        });
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        socket.disconnect();
        conn.sync();
        assertThat(conn.sent()).containsExactly("1");
        assertThat(got).containsExactly("disconnecting server namespace disconnect 1",
                "disconnect server namespace disconnect null 0");
        assertThat(socket.connected()).isFalse();
        assertThat(h.io.sockets().sockets()).isEmpty();
        assertThat(conn.closed()).isFalse();
    }

    @Test
    void clientDisconnectPacketEndsTheSocketOnly() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> s.on("disconnect", (args, ack) -> got.add(args.toString())));
        FakeEngineSocket conn = h.connect("/");
        conn.clearSent();
        conn.receive("1");
        assertThat(got).containsExactly("[\"client namespace disconnect\"]");
        assertThat(conn.sent()).isEmpty();
        assertThat(conn.closed()).isFalse();
        // The namespace can be joined again on the same connection.
        conn.receive("0");
        assertThat(conn.sent()).hasSize(1).allMatch(s -> s.startsWith("0{\"sid\":"));
    }

    @Test
    void transportCloseGivesTheEngineReasonAndDescription() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> s.onDisconnect((reason, desc) -> got.add(reason + "|" + desc)));
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        FakeEngineSocket c = h.connect("/");
        a.closeFromTransport(CloseReason.TRANSPORT_ERROR, "poll connection closed prematurely");
        b.closeFromTransport(CloseReason.PING_TIMEOUT, "");
        c.closeFromTransport(CloseReason.PARSE_ERROR, "");
        assertThat(got).containsExactly("transport error|poll connection closed prematurely",
                "ping timeout|null", "parse error|null");
    }

    @Test
    void disconnectWithCloseEndsEveryNamespaceAndTheConnection() {
        List<String> got = new CopyOnWriteArrayList<>();
        h.io.on("connection", s -> s.onDisconnect((reason, desc) -> got.add("/ " + reason)));
        h.io.of("/admin").on("connection", s -> s.onDisconnect((reason, desc) -> got.add("/admin " + reason)));
        FakeEngineSocket conn = h.connect("/");
        conn.receive("0/admin,");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        socket.disconnect(true);
        conn.sync();
        assertThat(conn.sent()).containsExactlyInAnyOrder("1", "1/admin,");
        assertThat(got).containsExactlyInAnyOrder("/ server namespace disconnect",
                "/admin server namespace disconnect");
        assertThat(conn.closed()).isTrue();
    }

    @Test
    void volatileEmitIsDroppedWhenTheTransportIsNotWritable() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        conn.writable(false);
        socket.volatile_().emit("dropped");
        socket.emit("kept");
        // Writability is checked on the event loop when the packet would be written.
        conn.sync();
        conn.writable(true);
        socket.volatile_().emit("sent");
        assertThat(conn.sent()).containsExactly("2[\"kept\"]", "2[\"sent\"]");
    }

    @Test
    void handlersOnAHandlerExecutorKeepTheOrderOfOneSocket() throws Exception {
        ExecutorService pool = HandlerExecutors.cachedDaemonThreads();
        try (Harness hx = new Harness(SocketIoServer.builder().handlerExecutor(pool).build())) {
            List<Integer> got = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(200);
            AtomicReference<Boolean> onLoop = new AtomicReference<>(false);
            hx.io.on("connection", s -> s.on("n", Integer.class, n -> {
                if (s.conn().executor().inEventLoop()) {
                    onLoop.set(true);
                }
                if (n % 10 == 0) {
                    Thread.yield();
                }
                got.add(n);
                all.countDown();
            }));
            FakeEngineSocket conn = hx.connect("/");
            for (int i = 0; i < 200; i++) {
                conn.receive("2[\"n\"," + i + "]");
            }
            assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                expected.add(i);
            }
            assertThat(got).isEqualTo(expected);
            assertThat(onLoop.get()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHandlerOnAHandlerExecutorMayBlockOnEmitWithAck() throws Exception {
        ExecutorService pool = HandlerExecutors.virtualThreads();
        try (Harness hx = new Harness(SocketIoServer.builder().handlerExecutor(pool).build())) {
            CompletableFuture<String> result = new CompletableFuture<>();
            hx.io.on("connection", s -> s.on("ask", (args, ack) -> {
                try {
                    result.complete(s.timeout(Duration.ofSeconds(5)).emitWithAck(String.class, "q").get());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            }));
            FakeEngineSocket conn = hx.connect("/");
            conn.clearSent();
            conn.receive("2[\"ask\"]");
            assertThat(conn.awaitSent(1)).containsExactly("20[\"q\"]");
            conn.receive("30[\"blocking is fine\"]");
            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("blocking is fine");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void broadcastFromASocketLeavesItOut() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        Socket sa = h.socket(a, "/");
        Socket sb = h.socket(b, "/");
        sa.join("r");
        sb.join("r");
        a.clearSent();
        b.clearSent();
        sa.to("r").emit("hi");
        sa.broadcast().emit("all");
        assertThat(a.sent()).isEmpty();
        assertThat(b.sent()).containsExactly("2[\"hi\"]", "2[\"all\"]");
    }

    @Test
    void emitFromAnotherThreadIsSentInOrder() throws Exception {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        Thread t = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                socket.emit("n", i);
            }
        });
        t.start();
        t.join();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add("2[\"n\"," + i + "]");
        }
        assertThat(conn.sent()).isEqualTo(expected);
        assertThat(Set.copyOf(conn.sent())).hasSize(50);
    }
}
