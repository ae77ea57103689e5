package dev.switchboard.server.guide;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.AckTimeoutException;
import dev.switchboard.socketio.AnyListener;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.EventHandler;
import dev.switchboard.socketio.Handshake;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The guide's snippets on listening, emitting, acknowledgements, the socket, rooms, broadcasting
 * and disconnection; see {@link GuideSnippets} for the rules and the names the snippets share.
 */
final class GuideEventSnippets extends GuideSnippets {

    private GuideEventSnippets() {
    }
    // ---- events ------------------------------------------------------------------------------

    static void onOnceOff(Socket socket) {
        // tag::on-once-off[]
        EventHandler onPing = (args, ack) -> ack.send("pong");
        socket.on("ping", onPing);
        socket.on("say", String.class, text -> log.info("said {}", text));   // first argument, typed
        socket.once("hello", (args, ack) -> log.info("first hello: {}", args));
        socket.off("ping", onPing);                                          // the same object
        socket.off("say");                                                   // every "say" listener
        int n = socket.listenerCount("hello");
        // end::on-once-off[]
    }

    static void anyListeners(Socket socket) {
        // tag::any[]
        AnyListener logAll = (event, args) -> log.info("got {} {}", event, args);
        socket.onAny(logAll);
        socket.prependAny((event, args) -> log.info("first: {}", event));
        socket.offAny(logAll);                          // or offAny() for all of them
        socket.onAnyOutgoing((event, args) -> log.info("sent {} {}", event, args));
        List<AnyListener> any = socket.listenersAny();
        // end::any[]
    }

    static void emit(SocketIoServer io, Socket socket) {
        // tag::emit[]
        socket.emit("hello");                                         // 42["hello"]
        socket.emit("hello", "world", 1, 2.5, true, null);            // 42["hello","world",1,2.5,true,null]
        socket.emit("move", new Move("ann", new Point(1, 2)));        // 42["move",{"player":"ann","to":{"x":1,"y":2}}]
        socket.emit("list", List.of(1, 2), Map.of("k", "v"));        // collections and maps
        ObjectNode tree = JsonNodeFactory.instance.objectNode().put("a", 1);
        socket.emit("tree", tree);                                    // a JsonNode as it is
        socket.send("hi");                                            // emit("message", "hi")
        io.emit("everyone", "hello");                                 // every socket of "/"
        // end::emit[]
    }

    static void typedPayloads(Socket socket) {
        // tag::typed[]
        socket.on("move", Move.class, move -> log.info("{} to {}", move.player(), move.to()));
        socket.on("score", (args, ack) -> {
            String player = args.get(0, String.class);
            int points = args.get(1, Integer.class);                   // JS numbers: Integer, Long, Double...
            JsonNode extra = args.get(2);                              // as received; null when absent
            List<Point> path = args.get(3, new TypeReference<List<Point>>() { });
            ack.send(player, points * 2, extra, path.size());
        });
        // end::typed[]
    }

    static void binary(Socket socket) {
        // tag::binary[]
        byte[] image = {1, 2, 3};
        socket.emit("image", image);                                  // 451-["image",{"_placeholder":true,"num":0}] + 1 attachment
        socket.emit("file", new FileData("a.png", image));           // anywhere in the arguments
        socket.on("upload", (args, ack) -> {
            byte[] bytes = args.get(0, byte[].class);                 // a Buffer/ArrayBuffer/Blob from the client
            ack.send(bytes.length);
        });
        // end::binary[]
    }

    // ---- acknowledgements --------------------------------------------------------------------

    static void ackReply(Socket socket) {
        // tag::ack-reply[]
        socket.on("update item", (args, ack) -> {
            String id = args.get(0, String.class);
            log.info("update {}", id);
            if (ack.requested()) {                     // did the client pass a callback?
                ack.send(Map.of("status", "ok"));
            }
        });
        // end::ack-reply[]
    }

