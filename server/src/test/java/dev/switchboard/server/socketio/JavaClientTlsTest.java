package dev.switchboard.server.socketio;

import static dev.switchboard.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.TestCertificate;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Java client over HTTPS and WSS, trusting only the test's self-signed certificate
 * (host name checked): it connects over each transport, its event is acknowledged, and the server
 * sees the handshake as secure.
 */
class JavaClientTlsTest {

    @TempDir
    static Path dir;
    static TestCertificate cert;

    private final SocketIoServer io = SocketIoServer.builder().build();
    private NettyServer server;
    private OkHttpClient http;
    private Socket client;

    @BeforeAll
    static void certificate() {
        cert = TestCertificate.create(dir);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void clientConnectsOverTlsAndItsEventIsAcknowledged(ClientTransport transport) {
        CompletableFuture<Boolean> secure = new CompletableFuture<>();
        CompletableFuture<TransportType> onWebSocket = new CompletableFuture<>();
        io.onConnection(socket -> {
            secure.complete(socket.handshake().secure());
            // On the session's loop: the transport now, or the upgrade when it comes.
            if (socket.conn().transport() == TransportType.WEBSOCKET) {
                onWebSocket.complete(TransportType.WEBSOCKET);
            }
            socket.conn().onUpgrade(onWebSocket::complete);
            socket.on("echo", (args, ack) -> ack.send(args));
        });
        server = NettyServer.create(io).tls(cert.certificatePem(), cert.privateKeyPem()).listen("127.0.0.1", 0);
        http = new OkHttpClient.Builder()
                .sslSocketFactory(cert.clientContext().getSocketFactory(), cert.trustManager())
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .build();
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = transport.transports();
        options.callFactory = http;
        options.webSocketFactory = http;
        client = IO.socket(URI.create("https://127.0.0.1:" + server.port()), options);

        ServerFixture.connect(client);
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("echo", new Object[] {"over tls"}, answer::complete);

        assertThat(await(answer)).containsExactly("over tls");
        assertThat(await(secure)).isTrue();
        if (transport != ClientTransport.POLLING) {
            assertThat(await(onWebSocket)).isEqualTo(TransportType.WEBSOCKET);
        }
    }
}
