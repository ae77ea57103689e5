package dev.switchboard.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.engineio.ConnectionLimits;
import io.socket.engineio.client.EngineIOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Java client against a server at its connection limit: the client past it gets
 * {@code connect_error} (over polling and WebSocket), the connected one is untouched, and a
 * place freed by a leaving client is taken by the next.
 */
class JavaClientLimitsTest {

    private final ServerFixture<SocketIoServer> fx = NettyFixture.start(b -> b.limits(ConnectionLimits.builder()
            .maxConnections(1).build()));

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void clientPastMaxConnectionsGetsConnectErrorAndConnectsOnceAPlaceIsFree(ClientTransport transport) {
        io.socket.client.Socket first = fx.connect(ClientTransport.UPGRADE, "/");

        io.socket.client.Socket refused = fx.socket(transport, "/");
        Object error = ServerFixture.connectError(refused);
        assertThat(error).isInstanceOf(EngineIOException.class);
        // The client reports the status it got: the limit's 503, over either transport.
        assertThat(((EngineIOException) error).getCause()).hasMessageContaining("503");
        assertThat(first.connected()).isTrue();
        refused.close();

        String sid = fx.io.engine().clients().iterator().next().id();
        var gone = fx.engineClosed(sid);
        first.close();
        fx.assertSessionGone(gone, sid);
        ServerFixture.connect(fx.socket(transport, "/"));
    }
}
