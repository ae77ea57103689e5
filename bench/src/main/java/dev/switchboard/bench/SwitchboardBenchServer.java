package dev.switchboard.bench;

import dev.switchboard.redis.RedisAdapter;
import dev.switchboard.redis.RedisAdapterFactory;
import dev.switchboard.server.IoTransport;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Switchboard under test: the same handlers as the Node baseline ({@code bench/node/server.js}),
 * on one event loop, speaking {@link ControlLine}.
 *
 * <ul>
 *   <li>{@code ping}: acknowledged with its arguments ({@code 42<id>["ping",x]} → {@code 43<id>[x]});</li>
 *   <li>{@code bcast}: sent to every socket of the main namespace ({@code io.emit("bcast", x)});</li>
 *   <li>{@code join}, {@code room}: the soak's churn ({@code socket.join(r)}, {@code io.to(r).emit("room", x)}).</li>
 * </ul>
 */
public final class SwitchboardBenchServer {

    private SwitchboardBenchServer() {
    }

    /**
     * The app every Switchboard binding under test serves: the handlers of the Node baseline.
     *
     * @param builder the server's options
     * @return the server, with its handlers
     */
    static SocketIoServer app(SocketIoServer.Builder builder) {
        SocketIoServer io = builder.build();
        io.on("connection", socket -> {
            socket.on("ping", (eventArgs, ack) -> ack.send(eventArgs));
            socket.on("bcast", (eventArgs, ack) -> io.emit("bcast", eventArgs.get(0)));
            // the soak's churn: rooms joined and sent to
            socket.on("join", (eventArgs, ack) -> socket.join(eventArgs.get(0).asText()));
            socket.on("room", (eventArgs, ack) -> io.to(eventArgs.get(0).asText()).emit("room", eventArgs.get(1)));
        });
        return io;
    }

    /**
     * Starts the server on the port given as the first argument (default 0: any free port).
     *
     * @param args {@code [port]}
     */
    public static void main(String[] args) {
        // -Dbench.countLeaks=true: the soak asks how many buffers leaked (before any buffer class loads)
        if (Boolean.getBoolean("bench.countLeaks")) {
            LeakCounter.install();
        }
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        // serveClient off, as in the Node baseline: nothing but Socket.IO on the port
        SocketIoServer.Builder builder = SocketIoServer.builder().serveClient(false);
        // -Dbench.redis=redis://host:port joins a cluster through the Redis adapter (the two-node
        // scenario), as the Node baseline does with REDIS_URL.
        String redisUri = System.getProperty("bench.redis");
        RedisAdapterFactory redis = redisUri == null ? null : RedisAdapterFactory.create(redisUri);
        if (redis != null) {
            builder.adapter(redis);
        }
        SocketIoServer io = app(builder);
        // -Dbench.transport=epoll|io_uring|nio measures a transport other than the default
        IoTransport transport = IoTransport.valueOf(System.getProperty("bench.transport", "auto").toUpperCase(Locale.ROOT));
        NettyServer server = NettyServer.create(io).eventLoopThreads(1).ioTransport(transport).listen("127.0.0.1", port);
        if (redis != null) {
            try {
                redis.whenUp().get(30, TimeUnit.SECONDS);
                ((RedisAdapter) io.sockets().adapter()).ready().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not join the cluster on " + redisUri, e);
            }
        }
        ControlLine.serve(server.port(), () -> {
            server.close();
            if (redis != null) {
                redis.closeAsync().orTimeout(5, TimeUnit.SECONDS).handle((v, e) -> null).join();
            }
        });
    }
}
