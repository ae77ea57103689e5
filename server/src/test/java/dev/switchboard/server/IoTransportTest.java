package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The network transports: which one each choice gives on the machine at hand, and that every one
 * serves polling and WebSocket alike.
 */
class IoTransportTest {

    @Test
    void epollGivesEpollWhereItIsAvailableElseNio() {
        assertThat(IoTransport.EPOLL.resolve()).isEqualTo(Epoll.isAvailable() ? IoTransport.EPOLL : IoTransport.NIO);
    }

    @Test
    void autoAndIoUringGiveIoUringWhereTheKernelTakesItElseEpoll() {
        IoTransport expected = IoUring.isAvailable() ? IoTransport.IO_URING : IoTransport.EPOLL.resolve();
        assertThat(IoTransport.AUTO.resolve()).isEqualTo(expected);
        assertThat(IoTransport.IO_URING.resolve()).isEqualTo(expected);
    }

    @Test
    void nioIsAlwaysNio() {
        assertThat(IoTransport.NIO.resolve()).isEqualTo(IoTransport.NIO);
    }

    @ParameterizedTest
    @EnumSource(IoTransport.class)
    void everyChoiceServesAPollAndAWebSocketEcho(IoTransport choice) throws Exception {
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
        engine.onConnection(socket -> socket.onMessage(socket::send));
        NettyServer server = NettyServer.create(engine).ioTransport(choice).listen("127.0.0.1", 0);
        try {
            assertThat(server.activeIoTransport()).isEqualTo(choice.resolve());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=polling");
            HttpResponse<String> open = http.send(HttpRequest.newBuilder(base).timeout(EchoServer.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).startsWith("0{\"sid\":\"");

            JdkWebSocket ws = JdkWebSocket.open(http,
                    URI.create("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket"));
            assertThat((String) ws.next()).startsWith("0{\"sid\":\"");
            ws.sendText("4over " + choice);
            ws.expectText("4over " + choice);
        } finally {
            server.close();
        }
        assertThat(server.activeIoTransport()).isNull();
    }
}
