package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.spi.HttpRoute;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.internal.ClientBundleRoute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.brotli.dec.BrotliInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client bundle as Node's socket.io serves it, through the Netty binding: the handler with
 * Socket.IO's bundle route alone on an {@link EmbeddedChannel} behind Netty's HTTP codec (raw
 * request bytes in, raw response bytes out), then the whole server over real sockets. The expected bytes are read from the npm package the build installed, never
 * from the classpath copy under test.
 */
class RouteHandlerTest {

    private static final Path PACKAGE = Path.of("..", "socketio", "client-bundle", "node_modules", "socket.io-client");
    private static final List<String> FILES = List.of(
            "socket.io.js", "socket.io.js.map", "socket.io.min.js", "socket.io.min.js.map",
            "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map",
            "socket.io.esm.min.js", "socket.io.esm.min.js.map");

    private static String version;

    @BeforeAll
    static void readPackageVersion() throws IOException {
        String json = Files.readString(PACKAGE.resolve("package.json"));
        Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("version in %s", PACKAGE.resolve("package.json")).isTrue();
        version = m.group(1);
    }

    static List<String> files() {
        return FILES;
    }

    private static byte[] npmBytes(String name) throws IOException {
        return Files.readAllBytes(PACKAGE.resolve("dist").resolve(name));
    }

    private static String typeOf(String name) {
        return name.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8";
    }

    private static String okHead(String name, String extraHeaders) {
        return "HTTP/1.1 200 OK\r\n"
                + "Cache-Control: public, max-age=0\r\n"
                + "Content-Type: " + typeOf(name) + "\r\n"
                + "ETag: \"" + version + "\"\r\n"
                + extraHeaders
                + "Transfer-Encoding: chunked\r\n\r\n";
    }

