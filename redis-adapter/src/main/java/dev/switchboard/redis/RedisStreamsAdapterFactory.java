package dev.switchboard.redis;

import dev.switchboard.redis.internal.StreamsLink;
import dev.switchboard.socketio.adapter.Adapter;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.AdapterFactory;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Creates the Redis Streams adapter of each namespace ({@code createAdapter} of
 * {@code @socket.io/redis-streams-adapter} 0.3), sharing one Redis client: a command connection,
 * a subscriber, and one reader per stream in use, which hands each entry to its namespace's
 * adapter.
 *
 * <pre>{@code
 * var streams = RedisStreamsAdapterFactory.create("redis://localhost:6379");
 * var io = SocketIoServer.builder()
 *         .adapter(streams)
 *         .connectionStateRecovery(ConnectionStateRecovery.DEFAULT)
 *         .build();
 * }</pre>
 *
 * <p>Unlike Pub/Sub, the stream keeps what was published while a server was away from Redis: its
 * reader resumes after the last entry it saw, and commands issued during the outage wait in the
 * client's queue until Redis is back.
 */
public final class RedisStreamsAdapterFactory implements AdapterFactory, AutoCloseable {

    private final StreamsLink link;
    private final RedisStreamsAdapterOptions options;
    private final Map<String, RedisStreamsAdapter> adapters = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> readers = new ConcurrentHashMap<>();

    private RedisStreamsAdapterFactory(StreamsLink link, RedisStreamsAdapterOptions options) {
        this.link = link;
        this.options = options;
    }

    /**
     * A factory with the default options, owning its Redis client.
     *
     * @param redisUri e.g. {@code redis://localhost:6379} (Lettuce's URI syntax)
     * @return the factory, connecting
     */
    public static RedisStreamsAdapterFactory create(String redisUri) {
        return create(redisUri, RedisStreamsAdapterOptions.DEFAULT);
    }

    /**
     * A factory owning its Redis client: a small Lettuce client (two I/O threads) that reconnects
     * with a backoff capped at 2 s. {@link #close()} shuts it down.
     *
     * @param redisUri e.g. {@code redis://localhost:6379}
     * @param options the adapter's options
     * @return the factory, connecting
     */
    public static RedisStreamsAdapterFactory create(String redisUri, RedisStreamsAdapterOptions options) {
        RedisURI uri = RedisURI.create(redisUri);
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true).build());
        return new RedisStreamsAdapterFactory(link(client, uri, true, options), options);
    }

    /**
     * A factory on a client the application owns (and shuts down itself, after {@link #close()}).
     * The client should auto-reconnect and queue commands while disconnected (Lettuce's defaults).
     *
     * @param client the client
     * @param uri where Redis is
     * @param options the adapter's options
     * @return the factory, connecting
     */
    public static RedisStreamsAdapterFactory create(RedisClient client, RedisURI uri, RedisStreamsAdapterOptions options) {
        return new RedisStreamsAdapterFactory(link(Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(uri, "uri"), false, options), options);
    }

    private static StreamsLink link(RedisClient client, RedisURI uri, boolean owns, RedisStreamsAdapterOptions options) {
        Objects.requireNonNull(options, "options");
        return new StreamsLink(client, uri, owns, options.useShardedPubSub(), options.readCount(), options.blockTime());
    }

    /** Creates the adapter of a namespace and starts reading its stream if nobody reads it yet. */
    @Override
    public Adapter create(AdapterContext context) {
        String stream = options.streamOf(context.name());
        CompletableFuture<Void> reading = readers.computeIfAbsent(stream, s -> link.read(s, this::onEntry));
        RedisStreamsAdapter adapter = new RedisStreamsAdapter(context, link, options, reading,
                () -> adapters.remove(context.name()));
        adapters.put(context.name(), adapter);
        return adapter;
    }

    private void onEntry(String id, Map<String, String> fields) {
        String nsp = fields.get("nsp");
        RedisStreamsAdapter adapter = nsp == null ? null : adapters.get(nsp);
        if (adapter != null) {
            adapter.onStreamEntry(id, fields);
        }
    }

    /** {@return the options} */
    public RedisStreamsAdapterOptions options() {
        return options;
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
}
