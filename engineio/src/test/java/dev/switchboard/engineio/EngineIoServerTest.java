package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The public face of the server, driven through in-memory exchanges as a binding would. */
class EngineIoServerTest {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private FakeHttpExchange request(EngineIoServer server, FakeHttpExchange ex) {
        loop.execute(() -> server.handleRequest(ex));
        return ex;
    }

    @Test
    void optionsAreTheOnesGiven() {
        EngineIoOptions options = EngineIoOptions.builder().path("/socket.io").build();
        EngineIoServer server = EngineIoServer.create(options);
        assertThat(server.options()).isSameAs(options);
        assertThat(server.handles("/socket.io/?EIO=4&transport=polling")).isTrue();
        assertThat(server.handles("/socket.io?EIO=4&transport=polling")).isFalse();
        assertThat(server.handles("/engine.io/")).isFalse();
    }

    @Test
    void pathWithoutTrailingSlashMatchesBothForms() {
        EngineIoServer server = EngineIoServer.create(EngineIoOptions.builder().path("/socket.io/")
                .addTrailingSlash(false).build());
        assertThat(server.handles("/socket.io?EIO=4")).isTrue();
        assertThat(server.handles("/socket.io/?EIO=4")).isTrue();
    }

    @Test
    void sessionsAreAnnouncedListedAndForgotten() throws Exception {
        EngineIoServer server = EngineIoServer.create(EngineIoOptions.DEFAULT);
        CompletableFuture<EngineSocket> connected = new CompletableFuture<>();
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        server.onConnection(socket -> {
            onLoop.complete(socket.executor().inEventLoop());
            socket.onClose((reason, description) -> closed.complete(reason));
            connected.complete(socket);
        });

        FakeHttpExchange handshake = request(server,
                FakeHttpExchange.get(loop, "/engine.io/?EIO=4&transport=polling"));
        String body = handshake.response().text();
        EngineSocket socket = await(connected);
        assertThat(body).startsWith("0{\"sid\":\"" + socket.id() + "\"");
        assertThat(await(onLoop)).isTrue();
        assertThat(socket.protocol()).isEqualTo(4);
        assertThat(socket.transport()).isEqualTo(TransportType.POLLING);
        assertThat(socket.upgraded()).isFalse();
        assertThat(socket.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(socket.request().queryParam("transport")).isEqualTo("polling");
        assertThat(server.clientsCount()).isEqualTo(1);
        assertThat(server.client(socket.id())).isSameAs(socket);
        assertThat(server.clients()).containsExactly(socket);

        socket.close();
        FakeHttpExchange poll = request(server,
                FakeHttpExchange.get(loop, "/engine.io/?EIO=4&transport=polling&sid=" + socket.id()));
        assertThat(poll.response().text()).isEqualTo("6\u001e1");
        assertThat(await(closed)).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat(server.clientsCount()).isZero();
        assertThat(server.client(socket.id())).isNull();
    }

    @Test
    void messagesFlowBothWays() throws Exception {
        EngineIoServer server = EngineIoServer.create(EngineIoOptions.DEFAULT);
        List<Packet.Message> received = new CopyOnWriteArrayList<>();
        server.onConnection(socket -> socket.onMessage(m -> {
            received.add(m);
            socket.send("echo:" + ((Packet.Text) m).text());
        }));
        String sid = request(server, FakeHttpExchange.get(loop, "/engine.io/?EIO=4&transport=polling"))
                .response().text().substring(9, 29);
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(request(server, FakeHttpExchange.post(loop, url, "4hi")).response().text()).isEqualTo("ok");
        assertThat(received).containsExactly(Packet.text("hi"));
        assertThat(request(server, FakeHttpExchange.get(loop, url)).response().text()).isEqualTo("4echo:hi");
    }

    @Test
    void refusalsAreReported() throws Exception {
        EngineIoServer server = EngineIoServer.create(EngineIoOptions.DEFAULT);
        CompletableFuture<ConnectionError> error = new CompletableFuture<>();
        server.onConnectionError(error::complete);
        FakeHttpExchange.Response r = request(server,
                FakeHttpExchange.get(loop, "/engine.io/?EIO=4&transport=polling&sid=abc")).response();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        ConnectionError e = await(error);
        assertThat(e.error()).isEqualTo(EngineError.UNKNOWN_SID);
        assertThat(e.message()).isEqualTo("Session ID unknown");
        assertThat(e.context()).isEqualTo("abc");
        assertThat(e.request().url()).isEqualTo("/engine.io/?EIO=4&transport=polling&sid=abc");
    }

    @Test
    void closeEndsEverySessionWithForcedClose() throws Exception {
        EngineIoServer server = EngineIoServer.create(EngineIoOptions.DEFAULT);
        List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        server.onConnection(socket -> socket.onClose((reason, description) -> reasons.add(reason)));
        request(server, FakeHttpExchange.get(loop, "/engine.io/?EIO=4&transport=polling")).response();
        FakeUpgradeExchange ws = new FakeUpgradeExchange(loop, "/engine.io/?EIO=4&transport=websocket");
        loop.execute(() -> server.handleUpgrade(ws));
        assertThat(ws.connection().nextText()).startsWith("0{");
        assertThat(server.clientsCount()).isEqualTo(2);

        await(server.close());
        assertThat(server.clientsCount()).isZero();
        assertThat(reasons).containsExactly(CloseReason.FORCED_CLOSE, CloseReason.FORCED_CLOSE);
        assertThat(await(ws.connection().closedByServer())).isEqualTo(-1);
    }
}
