package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EngineIoOptionsTest {

    @Test
    void defaultsEqualEngineIos() {
        EngineIoOptions o = EngineIoOptions.DEFAULT;
        assertThat(o.path()).isEqualTo("/engine.io/");
        assertThat(o.addTrailingSlash()).isTrue();
        assertThat(o.pingInterval()).isEqualTo(Duration.ofMillis(25_000));
        assertThat(o.pingTimeout()).isEqualTo(Duration.ofMillis(20_000));
        assertThat(o.upgradeTimeout()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(o.maxHttpBufferSize()).isEqualTo(1_000_000L);
        assertThat(o.transports()).containsExactly(TransportType.POLLING, TransportType.WEBSOCKET);
        assertThat(o.allowUpgrades()).isTrue();
        assertThat(o.allowRequest()).isNull();
        assertThat(o.cookie()).isNull();
        assertThat(o.cors()).isNull();
        assertThat(o.perMessageDeflate()).isFalse();
        assertThat(o.httpCompressionThreshold()).isEqualTo(1024);
        assertThat(o.initialPacket()).isNull();
        assertThat(o.generateId()).isNull();
        assertThat(o.initialHeaders()).isNull();
        assertThat(o.headers()).isNull();
    }

    @Test
    void ownOutboundBoundDefaultsToTenMegabytes() {
        assertThat(EngineIoOptions.DEFAULT.maxBufferedBytes()).isEqualTo(10_000_000L);
    }

    @Test
    void pathGetsOneTrailingSlashWhetherGivenOrNot() {
        assertThat(EngineIoOptions.builder().path("/socket.io").build().path()).isEqualTo("/socket.io/");
        assertThat(EngineIoOptions.builder().path("/socket.io/").build().path()).isEqualTo("/socket.io/");
    }

    @Test
    void pathLosesItsTrailingSlashWithoutAddTrailingSlash() {
        assertThat(EngineIoOptions.builder().path("/socket.io").addTrailingSlash(false).build().path())
                .isEqualTo("/socket.io");
        assertThat(EngineIoOptions.builder().path("/socket.io/").addTrailingSlash(false).build().path())
                .isEqualTo("/socket.io");
    }

    @Test
    void pathWithoutLeadingSlashGetsOne() {
        assertThat(EngineIoOptions.builder().path("rt").build().path()).isEqualTo("/rt/");
    }

    @Test
    void rootPathStaysRoot() {
        assertThat(EngineIoOptions.builder().path("/").build().path()).isEqualTo("/");
        assertThat(EngineIoOptions.builder().path("/").addTrailingSlash(false).build().path()).isEmpty();
    }

    @Test
    void toBuilderRoundTripKeepsEveryOption() {
        AllowRequest allow = r -> CompletableFuture.completedFuture(AllowRequest.Verdict.allow());
        Cors cors = Cors.allowOrigin("*");
        CookieOptions cookie = CookieOptions.named("sticky");
        Function<RequestInfo, String> ids = r -> "id";
        BiConsumer<Headers, RequestInfo> initial = (h, r) -> { };
        BiConsumer<Headers, RequestInfo> every = (h, r) -> { };
        EngineIoOptions o = EngineIoOptions.builder()
                .path("/rt")
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .upgradeTimeout(Duration.ofSeconds(3))
                .maxHttpBufferSize(5_000)
                .maxBufferedBytes(70_000)
                .transports(TransportType.WEBSOCKET)
                .allowUpgrades(false)
                .allowRequest(allow)
                .cookie(cookie)
                .cors(cors)
                .perMessageDeflate(true)
                .httpCompressionThreshold(2048)
                .initialPacket("hi")
                .generateId(ids)
                .initialHeaders(initial)
                .headers(every)
                .build();
        EngineIoOptions copy = o.toBuilder().build();
        assertThat(copy.path()).isEqualTo("/rt/");
        assertThat(copy.addTrailingSlash()).isTrue();
        assertThat(copy.pingInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(copy.pingTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(copy.upgradeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.maxHttpBufferSize()).isEqualTo(5_000L);
        assertThat(copy.maxBufferedBytes()).isEqualTo(70_000L);
        assertThat(copy.transports()).containsExactly(TransportType.WEBSOCKET);
        assertThat(copy.allowUpgrades()).isFalse();
        assertThat(copy.allowRequest()).isSameAs(allow);
        assertThat(copy.cookie()).isSameAs(cookie);
        assertThat(copy.cors()).isSameAs(cors);
        assertThat(copy.perMessageDeflate()).isTrue();
        assertThat(copy.httpCompressionThreshold()).isEqualTo(2048);
        assertThat(copy.initialPacket()).isEqualTo("hi");
        assertThat(copy.generateId()).isSameAs(ids);
        assertThat(copy.initialHeaders()).isSameAs(initial);
        assertThat(copy.headers()).isSameAs(every);
        assertThat(copy.toString()).isEqualTo(o.toString());
    }

    @Test
    void toBuilderCanDropTheTrailingSlashLater() {
        EngineIoOptions o = EngineIoOptions.builder().path("/rt").build();
        assertThat(o.toBuilder().addTrailingSlash(false).build().path()).isEqualTo("/rt");
        assertThat(o.toBuilder().addTrailingSlash(false).build().toBuilder().addTrailingSlash(true).build().path())
                .isEqualTo("/rt/");
    }

    @Test
    void toBuilderChangesLeaveTheOriginalUntouched() {
        EngineIoOptions o = EngineIoOptions.DEFAULT.toBuilder().pingInterval(Duration.ofSeconds(1)).build();
        assertThat(o.pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(EngineIoOptions.DEFAULT.pingInterval()).isEqualTo(Duration.ofMillis(25_000));
    }

    @Test
    void transportsAreACopyThatCannotBeChanged() {
        Set<TransportType> given = EnumSet.of(TransportType.POLLING);
        EngineIoOptions o = EngineIoOptions.builder().transports(given).build();
        given.add(TransportType.WEBSOCKET);
        assertThat(o.transports()).containsExactly(TransportType.POLLING);
        assertThatThrownBy(() -> o.transports().add(TransportType.WEBSOCKET))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void cookieTrueMeansTheReferenceDefaults() {
        assertThat(EngineIoOptions.builder().cookie(true).build().cookie()).isEqualTo(CookieOptions.DEFAULT);
        assertThat(EngineIoOptions.builder().cookie(true).cookie(false).build().cookie()).isNull();
    }

    @Test
    void httpCompressionSwitchesTheThreshold() {
        assertThat(EngineIoOptions.builder().httpCompression(false).build().httpCompressionThreshold()).isEqualTo(-1);
        assertThat(EngineIoOptions.builder().httpCompression(false).httpCompression(true).build()
                .httpCompressionThreshold()).isEqualTo(1024);
        assertThat(EngineIoOptions.builder().httpCompressionThreshold(-5).build().httpCompressionThreshold())
                .isEqualTo(-1);
    }

    @Test
    void refusesBadValues() {
        EngineIoOptions.Builder b = EngineIoOptions.builder();
        assertThatThrownBy(() -> b.pingInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.pingTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.upgradeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxHttpBufferSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxHttpBufferSize(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxBufferedBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.transports(Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.path(null)).isInstanceOf(NullPointerException.class);
    }
}
