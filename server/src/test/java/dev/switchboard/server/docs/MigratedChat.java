package dev.switchboard.server.docs;

import dev.switchboard.engineio.Cors;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worked example of {@code docs/MIGRATING-FROM-NETTY-SOCKETIO.md}: a netty-socketio chat
 * server converted to Switchboard. The {@code tag::migrated-chat[]} region is the guide's Java
 * block character for character (after removing the common indentation); {@link MigrationGuideTest}
 * checks that and runs the server with the official Java client.
 */
final class MigratedChat {

    private static final Logger log = LoggerFactory.getLogger(MigratedChat.class);

    private MigratedChat() {
    }

    // tag::message[]
    record ChatMessage(String room, String text) {
    }
    // end::message[]

    /**
     * Starts the converted server.
     *
     * @param host the address to listen on
     * @param port the port, 0 for a free one
     * @return the running server; {@link NettyServer#close()} stops it
     */
    static NettyServer start(String host, int port) {
        // tag::migrated-chat[]
        SocketIoServer io = SocketIoServer.builder()                 // Configuration
                .cors(Cors.allowOrigin("*"))                          // setOrigin("*")
                .pingInterval(Duration.ofSeconds(25))                 // setPingInterval(25000)
                .pingTimeout(Duration.ofSeconds(20))                  // setPingTimeout(20000)
                .build();

        io.on("connection", socket -> {                               // addConnectListener / @OnConnect
            String user = socket.handshake().query().get("user");     // getSingleUrlParam("user")
            socket.data(user);                                        // client.set("user", user)
            socket.emit("welcome", "Hello, " + user);                 // client.sendEvent(...)

            socket.on("join", (args, ack) -> {                        // addEventListener / @OnEvent("join")
                String room = args.get(0, String.class);
                socket.join(room);                                    // client.joinRoom(room)
                ack.send("joined " + room);                           // ackRequest.sendAckData(...)
            });

            socket.on("say", ChatMessage.class, msg ->                // typed, like addEventListener(..., ChatMessage.class, ...)
                    io.to(msg.room()).emit("said", user, msg));       // getRoomOperations(room).sendEvent(...)

            socket.onDisconnect((reason, description) ->              // addDisconnectListener / @OnDisconnect
                    log.info("{} left: {}", socket.data(String.class), reason));
        });

        NettyServer server = NettyServer.create(io).listen(host, port);   // new SocketIOServer(config).start()
        // end::migrated-chat[]
        return server;
    }
}
