package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Packet;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketEmitterTest {

    private final Harness h = new Harness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void modifiersAreImmutableAndCombine() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        SocketEmitter base = socket.timeout(Duration.ofSeconds(1));
        SocketEmitter more = base.volatile_().compress(false);
        assertThat(base.flags().isVolatile()).isFalse();
        assertThat(more.flags().isVolatile()).isTrue();
        assertThat(more.flags().compress()).isFalse();
        assertThat(more.flags().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(more.timeout(Duration.ofSeconds(2)).flags().timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void emitsWithEveryArityAndAcks() throws Exception {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        SocketEmitter e = socket.timeout(Duration.ofSeconds(5));
        CompletableFuture<String> answers = new CompletableFuture<>();
        e.emit("zero", (err, args) -> { });
        e.emit("one", 1, (err, args) -> { });
        e.emit("two", 1, 2, (err, args) -> { });
        e.emit("three", 1, 2, 3, (err, args) -> answers.complete(args.toString()));
        e.send("m");
        CompletableFuture<Integer> typed = e.emitWithAck(Integer.class, "typed");
        assertThat(conn.sent()).containsExactly("20[\"zero\"]", "21[\"one\",1]", "22[\"two\",1,2]",
                "23[\"three\",1,2,3]", "2[\"message\",\"m\"]", "24[\"typed\"]");
        conn.receive("33[\"done\"]", "34[42]");
        assertThat(answers.get(5, TimeUnit.SECONDS)).isEqualTo("[\"done\"]");
        assertThat(typed.get(5, TimeUnit.SECONDS)).isEqualTo(42);
    }

    @Test
    void compressFalseHandsTheEngineMessagesThatMayNotBeCompressedAttachmentsIncluded() {
        FakeEngineSocket conn = h.connect("/");
        Socket socket = h.socket(conn, "/");
        conn.clearSent();
        socket.compress(false).emit("raw", (Object) new byte[] {1, 2});
        socket.volatile_().compress(false).emit("raw volatile");
        socket.emit("plain");
        conn.sync();
        List<Packet.Message> sent = conn.sentMessages();
        assertThat(conn.sent()).containsExactly("51-[\"raw\",{\"_placeholder\":true,\"num\":0}]", "<bin:0102>",
                "2[\"raw volatile\"]", "2[\"plain\"]");
        assertThat(sent).extracting(Packet.Message::compress).containsExactly(false, false, false, true);
    }

    @Test
    void aBroadcastWithCompressFalseSharesOneUncompressedEncodingBetweenItsRecipients() {
        DefaultEventExecutor otherLoop = h.newLoop();
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        FakeEngineSocket c = h.connect("/", otherLoop);
        a.clearSent();
        b.clearSent();
        c.clearSent();
        h.io.compress(false).emit("news", "raw");
        h.io.emit("news", "plain");
        a.awaitSent(2);
        b.awaitSent(2);
        c.awaitSent(2);
        for (FakeEngineSocket conn : List.of(a, b, c)) {
            assertThat(conn.sent()).containsExactly("2[\"news\",\"raw\"]", "2[\"news\",\"plain\"]");
            assertThat(conn.sentMessages()).extracting(Packet.Message::compress).containsExactly(false, true);
            assertThat(conn.sentMessages().get(0)).isSameAs(a.sentMessages().get(0));
        }
    }

    @Test
    void broadcastsCarryTheModifiersAndLeaveTheSocketOut() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        Socket sa = h.socket(a, "/");
        h.socket(b, "/").join("r");
        a.clearSent();
        b.clearSent();
        sa.compress(false).to("r").emit("to r");
        sa.compress(false).except("nothing").emit("except");
        assertThat(sa.volatile_().broadcast().options().flags().isVolatile()).isTrue();
        assertThat(a.sent()).isEmpty();
        assertThat(b.sent()).containsExactly("2[\"to r\"]", "2[\"except\"]");
    }
}
