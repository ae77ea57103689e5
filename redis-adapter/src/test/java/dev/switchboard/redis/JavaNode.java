package dev.switchboard.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.ConnectionStateRecovery;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.adapter.AdapterFactory;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Java server of a test cluster: a {@link SocketIoServer} with the Redis adapter behind a
 * {@link NettyServer} on a free loopback port, with the handlers the cluster tests use.
 *
 * <p>Client events: {@code join(room)} and {@code leave(room)} (acknowledged), {@code relay(x)}
 * ({@code socket.broadcast.emit("relayed", x)}), {@code whoami} (acknowledged with the node name).
 * Server-side event {@code ping}: recorded in {@link #serverSideEvents}, answered
 * {@code "pong-<node>"} when an answer is wanted. Each socket's data is {@code {"node": name}}.
 */
final class JavaNode implements AutoCloseable {

    final String name;
    final AdapterFactory factory;
    /** The Pub/Sub adapter's factory, {@code null} on the Streams adapter. */
    final RedisAdapterFactory redis;
    final SocketIoServer io;
    final NettyServer http;
    final BlockingQueue<JsonNode> serverSideEvents = new LinkedBlockingQueue<>();

    JavaNode(String name, String redisUri, RedisAdapterOptions options) {
        this(name, RedisAdapterFactory.create(redisUri, options), false);
    }

    /**
     * A node on the Redis Streams adapter.
     *
     * @param name the node's name
     * @param redisUri where Redis is
     * @param options the adapter's options
     * @param recovery whether connection state recovery is on
     */
    JavaNode(String name, String redisUri, RedisStreamsAdapterOptions options, boolean recovery) {
        this(name, RedisStreamsAdapterFactory.create(redisUri, options), recovery);
    }

    private JavaNode(String name, AdapterFactory factory, boolean recovery) {
        this.name = name;
        this.factory = factory;
        this.redis = factory instanceof RedisAdapterFactory r ? r : null;
        this.io = SocketIoServer.builder().adapter(factory)
                .connectionStateRecovery(recovery ? ConnectionStateRecovery.DEFAULT : null).build();
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

    /** The URL clients connect to. */
    String url() {
        return "http://127.0.0.1:" + http.port();
    }

    /** The main namespace. */
    Namespace main() {
        return io.sockets();
    }

    /** Waits until the factory is up and the main namespace's channels are subscribed. */
    JavaNode awaitReady() {
        try {
            if (redis != null) {
                redis.whenUp().get(10, TimeUnit.SECONDS);
            }
            Object adapter = main().adapter();
            if (adapter instanceof RedisAdapter a) {
                a.ready().get(10, TimeUnit.SECONDS);
            } else if (adapter instanceof ShardedRedisAdapter a) {
                a.ready().get(10, TimeUnit.SECONDS);
            } else if (adapter instanceof RedisStreamsAdapter a) {
                a.ready().get(10, TimeUnit.SECONDS);
            }
            return this;
        } catch (Exception e) {
            throw new AssertionError(name + " did not join the cluster", e);
        }
    }

    /**
     * Waits until this node has no connected socket left (a closed client's socket goes away when
     * its close reaches the server), so one test's clients never answer another's broadcast.
     */
    void awaitNoSockets() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!main().sockets().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " still has sockets " + main().sockets().keySet());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Connects a Java client to this node. */
    TestClient client(String clientName, String... events) {
        return TestClient.connect(url(), clientName, events);
    }

    @Override
    public void close() {
        try {
            io.close().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(name + " did not close", e);
        } finally {
            http.close();
            CompletableFuture<Void> closing = redis != null ? redis.closeAsync()
                    : ((RedisStreamsAdapterFactory) factory).closeAsync();
            closing.orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
