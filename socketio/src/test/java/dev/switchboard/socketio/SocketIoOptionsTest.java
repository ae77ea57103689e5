package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engineio.TransportType;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.adapter.SessionAwareAdapter;
import dev.switchboard.socketio.parser.JsonPacketParser;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class SocketIoOptionsTest {

    @Test
    void defaultsAreSocketIos() {
        SocketIoOptions o = SocketIoOptions.DEFAULT;
        assertThat(o.path()).isEqualTo("/socket.io");
        assertThat(o.serveClient()).isTrue();
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(o.cleanupEmptyChildNamespaces()).isFalse();
        assertThat(o.connectionStateRecovery()).isNull();
        assertThat(o.parser()).isInstanceOf(JsonPacketParser.class);
        assertThat(o.objectMapper()).isNotNull();
        assertThat(o.handlerExecutor()).isNull();
        assertThat(o.engine().path()).isEqualTo("/socket.io/");
        assertThat(o.engine().pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(o.engine().pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.engine().maxHttpBufferSize()).isEqualTo(1_000_000);
    }

    @Test
    void engineOptionsPassThrough() {
        SocketIoOptions o = SocketIoOptions.builder()
                .path("custom/")
                .pingInterval(Duration.ofSeconds(1))
                .pingTimeout(Duration.ofSeconds(2))
                .upgradeTimeout(Duration.ofSeconds(3))
                .maxHttpBufferSize(10)
                .maxBufferedBytes(20)
                .transports(TransportType.WEBSOCKET)
                .allowUpgrades(false)
                .perMessageDeflate(true)
                .httpCompression(false)
                .engine(e -> e.initialPacket("hi"))
                .build();
        assertThat(o.path()).isEqualTo("/custom");
        assertThat(o.engine().path()).isEqualTo("/custom/");
        assertThat(o.engine().pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.engine().pingTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.engine().upgradeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.engine().maxHttpBufferSize()).isEqualTo(10);
        assertThat(o.engine().maxBufferedBytes()).isEqualTo(20);
        assertThat(o.engine().transports()).containsExactly(TransportType.WEBSOCKET);
        assertThat(o.engine().allowUpgrades()).isFalse();
        assertThat(o.engine().perMessageDeflate()).isTrue();
        assertThat(o.engine().httpCompressionThreshold()).isEqualTo(-1);
        assertThat(o.engine().initialPacket()).isEqualTo("hi");
    }

    @Test
    void theDefaultAdapterFollowsConnectionStateRecovery() {
        SocketIoServer plain = SocketIoServer.builder().build();
        assertThat(plain.sockets().adapter()).isExactlyInstanceOf(InMemoryAdapter.class);
        SocketIoOptions withCsr = plain.options().toBuilder()
                .connectionStateRecovery(ConnectionStateRecovery.DEFAULT).build();
        assertThat(SocketIoServer.create(withCsr).sockets().adapter()).isInstanceOf(SessionAwareAdapter.class);
        SocketIoOptions backOff = withCsr.toBuilder().connectionStateRecovery(null).build();
        assertThat(SocketIoServer.create(backOff).sockets().adapter()).isExactlyInstanceOf(InMemoryAdapter.class);
    }

    @Test
    void toBuilderKeepsEverySetting() {
        Executor executor = Runnable::run;
        SocketIoOptions o = SocketIoOptions.builder().serveClient(false).connectTimeout(Duration.ofSeconds(3))
                .cleanupEmptyChildNamespaces(true).handlerExecutor(executor).path("/x")
                .pingInterval(Duration.ofSeconds(7)).build();
        SocketIoOptions copy = o.toBuilder().build();
        assertThat(copy.serveClient()).isFalse();
        assertThat(copy.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.cleanupEmptyChildNamespaces()).isTrue();
        assertThat(copy.handlerExecutor()).isSameAs(executor);
        assertThat(copy.path()).isEqualTo("/x");
        assertThat(copy.engine().pingInterval()).isEqualTo(Duration.ofSeconds(7));
        assertThat(copy.parser()).isSameAs(o.parser());
        assertThat(copy.objectMapper()).isSameAs(o.objectMapper());
        assertThat(copy.toString()).contains("path=/x", "connectTimeout=3000ms");
    }

    @Test
    void invalidValuesAreRefused() {
        assertThatThrownBy(() -> SocketIoOptions.builder().connectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketIoOptions.builder().parser(null)).isInstanceOf(NullPointerException.class);
    }
}
