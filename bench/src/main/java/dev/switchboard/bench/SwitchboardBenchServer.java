package dev.switchboard.bench;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;

/**
 * Switchboard under test: the same handlers as the Node baseline ({@code bench/node/server.js}),
 * on one event loop, speaking {@link ControlLine}.
 *
 * <ul>
 *   <li>{@code ping}: acknowledged with its arguments ({@code 42<id>["ping",x]} → {@code 43<id>[x]});</li>
 *   <li>{@code bcast}: sent to every socket of the main namespace ({@code io.emit("bcast", x)}).</li>
 * </ul>
 */
public final class SwitchboardBenchServer {

    private SwitchboardBenchServer() {
    }

    /**
     * Starts the server on the port given as the first argument (default 0: any free port).
     *
     * @param args {@code [port]}
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        // serveClient off, as in the Node baseline: nothing but Socket.IO on the port
        SocketIoServer io = SocketIoServer.builder().serveClient(false).build();
        io.on("connection", socket -> {
            socket.on("ping", (eventArgs, ack) -> ack.send(eventArgs));
            socket.on("bcast", (eventArgs, ack) -> io.emit("bcast", eventArgs.get(0)));
        });
        NettyServer server = NettyServer.create(io).eventLoopThreads(1).listen("127.0.0.1", port);
        ControlLine.serve(server.port(), server::close);
    }
}
