package dev.switchboard.server.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The snippets of the guide's sections on events, acknowledgements, the socket, broadcasting and
 * disconnection do what the guide says, down to the packets it comments.
 */
class GuideEventSnippetsTest extends GuideHarness {

    @Test
    void emitSnippetWritesTheCommentedPackets() {
        SocketIoServer io = SocketIoServer.create();
        io.on("connection", socket -> GuideEventSnippets.emit(io, socket));
        GuideClient c = open(serve(io), "/socket.io/");
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
        GuideClient c = connected(GuideEventSnippets::typedPayloads);
        c.send("421[\"score\",\"ann\",3,{\"a\":[1]},[{\"x\":1,\"y\":2.5},{\"x\":0,\"y\":0}]]");
        c.expect("431[\"ann\",6,{\"a\":[1]},2]");
    }

    @Test
    void binarySnippetSendsAttachmentsAndReadsUploads() {
        GuideClient c = connected(GuideEventSnippets::binary);
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
        GuideClient c = connected(GuideEventSnippets::ackCallback);
        c.expect("420[\"question\",\"are you there?\"]");
        c.expect("421[\"no timeout\"]");
        c.send("430[\"yes\"]");
        c.send("431[]");
    }

    @Test
    void dataSnippetKeepsTheProfile() {
        GuideClient c = connected(socket -> {
            GuideEventSnippets.data(socket);
            socket.on("whoami", (args, ack) -> ack.send(socket.data(GuideSnippets.Profile.class)));
        });
        c.send("421[\"whoami\"]");
        c.expect("431[{\"name\":\"ann\"}]");
    }

    @Test
    void handshakeAndReservedSnippetsRunInAConnectionListener() {
        GuideClient c = connected(socket -> {
            GuideEventSnippets.handshake(socket);
            GuideEventSnippets.reserved(socket);
            socket.emit("done", socket.handshake().url().startsWith("/socket.io/?EIO=4&transport=websocket"));
        });
        c.expect("42[\"done\",true]");
    }

    @Test
    void modifiersDeliverToAWritableWebSocket() {
        SocketIoServer io = SocketIoServer.create();
        io.on("connection", socket -> GuideEventSnippets.modifiers(io, socket));
        GuideClient c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        c.expect("42[\"position\",1,2]");
        c.expect("42[\"position\",1,2]");
        c.expect("42[\"raw\",\"not deflated\"]");
        c.expect("42[\"raw\",\"not deflated for anyone\"]");
        c.expect("42[\"here\",\"this node only\"]");
    }

    @Test
    void customAdapterStillDelivers() {
        SocketIoServer io = GuideAdvancedSnippets.customAdapter();
        GuideClient c = open(serve(io), "/socket.io/");
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
        GuideClient c = open(server.port(), "/socket.io/");
        c.connect("/", "");
        GuideEventSnippets.close(io, server);
        assertThat(reason).isCompletedWithValue("server shutting down");
        c.awaitClose();
    }

    @Test
    void ackReplyAnswersTheClientsCallback() {
        GuideClient c = connected(GuideEventSnippets::ackReply);
        c.send("4212[\"update item\",\"7\"]");
        c.expect("4312[{\"status\":\"ok\"}]");
    }

    @Test
    void emitWithAckStoresTheClientsAnswer() {
        GuideClient c = connected(socket -> {
            GuideEventSnippets.emitWithAck(socket);
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
            GuideEventSnippets.rooms(socket);
            socket.emit("rooms", socket.rooms());
            GuideEventSnippets.broadcast(io, socket);
        });
        int port = serve(io);
        GuideClient a = open(port, "/socket.io/");
        String idA = a.connect("/", "");
        a.expect("42[\"rooms\",[\"" + idA + "\",\"room1\",\"room2\"]]");
        a.expect("42[\"news\",\"to room1\"]");
        a.expect("42[\"news\",\"room1 or room2, not room3\"]");
        a.expect("42[\"news\",\"in is an alias of to\"]");
        a.expect("42[\"news\",\"everyone but room muted\"]");
        a.expect("42[\"private\",\"a socket id is a room\"]");
        GuideClient b = open(port, "/socket.io/");
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
        GuideClient c = open(serve(io), "/socket.io/");
        String id = c.connect("/", "");
        GuideEventSnippets.fetchSockets(io);
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
        GuideClient plain = open(port, "/socket.io/");
        String plainId = plain.connect("/", "");
        GuideClient vip = open(port, "/socket.io/");
        String vipId = vip.connect("/", "");
        io.sockets().socket(vipId).join("vip");
        GuideEventSnippets.socketsOps(io);
        plain.expect("41");
        plain.awaitClose();
        assertThat(io.sockets().socket(vipId).rooms())
                .containsExactlyInAnyOrder(vipId, "room1", "vip", "announcements", "room3");
        assertThat(io.sockets().socket(plainId)).isNull();
    }

    @Test
    void disconnectLeavesTheNamespaceAndTheConnectionStaysOpen() {
        SocketIoServer io = SocketIoServer.create();
        io.on("connection", socket -> socket.on("bye", (args, ack) -> GuideEventSnippets.disconnect(socket)));
        GuideClient c = open(serve(io), "/socket.io/");
        String first = c.connect("/", "");
        c.send("42[\"bye\"]");
        c.expect("41");   // disconnect(true) that follows finds the socket gone and does nothing
        assertThat(c.connect("/", "")).isNotEqualTo(first);
    }

    @Test
    void disconnectTrueClosesTheConnection() {
        SocketIoServer io = SocketIoServer.create();
        GuideClient c = open(serve(io), "/socket.io/");
        String id = c.connect("/", "");
        io.sockets().socket(id).disconnect(true);
        c.expect("41");
        c.awaitClose();
    }
}
