package dev.switchboard.server.guide;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * What the tests that run the guide's snippets share: servers on free ports and raw clients, all
 * closed after each test, and an HTTP/1.1 client.
 */
abstract class GuideHarness {

    static final Duration TIMEOUT = GuideClient.TIMEOUT;

    /**
     * HTTP/1.1: by default the JDK client offers an h2c upgrade on its first request, which the
     * Engine.IO path answers as Node's does, 400 "Invalid Upgrade header".
     */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A raw client of a local server, closed after the test. */
    GuideClient open(int port, String path) {
        GuideClient c = GuideClient.open(http, port, path);
        toClose.add(c);
        return c;
    }

    /** Serves {@code io} on a free port with one event loop; closed after the test. */
    int serve(SocketIoServer io) {
        NettyServer server = NettyServer.create(io).eventLoopThreads(1).listen("127.0.0.1", 0);
        toClose.add(server);
        return server.port();
    }

    /** A client connected to {@code /} of a server whose connection listener is {@code setup}. */
    GuideClient connected(Consumer<Socket> setup) {
        SocketIoServer io = SocketIoServer.create();
        io.on("connection", setup);
        GuideClient c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        return c;
    }

    HttpResponse<String> get(int port, String target) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
