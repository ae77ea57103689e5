package dev.switchboard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.Packet;
import dev.switchboard.socketio.SocketIoServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The servlet in each embedded container, seen from a plain HTTP and WebSocket client: the
 * polling handshake, a message there and back over long-polling and over WebSocket, the
 * {@code compress} flag of polling responses, the client bundle, and a context path. The official
 * clients' suites run over both containers in the interop module; these tests show the wiring on
 * its own.
 */
class SocketIoServletTest {

    /** HTTP/1.1 only: the client's h2c upgrade offer would be an upgrade request to the engine, refused as in Node. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static EngineIoServer echoEngine() {
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
        engine.onConnection(socket -> socket.onMessage(socket::send));
        return engine;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aPollingSessionOpensAndEchoesAMessageBackOnTheNextPoll(Container container) throws Exception {
        try (Container.Running c = container.start("", () -> echoEngine())) {
            String base = "http://127.0.0.1:" + c.port() + "/engine.io/?EIO=4&transport=polling";
            HttpResponse<String> open = get(base);
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).startsWith("0{\"sid\":\"");
            String sid = open.body().substring(9, open.body().indexOf('"', 9));
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid))
                    .POST(HttpRequest.BodyPublishers.ofString("4hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body()).isEqualTo("ok");
            assertThat(get(base + "&sid=" + sid).body()).isEqualTo("4hello");
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aPollingResponseOfMessagesSentWithCompressionOffIsNotGzipped(Container container) throws Exception {
        String big = "squeeze me ".repeat(300);
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
        engine.onConnection(socket -> socket.onMessage(m -> socket.send(
                Packet.text(big).withCompress(!"raw please".equals(((Packet.Text) m).text())))));
        try (Container.Running c = container.start("", () -> engine)) {
            String base = "http://127.0.0.1:" + c.port() + "/engine.io/?EIO=4&transport=polling";
            HttpResponse<String> open = get(base);
            String sid = open.body().substring(9, open.body().indexOf('"', 9));
            HttpRequest poll = HttpRequest.newBuilder(URI.create(base + "&sid=" + sid))
                    .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(5)).build();
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "&sid=" + sid));

            HTTP.send(post.POST(HttpRequest.BodyPublishers.ofString("4raw please")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<byte[]> plain = HTTP.send(poll, HttpResponse.BodyHandlers.ofByteArray());
            HTTP.send(post.POST(HttpRequest.BodyPublishers.ofString("4deflated please")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<byte[]> gzipped = HTTP.send(poll, HttpResponse.BodyHandlers.ofByteArray());

            assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
            assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo("4" + big);
            assertThat(gzipped.headers().firstValue("content-encoding")).contains("gzip");
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("4" + big);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void aWebSocketSessionGetsItsOpenPacketAndAnEcho(Container container) throws Exception {
        try (Container.Running c = container.start("", () -> echoEngine())) {
            Recorder recorder = new Recorder(true);
            BlockingQueue<String> received = recorder.received;
            WebSocket ws = recorder.open(c.port());
            assertThat(received.poll(5, TimeUnit.SECONDS)).startsWith("0{\"sid\":\"").contains("\"upgrades\":[]");
            ws.sendText("4hello", true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("4hello");
            ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("binary:3");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void theClientBundleIsServedUnderTheSocketIoPathOfTheContext(Container container) throws Exception {
        SocketIoServer io = SocketIoServer.builder().build();
        try (Container.Running c = container.start("/app", io)) {
            HttpResponse<String> bundle = get("http://127.0.0.1:" + c.port() + "/app/socket.io/socket.io.js");
            assertThat(bundle.statusCode()).isEqualTo(200);
            // Tomcat writes the type as it parsed it, without the space Node keeps.
            assertThat(bundle.headers().firstValue("content-type").orElseThrow())
                    .matches("application/javascript; ?charset=utf-8");
            assertThat(bundle.body()).contains("io");
            HttpResponse<String> open = get("http://127.0.0.1:" + c.port() + "/app/socket.io/?EIO=4&transport=polling");
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body()).startsWith("0{\"sid\":\"");
            assertThat(get("http://127.0.0.1:" + c.port() + "/app/socket.io").statusCode()).isEqualTo(404);
        }
    }

    /**
     * A stop waits for the container to report each WebSocket closed, which it does once the
     * client answers the close frame. A client that never answers must not hold the container's
     * shutdown: the binding gives up after 2 s (then up to 3 s for its executors), whatever the
     * container does with the connection afterwards.
     */
    @ParameterizedTest
    @EnumSource(Container.class)
    void aStopDoesNotWaitLongerThanItsLimitForAWebSocketClientThatNeverAnswersTheClose(Container container)
            throws Exception {
        EngineIoServer engine = echoEngine();
        CompletableFuture<CloseReason> sessionClosed = new CompletableFuture<>();
        engine.onConnection(socket -> socket.onClose((reason, description) -> sessionClosed.complete(reason)));
        Container.Running c = container.start("", () -> engine);
        Recorder recorder = new Recorder(false);
        boolean stopped = false;
        WebSocket ws = recorder.open(c.port());
        try {
            assertThat(recorder.received.poll(5, TimeUnit.SECONDS)).startsWith("0{\"sid\":\"");
            long start = System.nanoTime();
            stopped = true;
            c.close();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(stopMillis).isLessThan(7_000L);
            assertThat(sessionClosed.get(5, TimeUnit.SECONDS)).as("the engine's session ended with the stop").isNotNull();
            if (container == Container.TOMCAT) {
                // Tomcat stops the context while its connections are up, so the engine's close
                // frame goes out. Jetty closes its connections itself before it stops the context
                // (the guide says to call the servlet's close first); whether and when the client
                // then learns of it is Jetty's doing, which two CI runs in many saw take over 15 s.
                assertThat(recorder.closeStatus.get(15, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
            }
        } finally {
            ws.abort();
            if (!stopped) {
                c.close(); // an assertion before the stop failed: do not leave the container running
            }
        }
    }

    /** A JDK WebSocket client of the engine's path that records what it reads. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
        private final boolean answersClose;

        /** @param answersClose whether the client answers a close frame (a JDK client does when its stage completes) */
        Recorder(boolean answersClose) {
            this.answersClose = answersClose;
        }

        WebSocket open(int port) throws Exception {
            return HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=websocket"), this)
                    .get(5, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            received.add(data.toString());
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            received.add("binary:" + data.remaining());
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
            closeStatus.complete(status);
            return answersClose ? null : new CompletableFuture<Void>();
        }

        /**
         * The JDK client reports a connection that ended at end of stream as a close with 1006,
         * but one that the peer reset as an error: both are an end without a close frame.
         */
        @Override
        public void onError(WebSocket w, Throwable error) {
            closeStatus.complete(1006);
        }
    }
}
