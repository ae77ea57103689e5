package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.testing.TestCertificate;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat with {@code TLS_CERT} and {@code TLS_KEY} set: the page over HTTPS, and the official
 * Java client chatting over WSS, trusting only the test's certificate.
 */
class ChatServerTlsTest {

    @TempDir
    Path dir;

    private final SocketIoServer io = ChatServer.createServer();
    private NettyServer http;
    private Socket client;
    private OkHttpClient ok;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        io.close().get(10, TimeUnit.SECONDS);
        if (http != null) {
            http.close();
        }
        if (ok != null) {
            ok.dispatcher().executorService().shutdown();
            ok.connectionPool().evictAll();
        }
    }

    @Test
    void withTlsCertAndKeyThePageAndTheChatAreServedOverHttpsAndWss() throws Exception {
        TestCertificate cert = TestCertificate.create(dir);
        http = ChatServer.http(io, Map.of("TLS_CERT", cert.certificatePem().toString(),
                "TLS_KEY", cert.privateKeyPem().toString())).listen("127.0.0.1", 0);
        String base = "https://127.0.0.1:" + http.port();

        HttpResponse<String> page = HttpClient.newBuilder().sslContext(cert.clientContext()).build()
                .send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/socket.io/socket.io.js");

        ok = new OkHttpClient.Builder().sslSocketFactory(cert.clientContext().getSocketFactory(), cert.trustManager())
                .readTimeout(0, TimeUnit.MILLISECONDS).build();
        IO.Options options = new IO.Options();
        options.forceNew = true;
        options.reconnection = false;
        options.transports = new String[] {"websocket"};
        options.callFactory = ok;
        options.webSocketFactory = ok;
        client = IO.socket(URI.create(base), options);
        CompletableFuture<String> echoed = new CompletableFuture<>();
        client.on("chat message", args -> echoed.complete(String.valueOf(args[0])));
        client.on(Socket.EVENT_CONNECT, args -> client.emit("chat message", "hello over wss"));
        client.connect();

        assertThat(echoed.get(10, TimeUnit.SECONDS)).contains("\"text\":\"hello over wss\"");
    }

    @Test
    void onlyOneOfTlsCertAndKeyIsRefused() {
        assertThatThrownBy(() -> ChatServer.http(io, Map.of("TLS_CERT", "cert.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("set both TLS_CERT and TLS_KEY (PEM files), or neither");
    }
}
