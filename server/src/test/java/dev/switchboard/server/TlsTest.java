package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.testing.TestCertificate;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS and WSS from PEM files and from an {@code SslContext}, with a certificate made for the
 * test and clients that trust that certificate only: the Engine.IO handshake over polling and
 * WebSocket, ALPN choosing http/1.1, and the request seen as secure.
 */
class TlsTest {

    @TempDir
    static Path dir;
    static TestCertificate cert;

    private NettyServer server;
    private final CompletableFuture<Boolean> secure = new CompletableFuture<>();

    @BeforeAll
    static void certificate() {
        cert = TestCertificate.create(dir);
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private EngineIoServer echoEngine() {
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
        engine.onConnection(socket -> {
            secure.complete(socket.request().secure());
            socket.onMessage(socket::send);
        });
        return engine;
    }

    private HttpClient https() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(cert.clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private String pollingHandshakeOverHttps() throws Exception {
        HttpResponse<String> res = https().send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=polling")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(200);
        return res.body();
    }

    @Test
    void pemCertificateAndKeyServeThePollingHandshakeOverHttpsSeenAsSecure() throws Exception {
        assertThat(Files.readString(cert.privateKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
        server = NettyServer.create(echoEngine()).tls(cert.certificatePem(), cert.privateKeyPem())
                .listen("127.0.0.1", 0);

        assertThat(pollingHandshakeOverHttps()).startsWith("0{\"sid\":\"");
        assertThat(secure.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sslContextServesAWebSocketSessionOverWss() throws Exception {
        server = NettyServer.create(echoEngine())
                .tls(SslContextBuilder.forServer(cert.certificatePem().toFile(), cert.privateKeyPem().toFile()).build())
                .listen("127.0.0.1", 0);

        JdkWebSocket ws = JdkWebSocket.open(https(),
                URI.create("wss://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket"));
        assertThat((String) ws.next()).startsWith("0{\"sid\":\"");
        ws.sendText("4over wss");
        ws.expectText("4over wss");
        assertThat(secure.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void alpnSelectsHttp11AmongWhatTheClientOffers() throws Exception {
        server = NettyServer.create(echoEngine()).tls(cert.certificatePem(), cert.privateKeyPem())
                .listen("127.0.0.1", 0);

        try (SSLSocket socket = (SSLSocket) cert.clientContext().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(5_000);
            SSLParameters params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            socket.setSSLParameters(params);
            socket.startHandshake();

            assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
            socket.getOutputStream().write(("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n\r\n0{\"sid\":\"");
        }
    }

    @Test
    void plainHttpToATlsPortGetsNoAnswerAndTheServerGoesOn() throws Exception {
        server = NettyServer.create(echoEngine()).tls(cert.certificatePem(), cert.privateKeyPem())
                .listen("127.0.0.1", 0);

        try (RawHttp raw = RawHttp.connect(server.port())) {
            raw.send(RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null));
            raw.assertClosedByServer();
        }
        assertThat(pollingHandshakeOverHttps()).startsWith("0{\"sid\":\"");
    }

    @Test
    void filesThatHoldNoCertificateAreRefusedWhenConfigured(@TempDir Path other) throws IOException {
        Path empty = Files.writeString(other.resolve("empty.pem"), "not a certificate\n");

        assertThatThrownBy(() -> NettyServer.create(echoEngine()).tls(empty, cert.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no TLS certificate and key in " + empty);
        assertThatThrownBy(() -> NettyServer.create(echoEngine())
                .tls(SslContextBuilder.forClient().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server SslContext");
    }
}
