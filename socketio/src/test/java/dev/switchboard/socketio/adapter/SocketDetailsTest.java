package dev.switchboard.socketio.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.socketio.FakeEngineSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SocketDetailsTest {

    @Test
    void describesALocalSocketForOtherServers() {
        DefaultEventExecutor loop = new DefaultEventExecutor();
        try {
            SocketIoServer io = SocketIoServer.builder().build();
            List<Socket> sockets = new CopyOnWriteArrayList<>();
            io.on("connection", sockets::add);
            FakeEngineSocket conn = new FakeEngineSocket(loop);
            io.handleConnection(conn);
            conn.receive("0");
            Socket socket = sockets.get(0);
            SocketDetails empty = SocketDetails.of(socket);
            assertThat(empty.data().isNull()).isTrue();
            socket.join("r");
            socket.data(Map.of("user", "ann"));
            SocketDetails details = SocketDetails.of(socket);
            assertThat(details.id()).isEqualTo(socket.id());
            assertThat(details.handshake()).isSameAs(socket.handshake());
            assertThat(details.rooms()).containsExactly(socket.id(), "r");
            assertThat(details.data().toString()).isEqualTo("{\"user\":\"ann\"}");
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
