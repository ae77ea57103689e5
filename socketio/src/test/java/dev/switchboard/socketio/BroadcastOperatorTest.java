package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.socketio.adapter.BroadcastOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BroadcastOperatorTest {

    private final Harness h = new Harness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    private record Result(Throwable error, EventArgs args) {
    }

    private static AckCallback into(CompletableFuture<Result> f) {
        return (err, args) -> f.complete(new Result(err, args));
    }

    @Test
    void modifiersReturnNewOperators() {
        BroadcastOperator base = h.io.to("a");
        BroadcastOperator more = base.to("b").except("c").volatile_().compress(false).local()
                .timeout(Duration.ofSeconds(1));
        assertThat(base.options().rooms()).containsExactly("a");
        assertThat(base.options().except()).isEmpty();
        assertThat(base.options().flags().isVolatile()).isFalse();
        BroadcastOptions opts = more.options();
        assertThat(opts.rooms()).containsExactly("a", "b");
        assertThat(opts.except()).containsExactly("c");
        assertThat(opts.flags().isVolatile()).isTrue();
        assertThat(opts.flags().compress()).isFalse();
        assertThat(opts.flags().local()).isTrue();
        assertThat(opts.flags().timeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void targetIsTheUnionOfRoomsMinusExceptedSockets() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        FakeEngineSocket c = h.connect("/");
        h.socket(a, "/").join("r1", "r2");
        h.socket(b, "/").join("r2", "muted");
        h.socket(c, "/").join("r3");
        a.clearSent();
        b.clearSent();
        c.clearSent();
        h.io.to("r1", "r2").to(List.of("r3")).except("muted").emit("x");
        assertThat(a.sent()).containsExactly("2[\"x\"]");
        assertThat(b.sent()).isEmpty();
        assertThat(c.sent()).containsExactly("2[\"x\"]");
    }

    @Test
    void acknowledgementsOfEveryClientAreCollected() throws Exception {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/", h.newLoop());
        a.clearSent();
        b.clearSent();
        CompletableFuture<Result> result = new CompletableFuture<>();
        h.io.timeout(Duration.ofSeconds(5)).emit("q", 1, into(result));
        assertThat(a.sent()).containsExactly("20[\"q\",1]");
        assertThat(b.sent()).containsExactly("20[\"q\",1]");
        a.receive("30[\"from a\",\"second args are dropped\"]");
        assertThat(result).isNotDone();
        b.receive("30[{\"b\":true}]");
        Result r = result.get(5, TimeUnit.SECONDS);
        assertThat(r.error()).isNull();
        assertThat(r.args().toString()).isEqualTo("[\"from a\",{\"b\":true}]");
    }

    @Test
    void timeoutGivesThePartialResponses() throws Exception {
        FakeEngineSocket a = h.connect("/");
        h.connect("/");
        CompletableFuture<List<String>> f = h.io.timeout(Duration.ofMillis(100)).emitWithAck(String.class, "q");
        a.receive("30[\"only a\"]");
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AckTimeoutException.class)
                .hasMessage("operation has timed out")
                .satisfies(e -> assertThat(((AckTimeoutException) e).responses().toString())
                        .isEqualTo("[\"only a\"]"));
    }

    @Test
    void noTargetCompletesAtOnceWithNoResponses() throws Exception {
        h.connect("/");
        assertThat(h.io.to("empty").timeout(Duration.ofSeconds(5)).emitWithAck("q").get(5, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    void acknowledgementsNeedATimeout() {
        assertThatThrownBy(() -> h.io.except("r").emit("q", (err, args) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> h.io.to("r").emitWithAck("q")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void typedResponsesAreMapped() throws Exception {
        FakeEngineSocket a = h.connect("/");
        CompletableFuture<List<Integer>> f = h.io.timeout(Duration.ofSeconds(5)).emitWithAck(Integer.class, "n");
        a.receive("30[7]");
        assertThat(f.get(5, TimeUnit.SECONDS)).containsExactly(7);
    }

    @Test
    void volatileBroadcastSkipsClientsThatCannotTakeIt() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        a.clearSent();
        b.clearSent();
        b.writable(false);
        h.io.volatile_().emit("tick");
        h.io.emit("reliable");
        assertThat(a.sent()).containsExactly("2[\"tick\"]", "2[\"reliable\"]");
        assertThat(b.sent()).containsExactly("2[\"reliable\"]");
        assertThat(h.io.droppedVolatilePackets()).isEqualTo(1);
    }

    @Test
    void collectionFormsOfInAndExceptTargetLikeTheirVarargsForms() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        Socket sa = h.socket(a, "/");
        sa.join("r");
        h.socket(b, "/").join("r", "muted");
        a.clearSent();
        b.clearSent();
        h.io.in(List.of("r")).except(List.of("muted")).emit("x");
        h.io.of("/").in(List.of("r")).emit("y");
        sa.in(List.of("r")).emit("z");
        assertThat(a.sent()).containsExactly("2[\"x\"]", "2[\"y\"]");
        assertThat(b.sent()).containsExactly("2[\"y\"]", "2[\"z\"]");
    }

    @Test
    void disconnectSocketsWithoutArgumentKeepsTheConnections() {
        FakeEngineSocket a = h.connect("/");
        h.socket(a, "/").join("r");
        a.clearSent();
        h.io.in("r").disconnectSockets();
        assertThat(a.sent()).containsExactly("1");
        assertThat(a.closeCalls()).isZero();
    }

    @Test
    void reservedNamesAreRefused() {
        assertThatThrownBy(() -> h.io.to("r").emit("disconnecting")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void socketFlagsCarryOverToItsBroadcast() {
        FakeEngineSocket a = h.connect("/");
        FakeEngineSocket b = h.connect("/");
        Socket sa = h.socket(a, "/");
        b.clearSent();
        b.writable(false);
        sa.volatile_().broadcast().emit("dropped for b");
        b.sync();
        b.writable(true);
        sa.volatile_().to(List.of()).emit("kept");
        assertThat(b.sent()).containsExactly("2[\"kept\"]");
        assertThat(sa.compress(false).broadcast().options().flags().compress()).isFalse();
        assertThat(sa.broadcast().options().except()).containsExactly(sa.id());
    }
}
