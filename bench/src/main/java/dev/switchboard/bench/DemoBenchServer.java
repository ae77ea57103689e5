package dev.switchboard.bench;

import dev.switchboard.examples.chat.ChatServer;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;

/**
 * The chat demo itself ({@code examples/chat}: its handlers, its page and the client bundle), on
 * one event loop, speaking {@link ControlLine}: what the README tells a new user to run, measured
 * with thousands of users.
 */
public final class DemoBenchServer {

    private DemoBenchServer() {
    }

    /**
     * Starts the chat on the port given as the first argument (default 0: any free port).
     *
     * @param args {@code [port]}
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        SocketIoServer io = ChatServer.createServer();
        NettyServer server = ChatServer.http(io).eventLoopThreads(1).listen("127.0.0.1", port);
        ControlLine.serve(server.port(), server::close);
    }
}
