package dev.switchboard.server.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The snippets of the guide's server setup, namespaces and middleware sections do what the guide says. */
class GuideSetupSnippetsTest extends GuideHarness {

    // ---- the snippets do what the guide says -------------------------------------------------

    @Test
    void quickStartGreetsEchoesAndBroadcasts() {
        int port = serve(GuideSnippets.quickStart());
        GuideClient a = open(port, "/socket.io/");
        a.connect("/", "");
        a.expect("42[\"welcome\",\"Hello, you are connected!\"]");
        a.send("421[\"echo\",\"a\",1,{\"b\":[true,null]}]");
        a.expect("431[\"a\",1,{\"b\":[true,null]}]");
        GuideClient b = open(port, "/socket.io/");
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
        GuideClient c = open(serve(io), "/socket.io/");
        String id = c.connect("/admin", "");
        c.expect("42/admin,[\"hello\",\"admin " + id + "\"]");
        c.expect("42/admin,[\"joined\",\"" + id + "\"]");
    }

    @Test
    void dynamicNamespacesAcceptByPatternPredicateAndMatcher() {
        SocketIoServer io = SocketIoServer.create();
        GuideSnippets.dynamicNamespaces(io);
        GuideClient c = open(serve(io), "/socket.io/");
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
        GuideClient eu = open(port, "/socket.io/");
        eu.connect("/orders-eu", "");
        eu.expect("42/orders-eu,[\"welcome\",\"/orders-eu\"]");
        GuideClient us = open(port, "/socket.io/");
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
        GuideClient c = open(serve(io), "/socket.io/");
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
        GuideClient c = connected(socket -> {
            GuideSnippets.socketMiddleware(socket);
            socket.on("delete", (args, ack) -> ack.send("deleted"));
        });
        c.send("421[\"delete\"]");
        c.expect("42[\"refused\",\"forbidden\"]");
    }
}
