package dev.switchboard.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.SocketIoServer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Java server of a test cluster on the Postgres adapter, behind a {@link NettyServer} on a
 * free loopback port, with the handlers of the Node peer: {@code join(room)} and {@code leave(room)}
 * (acknowledged), {@code relay(x)}, {@code whoami}; server-side {@code ping} recorded and answered
 * {@code "pong-<node>"}; each socket's data is {@code {"node": name}}.
 */
final class JavaNode implements AutoCloseable {

    final String name;
    final PostgresAdapterFactory postgres;
    final SocketIoServer io;
    final NettyServer http;
    final BlockingQueue<JsonNode> serverSideEvents = new LinkedBlockingQueue<>();

    JavaNode(String name, String url, PostgresAdapterOptions options) {
        this.name = name;
        this.postgres = PostgresAdapterFactory.create(url, options);
        this.io = SocketIoServer.builder().adapter(postgres).build();
        io.on("connection", socket -> {
            socket.data(Map.of("node", name));
            socket.on("join", (args, ack) -> {
                socket.join(args.get(0, String.class));
                ack.send("joined");
            });
            socket.on("leave", (args, ack) -> {
                socket.leave(args.get(0, String.class));
                ack.send("left");
            });
            socket.on("relay", (args, ack) -> socket.broadcast().emit("relayed", args.get(0)));
            socket.on("whoami", (args, ack) -> ack.send(name));
        });
        io.onServerSideEvent("ping", (args, ack) -> {
            serverSideEvents.add(args.toArrayNode());
            if (ack.requested()) {
                ack.send("pong-" + name);
            }
        });
        this.http = NettyServer.create(io.engine()).listen("127.0.0.1", 0);
    }

    String url() {
        return "http://127.0.0.1:" + http.port();
    }

    Namespace main() {
        return io.sockets();
    }

    PostgresAdapter adapter() {
        return (PostgresAdapter) main().adapter();
    }

    JavaNode awaitReady() {
        try {
            adapter().ready().get(20, TimeUnit.SECONDS);
            return this;
        } catch (Exception e) {
            throw new AssertionError(name + " did not join the cluster", e);
        }
    }

    @Override
    public void close() {
        try {
            io.close().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(name + " did not close", e);
        } finally {
            http.close();
            postgres.closeAsync().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