    static void ackCallback(Socket socket) {
        // tag::ack-callback[]
        socket.timeout(Duration.ofSeconds(5)).emit("question", "are you there?", (error, args) -> {
            if (error != null) {                      // AckTimeoutException, SocketDisconnectedException
                log.info("no answer: {}", error.getMessage());
            } else {
                log.info("answer: {}", args.get(0, String.class));
            }
        });
        socket.emit("no timeout", (error, args) -> log.info("{}", args));   // error only on disconnection
        socket.emit("many", new Object[] {1, "two", 3.0, true}, (error, args) -> log.info("{}", args));
        // end::ack-callback[]
    }

    static void emitWithAck(Socket socket) {
        // tag::emit-with-ack[]
        CompletableFuture<String> name = socket.timeout(Duration.ofSeconds(5))
                .emitWithAck(String.class, "what is your name?");
        name.thenAccept(n -> socket.data(new Profile(n)))
                .exceptionally(error -> {              // CompletionException(AckTimeoutException)
                    socket.disconnect();
                    return null;
                });
        CompletableFuture<EventArgs> all = socket.emitWithAck("answers");   // every answer argument
        // end::emit-with-ack[]
    }

    // ---- the socket --------------------------------------------------------------------------

    static void data(Socket socket) {
        // tag::data[]
        socket.data(new Profile("ann"));                 // any value the ObjectMapper can write
        Profile profile = socket.data(Profile.class);    // the stored object, or mapped to the type
        // end::data[]
    }

    static void handshake(Socket socket) {
        // tag::handshake[]
        Handshake h = socket.handshake();
        String agent = h.headers().get("user-agent");        // lower-case names
        String ip = h.address();
        String token = h.auth().path("token").asText(null);  // the client's auth option
        String room = h.query().get("room");                 // the client's query option
        String url = h.url();                                // /socket.io/?EIO=4&transport=polling&t=...
        long issued = h.issued();                            // ms since the epoch; h.time() is the JS date string
        boolean tls = h.secure(), crossSite = h.xdomain();   // xdomain: the request had an Origin
        TransportType transport = socket.conn().transport(); // POLLING, then WEBSOCKET once upgraded
        socket.conn().onUpgrade(t -> log.info("upgraded to {}", t));
        // end::handshake[]
    }

    static void rooms(Socket socket) {
        // tag::rooms[]
        socket.join("room1");
        socket.join("room2", "room3");
        socket.leave("room3");
        Set<String> rooms = socket.rooms();   // [<socket id>, room1, room2]
        // end::rooms[]
    }

    // ---- broadcasting ------------------------------------------------------------------------

    static void broadcast(SocketIoServer io, Socket socket) {
        // tag::broadcast[]
        io.to("room1").emit("news", "to room1");
        io.to("room1").to("room2").except("room3").emit("news", "room1 or room2, not room3");
        io.in("room1").emit("news", "in is an alias of to");
        io.except("muted").emit("news", "everyone but room muted");
        io.to(socket.id()).emit("private", "a socket id is a room");
        socket.broadcast().emit("joined", socket.id());        // everyone but the sender
        socket.to("room1").emit("typing", socket.id());        // room1 but the sender
        socket.except("room2").emit("hi", "all but room2 and the sender");
        io.of("/admin").to("ops").emit("alert", "per namespace");
        // end::broadcast[]
    }

    static void modifiers(SocketIoServer io, Socket socket) {
        // tag::modifiers[]
        io.volatile_().emit("position", 1, 2);                 // dropped for clients not ready to take it
        socket.volatile_().emit("position", 1, 2);
        socket.compress(false).emit("raw", "not deflated");    // with perMessageDeflate / httpCompression
        io.compress(false).emit("raw", "not deflated for anyone");
        io.local().emit("here", "this node only");             // with a cluster adapter
        socket.volatile_().broadcast().emit("cursor", 3, 4);   // modifiers combine
        // end::modifiers[]
    }