    private static byte[] decode(String coding, byte[] body) throws IOException {
        InputStream in = switch (coding) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
            case "br" -> new BrotliInputStream(new ByteArrayInputStream(body));
            default -> throw new IllegalArgumentException(coding);
        };
        try (in) {
            return in.readAllBytes();
        }
    }

    /** The handler alone, on an embedded channel. */
    @Nested
    class OnAnEmbeddedChannel {

        /** What the handler let through to the next handler, as text. */
        private final List<String> passed = new ArrayList<>();
        private EmbeddedChannel channel;

        private EmbeddedChannel channel(boolean enabled, Cors cors) {
            channel = new EmbeddedChannel(new HttpServerCodec(), new RouteHandler(enabled ? List.of(new ClientBundleRoute("/socket.io", cors)) : List.<HttpRoute>of()),
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            try {
                                if (msg instanceof HttpRequest req) {
                                    passed.add(req.method() + " " + req.uri()
                                            + (req.decoderResult().isFailure() ? " (failed)" : ""));
                                }
                                if (msg instanceof HttpContent content) {
                                    String text = content.content().toString(StandardCharsets.UTF_8);
                                    passed.add((msg instanceof LastHttpContent ? "last:" : "content:") + text);
                                }
                            } finally {
                                ReferenceCountUtil.release(msg);
                            }
                        }
                    });
            return channel;
        }

        private EmbeddedChannel channel() {
            return channel(true, null);
        }

        @AfterEach
        void releaseEverything() {
            if (channel != null) {
                channel.finishAndReleaseAll();
            }
        }

        private Response exchange(String request) {
            channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
            return Response.parse(drainOutbound());
        }

        private byte[] drainOutbound() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object msg; (msg = channel.readOutbound()) != null; ) {
                ByteBuf buf = (ByteBuf) msg;
                try {
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    out.writeBytes(bytes);
                } finally {
                    buf.release();
                }
            }
            return out.toByteArray();
        }

        private static String get(String target, String... headers) {
            return request("GET", target, headers);
        }

        private static String request(String method, String target, String... headers) {
            StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            return sb.append("\r\n").toString();
        }

        @ParameterizedTest
        @MethodSource("dev.switchboard.server.internal.RouteHandlerTest#files")
        void servesEachFileWithTheBytesOfTheNpmPackage(String name) throws IOException {
            channel();
            Response res = exchange(get("/socket.io/" + name));
            assertThat(res.head()).isEqualTo(okHead(name, ""));
            assertThat(res.body()).isEqualTo(npmBytes(name));
            assertThat(passed).isEmpty();
        }

        @ParameterizedTest
        @MethodSource("dev.switchboard.server.internal.RouteHandlerTest#files")
        void compressesEachFileWithBrGzipAndDeflate(String name) throws IOException {
            channel();
            for (String coding : List.of("br", "gzip", "deflate")) {
                Response res = exchange(get("/socket.io/" + name, "Accept-Encoding: " + coding));
                assertThat(res.head()).isEqualTo(okHead(name, "content-encoding: " + coding + "\r\n"));
                assertThat(decode(coding, res.body())).as(coding).isEqualTo(npmBytes(name));
            }
        }

        @Test
        void choosesTheCodingAsNodeDoesForABrowsersHeader() {
            channel();
            // Chrome's header: Node picks the first listed of equal quality, gzip.
            Response res = exchange(get("/socket.io/socket.io.min.js", "Accept-Encoding: gzip, deflate, br, zstd"));
            assertThat(res.header("content-encoding")).isEqualTo("gzip");
            res = exchange(get("/socket.io/socket.io.min.js", "Accept-Encoding: br;q=1, gzip;q=0.5"));
            assertThat(res.header("content-encoding")).isEqualTo("br");
            res = exchange(get("/socket.io/socket.io.min.js", "Accept-Encoding: identity"));
            assertThat(res.header("content-encoding")).isNull();
        }

        @Test
        void answers304ToTheStrongAndTheWeakEtag() {
            channel();
            Response strong = exchange(get("/socket.io/socket.io.js", "If-None-Match: \"" + version + "\""));
            assertThat(strong.head()).isEqualTo("HTTP/1.1 304 Not Modified\r\n\r\n");
            assertThat(strong.body()).isEmpty();
            Response weak = exchange(get("/socket.io/socket.io.js.map", "If-None-Match: W/\"" + version + "\""));
            assertThat(weak.head()).isEqualTo("HTTP/1.1 304 Not Modified\r\n\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"0.0.1\"", "*", "\"%s\", \"other\"", "%s", "w/\"%s\""})
        void sendsTheFileForAnyOtherIfNoneMatch(String value) throws IOException {
            channel();
            Response res = exchange(get("/socket.io/socket.io.js", "If-None-Match: " + value.replace("%s", version)));
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.body()).isEqualTo(npmBytes("socket.io.js"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"?v=4.8.4", "?", "?EIO=4&transport=polling", "?a=1?b=2"})
        void ignoresTheQueryString(String query) throws IOException {
            channel();
            Response res = exchange(get("/socket.io/socket.io.min.js" + query));
            assertThat(res.head()).isEqualTo(okHead("socket.io.min.js", ""));
            assertThat(res.body()).isEqualTo(npmBytes("socket.io.min.js"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/socket.io/socket.io.esm.js", "/socket.io/socket.io.js.gz", "/socket.io/socket.io.js/",
            "/socket.io/?EIO=4&transport=polling", "/socket.io/", "/socket.io/x/socket.io.js", "/socket.io.js",
            "/socket.iosocket.io.js", "/other/socket.io.js", "/socket.io/SOCKET.IO.JS", "/socket.io/socket.io.js#x",
            "/socket.io/%73ocket.io.js", "/socket.io//socket.io.js"})
        void passesEveryOtherTargetOn(String target) {
            channel();
            Response res = exchange(get(target));
            assertThat(res.raw()).isEmpty();
            assertThat(passed).containsExactly("GET " + target, "last:");
        }

        @Test
        void servesAnyMethodAndDropsTheRequestBody() throws IOException {
            channel();
            Response res = exchange("POST /socket.io/socket.io.js HTTP/1.1\r\nHost: localhost\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            assertThat(res.head()).isEqualTo(okHead("socket.io.js", ""));
            assertThat(res.body()).isEqualTo(npmBytes("socket.io.js"));
            // The rest of the body arrives later and is dropped too; the next request goes on.
            exchange("6\r\n world\r\n0\r\n\r\n" + get("/socket.io/?EIO=4&transport=polling"));
            assertThat(passed).containsExactly("GET /socket.io/?EIO=4&transport=polling", "last:");

            Response put = exchange("PUT /socket.io/socket.io.min.js HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: 3\r\n\r\nabc");
            assertThat(put.body()).isEqualTo(npmBytes("socket.io.min.js"));
            Response options = exchange(request("OPTIONS", "/socket.io/socket.io.min.js"));
            assertThat(options.body()).isEqualTo(npmBytes("socket.io.min.js"));
            assertThat(passed).hasSize(2);
        }

        @Test
        void answersHeadWithTheHeadAlone() {
            channel();
            Response res = exchange(request("HEAD", "/socket.io/socket.io.js", "Accept-Encoding: gzip"));
            assertThat(res.head()).isEqualTo("HTTP/1.1 200 OK\r\n"
                    + "Cache-Control: public, max-age=0\r\n"
                    + "Content-Type: application/javascript; charset=utf-8\r\n"
                    + "ETag: \"" + version + "\"\r\n"
                    + "content-encoding: gzip\r\n\r\n");
            assertThat(res.body()).isEmpty();
            assertThat(channel.isOpen()).isTrue();
        }

        @Test
        void endsAnHttp10BodyByClosingTheConnection() throws IOException {
            channel();
            Response res = exchange("GET /socket.io/socket.io.esm.min.js HTTP/1.0\r\n\r\n");
            assertThat(res.head()).isEqualTo("HTTP/1.1 200 OK\r\n"
                    + "Cache-Control: public, max-age=0\r\n"
                    + "Content-Type: application/javascript; charset=utf-8\r\n"
                    + "ETag: \"" + version + "\"\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(res.body()).isEqualTo(npmBytes("socket.io.esm.min.js"));
            assertThat(channel.isOpen()).isFalse();
        }

        @Test
        void closesAfterTheResponseWhenAskedTo() throws IOException {
            channel();
            Response res = exchange(get("/socket.io/socket.io.js", "Connection: close"));
            assertThat(res.head()).isEqualTo(okHead("socket.io.js", "Connection: close\r\n"));
            assertThat(res.body()).isEqualTo(npmBytes("socket.io.js"));
            assertThat(channel.isOpen()).isFalse();
        }

        @Test
        void leavesWebSocketUpgradesToTheEngine() {
            channel();
            String upgrade = get("/socket.io/socket.io.js", "Connection: Upgrade", "Upgrade: websocket",
                    "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
            assertThat(exchange(upgrade).raw()).isEmpty();
            assertThat(passed).containsExactly("GET /socket.io/socket.io.js", "last:");
        }

        @Test
        void servesNothingWhenDisabled() {
            channel(false, null);
            assertThat(exchange(get("/socket.io/socket.io.js")).raw()).isEmpty();
            assertThat(passed).containsExactly("GET /socket.io/socket.io.js", "last:");
        }

        @Test
        void putsTheCorsHeadersFirst() {
            channel(true, Cors.builder().origin("https://app.example").credentials(true).build());
            Response res = exchange(get("/socket.io/socket.io.min.js", "Origin: https://other.example"));
            assertThat(res.head()).isEqualTo(okHead("socket.io.min.js", "").replace("HTTP/1.1 200 OK\r\n",
                    "HTTP/1.1 200 OK\r\n"
                    + "Access-Control-Allow-Origin: https://app.example\r\n"
                    + "Vary: Origin\r\n"
                    + "Access-Control-Allow-Credentials: true\r\n"));
            Response notModified = exchange(get("/socket.io/socket.io.min.js", "If-None-Match: \"" + version + "\""));
            assertThat(notModified.head()).isEqualTo("HTTP/1.1 304 Not Modified\r\n"
                    + "Access-Control-Allow-Origin: https://app.example\r\n"
                    + "Vary: Origin\r\n"
                    + "Access-Control-Allow-Credentials: true\r\n\r\n");
        }

        @Test
        void letsTheCorsPolicyAnswerAPreflight() {
            // The policy adds Content-Length: 0 as Node's cors does; Netty's encoder drops it from a 204.
            channel(true, Cors.allowOrigin("*"));
            Response res = exchange(request("OPTIONS", "/socket.io/socket.io.js", "Origin: https://a.example",
                    "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: x-token"));
            assertThat(res.head()).isEqualTo("HTTP/1.1 204 No Content\r\n"
                    + "Access-Control-Allow-Origin: *\r\n"
                    + "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE\r\n"
                    + "Vary: Access-Control-Request-Headers\r\n"
                    + "Access-Control-Allow-Headers: x-token\r\n\r\n");
            assertThat(passed).isEmpty();
        }

        @Test
        void servesTheFileWithoutCorsHeadersWhenTheOriginCheckFails() throws IOException {
            channel(true, Cors.builder().origin(origin -> {
                throw new IllegalStateException("origin store down");
            }).build());
            Response res = exchange(get("/socket.io/socket.io.js", "Origin: https://a.example"));
            assertThat(res.head()).isEqualTo(okHead("socket.io.js", ""));
            assertThat(res.body()).isEqualTo(npmBytes("socket.io.js"));
        }

        @Test
        void passesARequestTheCodecCouldNotParseOn() {
            channel();
            Response res = exchange("GET /socket.io/socket.io.js HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: abc\r\n\r\n");
            assertThat(res.raw()).isEmpty();
            assertThat(passed).first().isEqualTo("GET /socket.io/socket.io.js (failed)");
        }
    }

    @Test
    void theBundleRouteCarriesTheVersionOfTheInstalledNpmPackage() {
        assertThat(new ClientBundleRoute("/socket.io", null).version()).isEqualTo(version);
    }

    /** The whole server on 127.0.0.1, driven by the JDK's HTTP client. */
    @Nested
    class OverTheNetwork {

        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private NettyServer server;

        private NettyServer start(boolean serveClient) {
            SocketIoServer io = SocketIoServer.builder().serveClient(serveClient).build();
            server = NettyServer.create(io).eventLoopThreads(1);
            return server.listen("127.0.0.1", 0);
        }

        @AfterEach
        void stop() {
            if (server != null) {
                server.close();
            }
        }

        private HttpResponse<byte[]> send(String method, String target, String... headers) throws Exception {
            java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + target))
                    .timeout(Duration.ofSeconds(10))
                    .method(method, BodyPublishers.noBody());
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return client.send(b.build(), BodyHandlers.ofByteArray());
        }

        @Test
        void servesEveryFileAndMapOverHttp() throws Exception {
            start(true);
            for (String name : FILES) {
                HttpResponse<byte[]> res = send("GET", "/socket.io/" + name + "?t=" + name.length());
                assertThat(res.statusCode()).isEqualTo(200);
                Map<String, List<String>> h = res.headers().map();
                assertThat(h.get("content-type")).containsExactly(typeOf(name));
                assertThat(h.get("etag")).containsExactly("\"" + version + "\"");
                assertThat(h.get("cache-control")).containsExactly("public, max-age=0");
                assertThat(res.body()).as(name).isEqualTo(npmBytes(name));
            }
        }

        @Test
        void sendsGzipAndThen304OverHttp() throws Exception {
            start(true);
            HttpResponse<byte[]> res = send("GET", "/socket.io/socket.io.min.js", "Accept-Encoding", "gzip");
            assertThat(res.headers().firstValue("content-encoding")).hasValue("gzip");
            assertThat(decode("gzip", res.body())).isEqualTo(npmBytes("socket.io.min.js"));
            HttpResponse<byte[]> again = send("GET", "/socket.io/socket.io.min.js",
                    "If-None-Match", res.headers().firstValue("etag").orElseThrow());
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }

        @Test
        void leavesOtherNamesUnderThePathToTheEngine() throws Exception {
            start(true);
            HttpResponse<byte[]> res = send("GET", "/socket.io/socket.io.esm.js");
            assertThat(res.statusCode()).isEqualTo(400);
            assertThat(new String(res.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
            HttpResponse<byte[]> open = send("GET", "/socket.io/?EIO=4&transport=polling");
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(new String(open.body(), StandardCharsets.UTF_8)).startsWith("0{\"sid\":\"");
        }

        @Test
        void leavesTheBundleUrlsToTheEngineWhenNotServing() throws Exception {
            start(false);
            for (String name : List.of("socket.io.js", "socket.io.min.js.map")) {
                HttpResponse<byte[]> res = send("GET", "/socket.io/" + name);
                assertThat(res.statusCode()).isEqualTo(400);
                assertThat(new String(res.body(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
            }
        }
    }

    /** A response split into head text and de-chunked body. */
    private record Response(String head, byte[] body, byte[] raw) {

        static Response parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return new Response(text, new byte[0], raw);
            }
            String head = text.substring(0, end + 4);
            byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            if (!head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                return new Response(head, rest, raw);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int pos = 0;
            while (true) {
                int lineEnd = indexOfCrlf(rest, pos);
                int size = Integer.parseInt(new String(rest, pos, lineEnd - pos, StandardCharsets.ISO_8859_1), 16);
                pos = lineEnd + 2;
                if (size == 0) {
                    assertThat(new String(rest, pos, rest.length - pos, StandardCharsets.ISO_8859_1)).isEqualTo("\r\n");
                    return new Response(head, body.toByteArray(), raw);
                }
                body.write(rest, pos, size);
                pos += size + 2;
            }
        }

        private static int indexOfCrlf(byte[] b, int from) {
            for (int i = from; i + 1 < b.length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    return i;
                }
            }
            throw new AssertionError("no CRLF after " + from);
        }

        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }
}
