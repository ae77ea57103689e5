package dev.switchboard.server.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoOptions;
import dev.switchboard.socketio.SocketIoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/GUIDE.md} and {@link GuideSnippets} the same code: every {@code java} block of
 * the guide is one tagged region of the snippets (after removing common indentation), and every
 * region is in the guide. Then runs many regions against a real {@link NettyServer} with a raw
 * Socket.IO client over the JDK's WebSocket, asserting the exact packets the guide promises.
 */
class GuideSnippetsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path GUIDE = MODULE.resolveSibling("docs").resolve("GUIDE.md").normalize();
    private static final Path SNIPPETS = MODULE.resolve(
            "src/test/java/dev/switchboard/server/guide/GuideSnippets.java");
    private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([a-z0-9-]+)\\[\\]\\s*$");
    private static final Pattern SID = Pattern.compile("^40\\{\"sid\":\"([A-Za-z0-9_-]+)\"(,\"pid\":\"[A-Za-z0-9_-]+\")?\\}$");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    // ---- the guide and the snippets are the same code ----------------------------------------

    @Test
    void everyJavaBlockOfTheGuideIsExactlyOneTaggedRegion() throws IOException {
        Map<String, String> regions = regions();
        List<String> problems = new ArrayList<>();
        for (Block block : javaBlocks()) {
            List<String> matches = regions.entrySet().stream()
                    .filter(e -> e.getValue().equals(block.code())).map(Map.Entry::getKey).toList();
            if (matches.size() != 1) {
                problems.add("GUIDE.md line " + block.line() + ": the java block matches "
                        + (matches.isEmpty() ? "no region" : "regions " + matches) + nearest(block.code(), regions));
            }
        }
        assertThat(problems).as("java blocks of %s that are not a region of %s", GUIDE, SNIPPETS).isEmpty();
    }

    @Test
    void everyTaggedRegionIsInTheGuideOnce() throws IOException {
        Map<String, String> regions = regions();
        List<String> blocks = javaBlocks().stream().map(Block::code).toList();
        List<String> problems = new ArrayList<>();
        regions.forEach((name, code) -> {
            long uses = blocks.stream().filter(code::equals).count();
            if (uses != 1) {
                problems.add(name + " is in the guide " + uses + " times");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(regions).as("regions").hasSizeGreaterThan(30);
    }

    @Test
    void optionsSnippetSpellsOutTheDefaults() {
        SocketIoOptions spelled = GuideSnippets.options().options();
        assertThat(spelled.toString()).isEqualTo(SocketIoOptions.DEFAULT.toString());
        assertThat(spelled.engine().cookie()).isNull();
        assertThat(spelled.engine().cors()).isNull();
        assertThat(spelled.engine().allowRequest()).isNull();
    }

    // ---- the snippets do what the guide says -------------------------------------------------

    @Test
    void quickStartGreetsEchoesAndBroadcasts() {
        int port = serve(GuideSnippets.quickStart());
        Client a = open(port, "/socket.io/");
        a.connect("/", "");
        a.expect("42[\"welcome\",\"Hello, you are connected!\"]");
        a.send("421[\"echo\",\"a\",1,{\"b\":[true,null]}]");
        a.expect("431[\"a\",1,{\"b\":[true,null]}]");
        Client b = open(port, "/socket.io/");
        b.connect("/", "");
        b.expect("42[\"welcome\",\"Hello, you are connected!\"]");
        b.send("42[\"chat message\",\"hi\"]");
        a.expect("42[\"chat message\",\"hi\"]");
        b.expect("42[\"chat message\",\"hi\"]");
    }

    @Test
    void staticFilesServesTheClientBundleAndThePage() throws Exception {
        SocketIoServer io = SocketIoServer.create();
        NettyServer server = GuideSnippets.staticFiles(io).listen("127.0.0.1", 0);
        toClose.add(server);
        HttpResponse<String> bundle = get(server.port(), "/socket.io/socket.io.js");
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
        HttpResponse<String> page = get(server.port(), "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Guide</title>");
    }

    @Test
    void corsReflectsAListedOriginWithCredentials() throws Exception {
        int port = serve(GuideSnippets.cors());
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling"))
                .header("Origin", "https://admin.example.com").timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.headers().firstValue("access-control-allow-origin")).hasValue("https://admin.example.com");
        assertThat(listed.headers().firstValue("access-control-allow-credentials")).hasValue("true");
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling"))
                .header("Origin", "https://evil.example").timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void allowRequestRefusesABadTokenAndSetsTheNamedCookie() throws Exception {
        int port = serve(GuideSnippets.allowRequest());
        HttpResponse<String> refused = get(port, "/socket.io/?EIO=4&transport=polling&token=wrong");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"code\":4,\"message\":\"bad token\"}");
        HttpResponse<String> allowed = get(port, "/socket.io/?EIO=4&transport=polling&token=secret");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("set-cookie")).hasValueSatisfying(
                cookie -> assertThat(cookie).matches("sticky=[A-Za-z0-9_-]{20}; Path=/; HttpOnly; SameSite=Lax"));
    }

    @Test
    void namespaceSnippetGreetsInAdmin() {
        SocketIoServer io = SocketIoServer.create();
        GuideSnippets.namespaces(io);
        Client c = open(serve(io), "/socket.io/");
        String id = c.connect("/admin", "");
        c.expect("42/admin,[\"hello\",\"admin " + id + "\"]");
        c.expect("42/admin,[\"joined\",\"" + id + "\"]");
    }

    @Test
    void dynamicNamespacesAcceptByPatternPredicateAndMatcher() {
        SocketIoServer io = SocketIoServer.create();
        GuideSnippets.dynamicNamespaces(io);
        Client c = open(serve(io), "/socket.io/");
        c.connect("/dynamic-12", "");
        c.expect("42/dynamic-12,[\"in\",\"/dynamic-12\"]");
        c.connect("/user-7", "{\"token\":\"t\"}");
        c.connect("/tenant-acme", "");
        c.send("40/user-8,{}");
        c.expect("44/user-8,{\"message\":\"Invalid namespace\"}");
        c.send("40/other,");
        c.expect("44/other,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void parentNamespaceWelcomesEachChildAndBroadcastsToAll() {
        SocketIoServer io = SocketIoServer.create();
        var orders = GuideSnippets.parentNamespace(io);
        int port = serve(io);
        Client eu = open(port, "/socket.io/");
        eu.connect("/orders-eu", "");
        eu.expect("42/orders-eu,[\"welcome\",\"/orders-eu\"]");
        Client us = open(port, "/socket.io/");
        us.connect("/orders-us", "");
        us.expect("42/orders-us,[\"welcome\",\"/orders-us\"]");
        orders.emit("maintenance", "in 5 minutes");
        eu.expect("42/orders-eu,[\"maintenance\",\"in 5 minutes\"]");
        us.expect("42/orders-us,[\"maintenance\",\"in 5 minutes\"]");
        assertThat(orders.children()).extracting(n -> n.name()).containsExactlyInAnyOrder("/orders-eu", "/orders-us");
    }

    @Test
    void middlewareRefusesWithMessageAndData() {
        SocketIoServer io = SocketIoServer.create();
        GuideSnippets.middleware(io);
        io.on("connection", socket -> socket.emit("profile", socket.data(GuideSnippets.Profile.class)));
        Client c = open(serve(io), "/socket.io/");
        c.send("40");
        c.expect("44{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        c.send("40{\"token\":\"wrong\"}");
        c.expect("44{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        c.connect("/", "{\"token\":\"secret\"}");
        c.expect("42[\"profile\",{\"name\":\"user\"}]");
        c.send("40/admin,");
        c.expect("44/admin,{\"message\":\"admins only\"}");
    }

    @Test
    void socketMiddlewareDropsTheEventAndTheErrorListenerTellsTheClient() {
        Client c = connected(socket -> {
            GuideSnippets.socketMiddleware(socket);
            socket.on("delete", (args, ack) -> ack.send("deleted"));
        });
        c.send("421[\"delete\"]");
        c.expect("42[\"refused\",\"forbidden\"]");
    }

    @Test
    void emitSnippetWritesTheCommentedPackets() {
        SocketIoServer io = SocketIoServer.create();
        io.on("connection", socket -> GuideSnippets.emit(io, socket));
        Client c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        c.expect("42[\"hello\"]");
        c.expect("42[\"hello\",\"world\",1,2.5,true,null]");
        c.expect("42[\"move\",{\"player\":\"ann\",\"to\":{\"x\":1,\"y\":2}}]");
        c.expect("42[\"list\",[1,2],{\"k\":\"v\"}]");
        c.expect("42[\"tree\",{\"a\":1}]");
        c.expect("42[\"message\",\"hi\"]");
        c.expect("42[\"everyone\",\"hello\"]");
    }

    @Test
    void typedHandlerMapsStringsNumbersTreesAndGenericLists() {
        Client c = connected(GuideSnippets::typedPayloads);
        c.send("421[\"score\",\"ann\",3,{\"a\":[1]},[{\"x\":1,\"y\":2.5},{\"x\":0,\"y\":0}]]");
        c.expect("431[\"ann\",6,{\"a\":[1]},2]");
    }

    @Test
    void binarySnippetSendsAttachmentsAndReadsUploads() {
        Client c = connected(GuideSnippets::binary);
        c.expect("451-[\"image\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(c.nextBinary()).containsExactly(1, 2, 3);
        c.expect("451-[\"file\",{\"name\":\"a.png\",\"data\":{\"_placeholder\":true,\"num\":0}}]");
        assertThat(c.nextBinary()).containsExactly(1, 2, 3);
        c.send("451-7[\"upload\",{\"_placeholder\":true,\"num\":0}]");
        c.sendBinary(new byte[] {9, 8, 7, 6});
        c.expect("437[4]");
    }

    @Test
    void ackCallbackSnippetAsksWithAckIds() {
        Client c = connected(GuideSnippets::ackCallback);
        c.expect("420[\"question\",\"are you there?\"]");
        c.expect("421[\"no timeout\"]");
        c.send("430[\"yes\"]");
        c.send("431[]");
    }

    @Test
    void dataSnippetKeepsTheProfile() {
        Client c = connected(socket -> {
            GuideSnippets.data(socket);
            socket.on("whoami", (args, ack) -> ack.send(socket.data(GuideSnippets.Profile.class)));
        });
        c.send("421[\"whoami\"]");
        c.expect("431[{\"name\":\"ann\"}]");
    }

    @Test
    void handshakeAndReservedSnippetsRunInAConnectionListener() {
        Client c = connected(socket -> {
            GuideSnippets.handshake(socket);
            GuideSnippets.reserved(socket);
            socket.emit("done", socket.handshake().url().startsWith("/socket.io/?EIO=4&transport=websocket"));
        });
        c.expect("42[\"done\",true]");
    }

    @Test
    void modifiersDeliverToAWritableWebSocket() {
        SocketIoServer io = SocketIoServer.create();
        io.on("connection", socket -> GuideSnippets.modifiers(io, socket));
        Client c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        c.expect("42[\"position\",1,2]");
        c.expect("42[\"position\",1,2]");
        c.expect("42[\"raw\",\"not deflated\"]");
        c.expect("42[\"here\",\"this node only\"]");
    }

    @Test
    void customAdapterStillDelivers() {
        SocketIoServer io = GuideSnippets.customAdapter();
        Client c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        io.to("nobody").emit("lost");
        io.emit("news", 1);
        c.expect("42[\"news\",1]");
    }

    @Test
    void closeSnippetDisconnectsEveryClient() {
        SocketIoServer io = SocketIoServer.create();
        CompletableFuture<String> reason = new CompletableFuture<>();
        io.on("connection", socket -> socket.onDisconnect((r, d) -> reason.complete(r.text())));
        NettyServer server = NettyServer.create(io).eventLoopThreads(1).listen("127.0.0.1", 0);
        toClose.add(server);   // a second close does nothing
        Client c = open(server.port(), "/socket.io/");
        c.connect("/", "");
        GuideSnippets.close(io, server);
        assertThat(reason).isCompletedWithValue("server shutting down");
        c.awaitClose();
    }

    @Test
    void ackReplyAnswersTheClientsCallback() {
        Client c = connected(GuideSnippets::ackReply);
        c.send("4212[\"update item\",\"7\"]");
        c.expect("4312[{\"status\":\"ok\"}]");
    }

    @Test
    void emitWithAckStoresTheClientsAnswer() {
        Client c = connected(socket -> {
            GuideSnippets.emitWithAck(socket);
            socket.on("whoami", (args, ack) -> ack.send(socket.data(GuideSnippets.Profile.class)));
        });
        c.expect("420[\"what is your name?\"]");
        c.expect("421[\"answers\"]");
        c.send("430[\"ann\"]");
        c.send("425[\"whoami\"]");
        c.expect("435[{\"name\":\"ann\"}]");
    }

    @Test
    void roomsAndBroadcastsReachTheCommentedTargets() {
        SocketIoServer io = SocketIoServer.create();
        io.of("/admin");
        io.on("connection", socket -> {
            GuideSnippets.rooms(socket);
            socket.emit("rooms", socket.rooms());
            GuideSnippets.broadcast(io, socket);
        });
        int port = serve(io);
        Client a = open(port, "/socket.io/");
        String idA = a.connect("/", "");
        a.expect("42[\"rooms\",[\"" + idA + "\",\"room1\",\"room2\"]]");
        a.expect("42[\"news\",\"to room1\"]");
        a.expect("42[\"news\",\"room1 or room2, not room3\"]");
        a.expect("42[\"news\",\"in is an alias of to\"]");
        a.expect("42[\"news\",\"everyone but room muted\"]");
        a.expect("42[\"private\",\"a socket id is a room\"]");
        Client b = open(port, "/socket.io/");
        String idB = b.connect("/", "");
        a.expect("42[\"news\",\"to room1\"]");
        a.expect("42[\"news\",\"room1 or room2, not room3\"]");
        a.expect("42[\"news\",\"in is an alias of to\"]");
        a.expect("42[\"news\",\"everyone but room muted\"]");
        a.expect("42[\"joined\",\"" + idB + "\"]");
        a.expect("42[\"typing\",\"" + idB + "\"]");
        // B's socket.except("room2") leaves A out (A is in room2): A's next packet is its own marker.
        io.to(idA).emit("end");
        a.expect("42[\"end\"]");
    }

    @Test
    void fetchSocketsSnippetActsOnEverySocketOfTheRoom() {
        SocketIoServer io = SocketIoServer.create();
        io.use((socket, next) -> {   // before the CONNECT reply, so the client knows it is done
            socket.join("room1");
            next.next();
        });
        Client c = open(serve(io), "/socket.io/");
        String id = c.connect("/", "");
        GuideSnippets.fetchSockets(io);
        c.expect("42[\"hello\",\"from the server\"]");
        c.expect("420[\"ping\"]");
        assertThat(io.sockets().socket(id).rooms()).containsExactly(id, "room2");
    }

    @Test
    void socketsOperationsJoinLeaveAndDisconnect() {
        SocketIoServer io = SocketIoServer.create();
        io.use((socket, next) -> {   // before the CONNECT reply, so the client knows it is done
            socket.join("room1");
            next.next();
        });
        int port = serve(io);
        Client plain = open(port, "/socket.io/");
        String plainId = plain.connect("/", "");
        Client vip = open(port, "/socket.io/");
        String vipId = vip.connect("/", "");
        io.sockets().socket(vipId).join("vip");
        GuideSnippets.socketsOps(io);
        plain.expect("41");
        plain.awaitClose();
        assertThat(io.sockets().socket(vipId).rooms())
                .containsExactlyInAnyOrder(vipId, "room1", "vip", "announcements", "room3");
        assertThat(io.sockets().socket(plainId)).isNull();
    }

    @Test
    void disconnectLeavesTheNamespaceAndTheConnectionStaysOpen() {
        SocketIoServer io = SocketIoServer.create();
        io.on("connection", socket -> socket.on("bye", (args, ack) -> GuideSnippets.disconnect(socket)));
        Client c = open(serve(io), "/socket.io/");
        String first = c.connect("/", "");
        c.send("42[\"bye\"]");
        c.expect("41");   // disconnect(true) that follows finds the socket gone and does nothing
        assertThat(c.connect("/", "")).isNotEqualTo(first);
    }

    @Test
    void disconnectTrueClosesTheConnection() {
        SocketIoServer io = SocketIoServer.create();
        Client c = open(serve(io), "/socket.io/");
        String id = c.connect("/", "");
        io.sockets().socket(id).disconnect(true);
        c.expect("41");
        c.awaitClose();
    }

    @Test
    void handlerExecutorRunsABlockingHandler() {
        SocketIoServer io = GuideSnippets.handlerExecutor();
        toClose.add(() -> ((ExecutorService) io.options().handlerExecutor()).shutdown());
        Client c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        c.send("421[\"profile\",\"7\"]");
        c.expect("431[{\"name\":\"user-7\"}]");
    }

    @Test
    void offTheLoopAnswersFromThePool() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        toClose.add(pool::shutdown);
        Client c = connected(socket -> GuideSnippets.offTheLoop(socket, pool));
        c.send("423[\"profile\",\"9\"]");
        c.expect("433[{\"name\":\"user-9\"}]");
    }

    @Test
    void errorsAreLoggedAndTheSocketGoesOn() {
        Client c = connected(GuideSnippets::errors);
        c.send("42[\"boom\"]");
        c.send("42[\"move\",\"oops\"]");
        c.send("421[\"point\",\"x\"]");
        String answer = c.next();
        assertThat(answer).startsWith("431[{\"error\":\"argument 0 of event \\\"point\\\" does not map to "
                + GuideSnippets.Point.class.getName() + ": ");
    }

    @Test
    void recoveryGivesAPrivateSessionId() {
        Client c = open(serve(GuideSnippets.recovery()), "/socket.io/");
        c.send("40");
        assertThat(c.next()).matches("^40\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"pid\":\"[A-Za-z0-9_-]{20}\"\\}$");
    }

    @Test
    void standaloneEngineIoEchoesTextAndBinary() {
        NettyServer server = GuideSnippets.engineIo().listen("127.0.0.1", 0);
        toClose.add(server);
        Client c = open(server.port(), "/engine.io/");
        c.send("4hello");
        c.expect("4hello");
        c.sendBinary(new byte[] {4, 2});
        assertThat(c.nextBinary()).containsExactly(4, 2);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A raw client of a local server, closed after the test. */
    private Client open(int port, String path) {
        Client c = Client.open(http, port, path);
        toClose.add(c);
        return c;
    }

    /** Serves {@code io} on a free port with one event loop; closed after the test. */
    private int serve(SocketIoServer io) {
        NettyServer server = NettyServer.create(io).eventLoopThreads(1).listen("127.0.0.1", 0);
        toClose.add(server);
        return server.port();
    }

    /** A client connected to {@code /} of a server whose connection listener is {@code setup}. */
    private Client connected(Consumer<Socket> setup) {
        SocketIoServer io = SocketIoServer.create();
        io.on("connection", setup);
        Client c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        return c;
    }

    private HttpResponse<String> get(int port, String target) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A fenced {@code java} block of the guide, dedented, and the line it starts on. */
    record Block(int line, String code) {
    }

    private static List<Block> javaBlocks() throws IOException {
        assertThat(GUIDE).as("the guide").exists();
        List<String> lines = Files.readAllLines(GUIDE, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                fail("GUIDE.md line " + (i + 1) + ": unterminated java block");
            }
            blocks.add(new Block(i + 1, dedent(lines.subList(start, end))));
            i = end;
        }
        assertThat(blocks).as("java blocks in the guide").isNotEmpty();
        return blocks;
    }

    /** The tagged regions of the snippets, by name, dedented. */
    private static Map<String, String> regions() throws IOException {
        List<String> lines = Files.readAllLines(SNIPPETS, StandardCharsets.UTF_8);
        Map<String, String> regions = new LinkedHashMap<>();
        String open = null;
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TAG.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String name = m.group(2);
            if (m.group(1).equals("tag")) {
                assertThat(open).as("GuideSnippets line %d opens %s inside %s", i + 1, name, open).isNull();
                open = name;
                start = i + 1;
            } else {
                assertThat(name).as("GuideSnippets line %d closes a region", i + 1).isEqualTo(open);
                assertThat(regions).as("region names").doesNotContainKey(name);
                regions.put(name, dedent(lines.subList(start, i)));
                open = null;
            }
        }
        assertThat(open).as("unclosed region").isNull();
        return regions;
    }

    /** The lines joined with {@code \n}, without the indentation they all share (blank lines aside). */
    static String dedent(List<String> lines) {
        int common = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                int indent = 0;
                while (indent < line.length() && line.charAt(indent) == ' ') {
                    indent++;
                }
                common = Math.min(common, indent);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(line.isBlank() ? "" : line.substring(common).stripTrailing());
        }
        return sb.toString();
    }

    /** Where a block differs from the region it resembles most: the first differing line of each. */
    private static String nearest(String code, Map<String, String> regions) {
        List<String> lines = code.lines().toList();
        String best = null;
        int bestScore = -1;
        for (Map.Entry<String, String> e : regions.entrySet()) {
            List<String> other = e.getValue().lines().toList();
            int score = (int) lines.stream().filter(other::contains).count();
            if (score > bestScore) {
                bestScore = score;
                best = e.getKey();
            }
        }
        if (best == null) {
            return "";
        }
        List<String> other = regions.get(best).lines().toList();
        int i = 0;
        while (i < lines.size() && i < other.size() && lines.get(i).equals(other.get(i))) {
            i++;
        }
        return "; nearest region " + best + " differs at its line " + (i + 1) + ":\n  guide:    "
                + (i < lines.size() ? lines.get(i) : "<end>") + "\n  snippets: " + (i < other.size() ? other.get(i) : "<end>");
    }

    /**
     * A raw Engine.IO v4 client over the JDK's WebSocket: text frames are packets as written on
     * the wire, binary frames are attachments.
     */
    static final class Client implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private WebSocket ws;

        static Client open(HttpClient http, int port, String path) {
            Client c = new Client();
            c.ws = await(http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(
                    URI.create("ws://127.0.0.1:" + port + path + "?EIO=4&transport=websocket"), c));
            assertThat(c.next()).startsWith("0{\"sid\":");
            return c;
        }

        /** Joins a namespace and returns the socket id; fails on any other answer. */
        String connect(String nsp, String auth) {
            String prefix = nsp.equals("/") ? "" : nsp + ",";
            send("40" + prefix + auth);
            String reply = next();
            assertThat(reply).as("CONNECT reply").startsWith("40" + prefix);
            Matcher m = SID.matcher("40" + reply.substring(2 + prefix.length()));
            assertThat(m.matches()).as("CONNECT reply %s", reply).isTrue();
            return m.group(1);
        }

        void send(String packet) {
            await(ws.sendText(packet, true));
        }

        void sendBinary(byte[] bytes) {
            await(ws.sendBinary(ByteBuffer.wrap(bytes), true));
        }

        String next() {
            Object m = poll();
            assertThat(m).as("a text frame").isInstanceOf(String.class);
            return (String) m;
        }

        byte[] nextBinary() {
            Object m = poll();
            assertThat(m).as("a binary frame").isInstanceOf(byte[].class);
            return (byte[]) m;
        }

        void expect(String packet) {
            assertThat(next()).isEqualTo(packet);
        }

        /** Waits for the server's close frame and returns its status. */
        int awaitClose() {
            return await(closed);
        }

        private Object poll() {
            try {
                Object m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(m).as("a frame within %s", TIMEOUT).isNotNull();
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static <T> T await(CompletableFuture<T> future) {
            try {
                return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add(binary.toByteArray());
                binary = new ByteArrayOutputStream();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