    static void broadcastAck(SocketIoServer io) {
        // tag::broadcast-ack[]
        io.timeout(Duration.ofSeconds(5)).emit("poll", "coffee?", (error, responses) -> {
            if (error instanceof AckTimeoutException) {
                log.info("some did not answer; got {}", responses.size());
            }
            for (JsonNode answer : responses) {                // one per client: its first argument
                log.info("answer {}", answer);
            }
        });
        io.to("room1").timeout(Duration.ofSeconds(5)).emitWithAck(String.class, "poll", "tea?")
                .thenAccept(answers -> log.info("all answered: {}", answers));
        // end::broadcast-ack[]
    }

    static void fetchSockets(SocketIoServer io) {
        // tag::fetch-sockets[]
        io.in("room1").fetchSockets().thenAccept(sockets -> {
            for (RemoteSocket s : sockets) {                   // a Socket here, a proxy on other nodes
                log.info("{} {} {} {}", s.id(), s.rooms(), s.handshake().address(), s.data(Profile.class));
                s.emit("hello", "from the server");
                s.join("room2");
                s.leave("room1");
                s.timeout(Duration.ofSeconds(5)).emit("ping", (error, args) -> log.info("{}", args));
            }
        });
        // end::fetch-sockets[]
    }

    static void socketsOps(SocketIoServer io) {
        // tag::sockets-ops[]
        io.socketsJoin("announcements");                       // every socket of "/"
        io.in("room1").socketsJoin("room2", "room3");
        io.in("room1").socketsLeave("room2");
        io.of("/admin").in("room1").disconnectSockets(false);  // leave the namespace only
        io.except("vip").disconnectSockets(true);              // close the whole connections
        // end::sockets-ops[]
    }

    static void serverSideEmit(SocketIoServer io) {
        // tag::server-side-emit[]
        io.onServerSideEvent("reload", (args, ack) -> {
            log.info("reload asked by another node: {}", args);
            ack.send("done on " + ProcessHandle.current().pid());
        });
        io.serverSideEmit("reload", "config");                          // to the other nodes
        io.serverSideEmitWithAck("reload", "config")                    // one answer per other node
                .thenAccept(answers -> log.info("{} nodes done", answers.size()));
        io.serverSideEmitWithAck(Duration.ofSeconds(2), "reload", "config")   // AckTimeoutException after 2 s
                .exceptionally(error -> {
                    log.warn("not every node answered in time", error);
                    return null;
                });
        // end::server-side-emit[]
    }

    // ---- disconnection -----------------------------------------------------------------------

    static void disconnect(Socket socket) {
        // tag::disconnect[]
        socket.disconnect();       // this namespace only: "server namespace disconnect"
        socket.disconnect(true);   // every namespace of the client, and close the connection
        // end::disconnect[]
    }

    static void disconnectEvents(Socket socket) {
        // tag::disconnect-events[]
        socket.onDisconnecting((reason, description) ->
                log.info("leaving {} because {}", socket.rooms(), reason));   // still in its rooms
        socket.onDisconnect((reason, description) -> {
            if (reason == DisconnectReason.PING_TIMEOUT || reason.recoverable()) {
                log.info("{} lost ({}): {}", socket.id(), reason.text(), description);
            }
        });
        socket.on("disconnect", (args, ack) -> log.info("as strings: {}", args));   // ["transport close"]
        // end::disconnect-events[]
    }

    static void reserved(Socket socket) {
        // tag::reserved[]
        try {
            socket.emit("disconnect");
        } catch (IllegalArgumentException e) {   // "disconnect" is a reserved event name
            log.info(e.getMessage());
        }
        // end::reserved[]
    }

    static void close(SocketIoServer io, NettyServer http) {
        // tag::close[]
        io.close().join();   // sockets get "server shutting down", adapters and the engine close
        http.close();        // stops Netty; on its own it closes io first
        // end::close[]
    }
}
