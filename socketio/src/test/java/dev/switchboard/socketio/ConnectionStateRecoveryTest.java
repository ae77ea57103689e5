package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.socketio.adapter.SessionAwareAdapter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionStateRecoveryTest {

    private static final Pattern CONNECT = Pattern.compile("^0\\{\"sid\":\"([^\"]{20})\",\"pid\":\"([^\"]{20})\"}$");
    private static final Pattern OFFSET = Pattern.compile(",\"([0-9A-Za-z_.-]+)\"]$");

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final AtomicInteger middlewareRuns = new AtomicInteger();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Harness h = new Harness(SocketIoServer.builder()
            .connectionStateRecovery(ConnectionStateRecovery.DEFAULT)
            .adapter(ctx -> new SessionAwareAdapter(ctx, clock::get))
            .build());

    ConnectionStateRecoveryTest() {
        h.io.use((socket, next) -> {
            middlewareRuns.incrementAndGet();
            next.next();
        });
        h.io.on("connection", s -> {
            if (!s.recovered()) {
                s.join("room1");
                s.data(Map.of("user", "bob"));
            }
            connections.add(s);
        });
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static String offset(String event) {
        Matcher m = OFFSET.matcher(event);
        assertThat(m.find()).as("an offset at the end of %s", event).isTrue();
        return m.group(1);
    }

    @Test
    void defaultsAreTheReferenceOnes() {
        assertThat(ConnectionStateRecovery.DEFAULT.maxDisconnectionDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ConnectionStateRecovery.DEFAULT.skipMiddlewares()).isTrue();
        assertThatThrownBy(() -> new ConnectionStateRecovery(Duration.ofSeconds(-1), true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SocketIoServer.builder().connectionStateRecovery(ConnectionStateRecovery.DEFAULT).build()
                .sockets().adapter()).isInstanceOf(SessionAwareAdapter.class);
    }

    @Test
    void connectReplyCarriesThePrivateSessionId() {
        FakeEngineSocket conn = h.connect("/");
        Matcher m = CONNECT.matcher(conn.sent().get(0));
        assertThat(m.matches()).as(conn.sent().get(0)).isTrue();
        assertThat(m.group(1)).isNotEqualTo(m.group(2));
    }

    @Test
    void storedEventsGetAnOffsetAsTheirLastElement() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = connections.get(0);
        conn.clearSent();
        h.io.emit("hello", 1);
        socket.emit("direct");
        socket.emit("bin", new byte[] {1});
        socket.emit("q", (err, args) -> { });
        socket.volatile_().emit("v");
        List<String> sent = conn.sent();
        assertThat(sent).hasSize(6);
        assertThat(sent.get(0)).matches("2\\[\"hello\",1,\"[0-9A-Za-z_-]+(\\.[0-9A-Za-z_-]+)?\"]");
        assertThat(sent.get(1)).matches("2\\[\"direct\",\"[^\"]+\"]");
        assertThat(sent.get(2)).matches("51-\\[\"bin\",\\{\"_placeholder\":true,\"num\":0},\"[^\"]+\"]");
        assertThat(sent.get(3)).isEqualTo("<bin:01>");
        assertThat(sent.get(4)).isEqualTo("20[\"q\"]");
        assertThat(sent.get(5)).isEqualTo("2[\"v\"]");
        assertThat(List.of(offset(sent.get(0)), offset(sent.get(1)), offset(sent.get(2)))).doesNotHaveDuplicates();
    }

    @Test
    void aClientThatComesBackGetsItsSessionAndTheMissedPacketsBeforeTheConnectReply() {
        FakeEngineSocket first = h.connect("/");
        String reply = first.sent().get(0);
        Matcher m = CONNECT.matcher(reply);
        assertThat(m.matches()).isTrue();
        h.io.emit("before");
        String lastOffset = offset(first.lastSent());
        first.closeFromTransport(CloseReason.TRANSPORT_CLOSE, "");

        h.io.emit("hello1");
        h.io.to("room1").emit("hello2");
        h.io.to("other").emit("not for it");
        h.io.except("room1").emit("not for it either");
        h.io.emit("hello3");

        FakeEngineSocket second = h.open();
        second.receive("0{\"pid\":\"" + m.group(2) + "\",\"offset\":\"" + lastOffset + "\"}");
        List<String> sent = second.sent();
        assertThat(sent).hasSize(4);
        assertThat(sent.get(0)).startsWith("2[\"hello1\",\"");
        assertThat(sent.get(1)).startsWith("2[\"hello2\",\"");
        assertThat(sent.get(2)).startsWith("2[\"hello3\",\"");
        assertThat(sent.get(3)).isEqualTo(reply);

        Socket recovered = connections.get(1);
        assertThat(recovered.recovered()).isTrue();
        assertThat(recovered.id()).isEqualTo(m.group(1));
        assertThat(recovered.rooms()).containsExactlyInAnyOrder(m.group(1), "room1");
        assertThat(recovered.data(Map.class)).isEqualTo(Map.of("user", "bob"));
        assertThat(recovered.handshake().auth().get("pid").asText()).isEqualTo(m.group(2));
        assertThat(middlewareRuns).hasValue(1);
    }

    @Test
    void middlewaresRunOnRecoveryWhenNotSkipped() {
        try (Harness other = new Harness(SocketIoServer.builder()
                .connectionStateRecovery(new ConnectionStateRecovery(Duration.ofMinutes(1), false)).build())) {
            AtomicInteger runs = new AtomicInteger();
            other.io.use((s, next) -> {
                runs.incrementAndGet();
                next.next();
            });
            FakeEngineSocket first = other.connect("/");
            Matcher m = CONNECT.matcher(first.sent().get(0));
            assertThat(m.matches()).isTrue();
            other.io.emit("x");
            String off = offset(first.lastSent());
            first.closeFromTransport(CloseReason.PING_TIMEOUT, "");
            FakeEngineSocket second = other.open();
            second.receive("0{\"pid\":\"" + m.group(2) + "\",\"offset\":\"" + off + "\"}");
            assertThat(second.sent()).containsExactly(first.sent().get(0));
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void aNamespaceDisconnectIsNotRecoverable() {
        FakeEngineSocket first = h.connect("/");
        Matcher m = CONNECT.matcher(first.sent().get(0));
        assertThat(m.matches()).isTrue();
        h.io.emit("x");
        String off = offset(first.lastSent());
        first.receive("1");
        FakeEngineSocket second = h.open();
        second.receive("0{\"pid\":\"" + m.group(2) + "\",\"offset\":\"" + off + "\"}");
        Matcher again = CONNECT.matcher(second.sent().get(0));
        assertThat(again.matches()).isTrue();
        assertThat(again.group(1)).isNotEqualTo(m.group(1));
        assertThat(connections.get(1).recovered()).isFalse();
        assertThat(middlewareRuns).hasValue(2);
    }

    @Test
    void anUnknownOffsetGivesANewSession() {
        FakeEngineSocket first = h.connect("/");
        Matcher m = CONNECT.matcher(first.sent().get(0));
        assertThat(m.matches()).isTrue();
        first.closeFromTransport(CloseReason.TRANSPORT_ERROR, "");
        FakeEngineSocket second = h.open();
        second.receive("0{\"pid\":\"" + m.group(2) + "\",\"offset\":\"unknown\"}");
        assertThat(Harness.sid(second.sent().get(0))).isNotEqualTo(m.group(1));
        assertThat(connections.get(1).recovered()).isFalse();
    }

    @Test
    void anExpiredSessionGivesANewSession() {
        FakeEngineSocket first = h.connect("/");
        Matcher m = CONNECT.matcher(first.sent().get(0));
        assertThat(m.matches()).isTrue();
        h.io.emit("x");
        String off = offset(first.lastSent());
        first.closeFromTransport(CloseReason.TRANSPORT_CLOSE, "");
        clock.addAndGet(Duration.ofMinutes(2).toMillis() + 1);
        FakeEngineSocket second = h.open();
        second.receive("0{\"pid\":\"" + m.group(2) + "\",\"offset\":\"" + off + "\"}");
        assertThat(Harness.sid(second.sent().get(0))).isNotEqualTo(m.group(1));
    }
}
