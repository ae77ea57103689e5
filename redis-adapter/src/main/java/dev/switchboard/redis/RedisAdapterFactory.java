package dev.switchboard.redis;

import dev.switchboard.redis.internal.RedisLink;
import dev.switchboard.socketio.adapter.Adapter;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.AdapterFactory;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes a server part of a cluster over Redis: the {@code adapter} option of
 * {@link dev.switchboard.socketio.SocketIoServer}, like {@code createAdapter(pubClient, subClient)}
 * (or {@code createShardedAdapter}) of {@code @socket.io/redis-adapter} 8.x, with which it shares
 * its wire format, so Java and Node servers can form one cluster.
 *
 * <pre>{@code
 * RedisAdapterFactory redis = RedisAdapterFactory.create("redis://localhost:6379");
 * SocketIoServer io = SocketIoServer.builder().adapter(redis).build();
 * ...
 * io.close().join();
 * redis.close();
 * }</pre>
 *
 * <p>The factory owns two Redis connections (one publishing, one subscribed) shared by the
 * adapters of all namespaces. It connects at once and keeps reconnecting, without ever blocking:
 * Lettuce runs on its own threads. See {@link State} for what happens while Redis is away.
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {

    /** The state of the factory's connection to Redis. */
    public enum State {
        /** Not connected yet (the first attempt, or later ones while Redis is unreachable). */
        CONNECTING,
        /**
         * Connected, with every subscription of every namespace confirmed by Redis: broadcasts and
         * requests reach the other servers.
         */
        UP,
        /**
         * The connection dropped; the factory reconnects by itself and resubscribes everything
         * before it reports {@link #UP} again. Meanwhile broadcasts reach this server's clients
         * only, and operations that need the other servers fail at once with
         * {@link RedisUnavailableException}. Messages published by others meanwhile are lost
         * (Redis Pub/Sub keeps nothing).
         */
        DOWN,
        /** {@link #close()} was called. */
        CLOSED
    }

    private final RedisLink link;
    private final RedisAdapterOptions options;

    private RedisAdapterFactory(RedisLink link, RedisAdapterOptions options) {
        this.link = link;
        this.options = options;
    }

    /**
     * A factory with the default options, owning its Redis client.
     *
     * @param redisUri e.g. {@code redis://localhost:6379} (Lettuce's URI syntax: password, database,
     *     {@code rediss://} for TLS)
     * @return the factory, connecting
     */
    public static RedisAdapterFactory create(String redisUri) {
        return create(redisUri, RedisAdapterOptions.DEFAULT);
    }

    /**
     * A factory owning its Redis client: a small Lettuce client (two I/O threads) that reconnects
     * with a backoff capped at 2 s. {@link #close()} shuts it down.
     *
     * @param redisUri e.g. {@code redis://localhost:6379}
     * @param options the adapter's options
     * @return the factory, connecting
     */
    public static RedisAdapterFactory create(String redisUri, RedisAdapterOptions options) {
        RedisURI uri = RedisURI.create(redisUri);
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true).build());
        return start(new RedisLink(client, uri, true), options);
    }

    /**
     * A factory on a client the application owns (and shuts down itself, after {@link #close()}).
     * The client should auto-reconnect (Lettuce's default).
     *
     * @param client the client
     * @param uri where Redis is
     * @param options the adapter's options
     * @return the factory, connecting
     */
    public static RedisAdapterFactory create(RedisClient client, RedisURI uri, RedisAdapterOptions options) {
        return start(new RedisLink(Objects.requireNonNull(client, "client"), Objects.requireNonNull(uri, "uri"),
                false), options);
    }

    private static RedisAdapterFactory start(RedisLink link, RedisAdapterOptions options) {
        RedisAdapterFactory factory = new RedisAdapterFactory(link, Objects.requireNonNull(options, "options"));
        link.start();
        return factory;
    }

    /** Creates the adapter of a namespace: classic or sharded, as the options say. */
    @Override
    public Adapter create(AdapterContext context) {
        return options.mode() == RedisAdapterOptions.Mode.SHARDED
                ? new ShardedRedisAdapter(context, link, options)
                : new RedisAdapter(context, link, options);
    }

    /** {@return the options} */
    public RedisAdapterOptions options() {
        return options;
    }

    /** {@return the connection's state now} */
    public State state() {
        return link.state();
    }

    /**
     * Completes when the state is (or next becomes) {@link State#UP}: connected with every
     * subscription confirmed.
     *
     * @return the future
     */
    public CompletableFuture<Void> whenUp() {
        return link.whenUp();
    }

    /**
     * Tells a listener about every change of {@link #state()}, on a Lettuce thread; it must not
     * block. Each change is also logged once.
     *
     * @param listener the listener
     * @return this
     */
    public RedisAdapterFactory onStateChange(Consumer<State> listener) {
        link.addStateListener(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Closes the connections (and the client when the factory created it). Close the servers using
     * the factory first. Does not wait; {@link #closeAsync()} tells when it is done.
     */
    @Override
    public void close() {
        closeAsync();
    }

    /**
     * Closes the connections (and the client when the factory created it).
     *
     * @return completes when they are closed
     */
    public CompletableFuture<Void> closeAsync() {
        return link.close();
    }

    @Override
    public String toString() {
        return "RedisAdapterFactory[" + link.target() + ", " + options.mode() + ", " + link.state() + "]";
    }
}
