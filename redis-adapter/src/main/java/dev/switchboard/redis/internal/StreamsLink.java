package dev.switchboard.redis.internal;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis connections of the Streams adapter: one for commands, one subscriber for requests
 * and answers, and one per stream that reads it with blocking {@code XREAD}s, each from the last
 * entry it saw, so that a reader that lost Redis for a while catches up from the stream when it
 * is back. Commands issued while Redis is away wait in Lettuce's queue and run on its return, so
 * what is published during an outage is not lost either.
 */
public final class StreamsLink {

    private static final Logger log = LoggerFactory.getLogger(StreamsLink.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final long RETRY_MS = 100;
    /** The most appends sent in one batch: bounds one write while a backlog drains. */
    private static final int MAX_APPEND_BATCH = 512;

    /** Receives the entries of the streams, in order per stream; on a Lettuce thread. */
    @FunctionalInterface
    public interface EntryHandler {
        /**
         * One entry.
         *
         * @param id its id, e.g. {@code 1795513431370-0}
         * @param fields its fields, values as UTF-8 text
         */
        void onEntry(String id, Map<String, String> fields);
    }

    /** Receives the messages of one subscribed channel; on a Lettuce thread. */
    @FunctionalInterface
    public interface MessageHandler {
        /**
         * One message.
         *
         * @param payload its bytes
         */
        void onMessage(byte[] payload);
    }

    private final RedisClient client;
    private final RedisURI uri;
    private final boolean ownsClient;
    private final boolean sharded;
    private final int readCount;
    private final Duration blockTime;
    private final CompletableFuture<StatefulRedisConnection<String, byte[]>> commands;
    private final CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> subscriber;
    private final Map<String, MessageHandler> channels = new ConcurrentHashMap<>();
    private final List<StatefulRedisConnection<String, byte[]>> readers = new CopyOnWriteArrayList<>();
    /** Entries waiting for the batch in flight; in the order of {@link #xadd} calls. */
    private final Queue<Append> appends = new ConcurrentLinkedQueue<>();
    /** Whether a batch of appends is in flight. */
    private final AtomicBoolean appending = new AtomicBoolean();
    private volatile boolean closed;
    /**
     * Connection attempts under way, each settled once its connection (if any) is where
     * {@link #close} looks for it. Guarded by {@code this} together with setting {@link #closed}.
     */
    private final Set<CompletableFuture<Void>> attempts = new HashSet<>();

    /**
     * Connects (retrying until Redis answers).
     *
     * @param client the Lettuce client (auto-reconnecting)
     * @param uri where Redis is
     * @param ownsClient whether {@link #close} shuts the client down
     * @param sharded whether requests and answers use sharded Pub/Sub
     * @param readCount entries per {@code XREAD}
     * @param blockTime how long an {@code XREAD} blocks
     */
    public StreamsLink(RedisClient client, RedisURI uri, boolean ownsClient, boolean sharded, int readCount,
            Duration blockTime) {
        this.client = client;
        this.uri = uri;
        this.ownsClient = ownsClient;
        this.sharded = sharded;
        this.readCount = readCount;
        this.blockTime = blockTime;
        this.commands = retry(() -> client.connectAsync(CODEC, uri).toCompletableFuture());
        this.subscriber = retry(() -> client.connectPubSubAsync(CODEC, uri).toCompletableFuture())
                .thenApply(s -> {
                    s.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, byte[] message) {
                            dispatch(channel, message);
                        }

                        @Override
                        public void smessage(String channel, byte[] message) {
                            dispatch(channel, message);
                        }
                    });
                    return s;
                });
    }

    private <T> CompletableFuture<T> retry(Supplier<CompletableFuture<T>> connect) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(connect, result, 0);
        return result;
    }

    private <T> void attempt(Supplier<CompletableFuture<T>> connect, CompletableFuture<T> result, int failures) {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        CompletableFuture<T> connecting;
        synchronized (this) {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("closed"));
                return;
            }
            attempts.add(settled);
            connecting = connect.get();
        }
        connecting.whenComplete((c, error) -> {
            try {
                if (error == null) {
                    // What waits on the connection (a reader keeping it) runs here, before close sees it.
                    result.complete(c);
                    return;
                }
                if (failures == 0) {
                    log.warn("Redis at {}:{} is unreachable ({}); the Streams adapter keeps trying", uri.getHost(),
                            uri.getPort(), error.getMessage());
                }
                schedule(() -> attempt(connect, result, failures + 1), Duration.ofMillis(Math.min(2000, RETRY_MS << Math.min(failures, 4))));
            } finally {
                synchronized (this) {
                    attempts.remove(settled);
                }
                settled.complete(null);
            }
        });
    }

    private void dispatch(String channel, byte[] message) {
        MessageHandler handler = channels.get(channel);
        if (handler != null) {
            try {
                handler.onMessage(message);
            } catch (RuntimeException e) {
                log.debug("dropping a message of {}", channel, e);
            }
        }
    }

    /**
     * Starts reading a stream after its current last entry, on a connection of its own.
     *
     * @param stream the stream
     * @param handler its entries
     * @return completes when the first {@code XREAD} is on its way: anything added later is seen
     */
    public CompletableFuture<Void> read(String stream, EntryHandler handler) {
        return retry(() -> client.connectAsync(CODEC, uri).toCompletableFuture()).thenCompose(conn -> {
            readers.add(conn);
            return conn.async().xrevrange(stream, Range.unbounded(), Limit.from(1)).toCompletableFuture()
                    .thenAccept(last -> poll(conn, stream, last.isEmpty() ? "0-0" : last.get(0).getId(), handler));
        });
    }

    private void poll(StatefulRedisConnection<String, byte[]> conn, String stream, String offset, EntryHandler handler) {
        if (closed) {
            return;
        }
        XReadArgs args = XReadArgs.Builder.block(blockTime.toMillis()).count(readCount);
        conn.async().xread(args, XReadArgs.StreamOffset.from(stream, offset)).whenComplete((entries, error) -> {
            if (error != null) {
                if (!closed) {
                    log.debug("reading {} failed ({}); retrying from {}", stream, error.toString(), offset);
                    schedule(() -> poll(conn, stream, offset, handler), Duration.ofMillis(RETRY_MS));
                }
                return;
            }
            String next = offset;
            if (entries != null) {
                for (StreamMessage<String, byte[]> entry : entries) {
                    try {
                        handler.onEntry(entry.getId(), text(entry.getBody()));
                    } catch (RuntimeException e) {
                        log.debug("dropping entry {} of {}", entry.getId(), stream, e);
                    }
                    next = entry.getId();
                }
            }
            poll(conn, stream, next, handler);
        });
    }

    /**
     * The fields of an entry as text.
     *
     * @param body the entry's body
     * @return the fields, in order
     */
    public static Map<String, String> text(Map<String, byte[]> body) {
        Map<String, String> out = new LinkedHashMap<>();
        body.forEach((k, v) -> out.put(k, v == null ? null : new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    /**
     * Subscribes channels (Lettuce subscribes them again after a reconnection).
     *
     * @param names the channels
     * @param handler their messages
     * @return completes when Redis confirmed them
     */
    public CompletableFuture<Void> subscribe(Collection<String> names, MessageHandler handler) {
        names.forEach(n -> channels.put(n, handler));
        String[] array = names.toArray(new String[0]);
        return subscriber.thenCompose(s -> (sharded ? s.async().ssubscribe(array) : s.async().subscribe(array))
                .toCompletableFuture()).thenApply(v -> null);
    }

    /**
     * Unsubscribes channels.
     *
     * @param names the channels
     * @return completes when done
     */
    public CompletableFuture<Void> unsubscribe(Collection<String> names) {
        names.forEach(channels::remove);
        String[] array = names.toArray(new String[0]);
        return subscriber.thenCompose(s -> (sharded ? s.async().sunsubscribe(array) : s.async().unsubscribe(array))
                .toCompletableFuture()).thenApply(v -> null);
    }

    /**
     * Appends an entry ({@code XADD <stream> MAXLEN ~ <maxLen> * field value ...}). Entries enter
     * the stream in the order of the calls, through Redis outages too: readers see one publisher's
     * packets in that publisher's order.
     *
     * @param stream the stream
     * @param fields the fields, in order
     * @param maxLen the approximate cap
     * @return the entry's id
     */
    public CompletableFuture<String> xadd(String stream, Map<String, String> fields, long maxLen) {
        Map<String, byte[]> body = new LinkedHashMap<>();
        fields.forEach((k, v) -> body.put(k, v.getBytes(StandardCharsets.UTF_8)));
        Append append = new Append(stream, body, maxLen, new CompletableFuture<>());
        appends.add(append);
        sendAppends();
        return append.id();
    }

    /**
     * Sends the waiting appends as one batch, unless a batch is in flight: the next leaves when
     * Redis has answered every entry of the previous one. Lettuce keeps the order of the commands
     * of one connection while it is up, but not across a reconnection: a command whose write failed
     * on the dying connection is queued again behind later ones, and a command written while the
     * new connection is being activated overtakes those queued during the outage. With one batch
     * in flight, and a batch given to Lettuce in one call (which queues or writes it whole), there
     * is never a later entry to overtake. Under load the batch grows, so the wait costs no
     * throughput, and a batch leaves in one write that Redis takes in one read.
     */
    private void sendAppends() {
        while (!appends.isEmpty() && appending.compareAndSet(false, true)) {
            List<Append> batch = new ArrayList<>();
            Append next;
            while (batch.size() < MAX_APPEND_BATCH && (next = appends.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                appending.set(false);
                continue; // another caller took them; look again in case more came since
            }
            commands.whenComplete((connection, error) -> {
                if (error != null) {
                    batch.forEach(a -> a.id().completeExceptionally(error));
                    appending.set(false);
                    sendAppends();
                    return;
                }
                List<AsyncCommand<String, byte[], String>> sent = new ArrayList<>(batch.size());
                for (Append a : batch) {
                    AsyncCommand<String, byte[], String> command = a.command();
                    command.whenComplete((id, e) -> {
                        if (e != null) {
                            a.id().completeExceptionally(e);
                        } else {
                            a.id().complete(id);
                        }
                    });
                    sent.add(command);
                }
                try {
                    connection.dispatch(sent);
                } catch (RuntimeException e) {
                    sent.forEach(c -> c.completeExceptionally(e));
                }
                CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
                    appending.set(false);
                    sendAppends();
                });
            });
            return;
        }
    }

    /** An entry waiting to be appended, and the promise of its id. */
    private record Append(String stream, Map<String, byte[]> body, long maxLen, CompletableFuture<String> id) {

        AsyncCommand<String, byte[], String> command() {
            CommandArgs<String, byte[]> args = new CommandArgs<>(CODEC).addKey(stream);
            XAddArgs.Builder.maxlen(maxLen).approximateTrimming().build(args); // MAXLEN ~ n, then the id "*"
            args.add(body);
            return new AsyncCommand<>(new Command<>(CommandType.XADD, new StatusOutput<>(CODEC), args));
        }
    }

    /**
     * Entries from {@code from} (inclusive) to {@code to} (inclusive; {@code null} for the end).
     *
     * @param stream the stream
     * @param from the first id
     * @param to the last id, or {@code null}
     * @return the entries
     */
    public CompletableFuture<List<StreamMessage<String, byte[]>>> xrange(String stream, String from, String to) {
        Range<String> range = Range.from(Range.Boundary.including(from),
                to == null ? Range.Boundary.unbounded() : Range.Boundary.including(to));
        return commands.thenCompose(c -> c.async().xrange(stream, range).toCompletableFuture());
    }

    /**
     * Publishes ({@code PUBLISH}, or {@code SPUBLISH} when sharded).
     *
     * @param channel the channel
     * @param payload the bytes
     * @return completes when Redis took it
     */
    public CompletableFuture<Void> publish(String channel, byte[] payload) {
        return commands.thenCompose(c -> (sharded ? c.async().spublish(channel, payload)
                : c.async().publish(channel, payload)).toCompletableFuture()).thenApply(n -> null);
    }

    /**
     * The number of subscribers of a channel ({@code PUBSUB NUMSUB} or {@code SHARDNUMSUB}).
     *
     * @param channel the channel
     * @return the count
     */
    public CompletableFuture<Long> numsub(String channel) {
        return commands.thenCompose(c -> (sharded ? c.async().pubsubShardNumsub(channel)
                : c.async().pubsubNumsub(channel)).toCompletableFuture())
                .thenApply(m -> m.getOrDefault(channel, 0L));
    }

    /**
     * {@code SET key value PX ttl}.
     *
     * @param key the key
     * @param value the value
     * @param ttl how long it lives
     * @return completes when stored
     */
    public CompletableFuture<Void> set(String key, String value, Duration ttl) {
        return commands.thenCompose(c -> c.async().set(key, value.getBytes(StandardCharsets.UTF_8),
                SetArgs.Builder.px(ttl.toMillis())).toCompletableFuture()).thenApply(ok -> null);
    }

    /**
     * {@code GETDEL key}: takes a value once.
     *
     * @param key the key
     * @return the value, or {@code null}
     */
    public CompletableFuture<String> getdel(String key) {
        return commands.thenCompose(c -> c.async().getdel(key).toCompletableFuture())
                .thenApply(v -> v == null ? null : new String(v, StandardCharsets.UTF_8));
    }

    /**
     * Runs a task later on one of Lettuce's threads.
     *
     * @param task the task
     * @param delay the delay
     */
    public void schedule(Runnable task, Duration delay) {
        try {
            client.getResources().eventExecutorGroup().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("not scheduled: the Redis client is shutting down");
        }
    }

    /**
     * Closes every connection (and the client when it was created for this link).
     *
     * @return completes when closed
     */
    public CompletableFuture<Void> close() {
        CompletableFuture<?>[] connecting;
        synchronized (this) {
            closed = true;
            connecting = attempts.toArray(new CompletableFuture<?>[0]);
        }
        // A connection still being made when the client's own event loops stop would leave its
        // channel (and the buffer Lettuce reads into) behind: let the attempts settle first, for a
        // bounded time, and close what they made with the rest.
        CompletableFuture<Void> all = CompletableFuture.allOf(connecting)
                .completeOnTimeout(null, SETTLE_SECONDS, TimeUnit.SECONDS)
                .thenCompose(v -> closeConnections())
                .handle((v, e) -> null);
        return ownsClient ? all.thenCompose(v -> OwnedClient.shutdown(client)) : all;
    }

    /** How long {@link #close} waits for connections being made. */
    private static final long SETTLE_SECONDS = 5;

    private CompletableFuture<Void> closeConnections() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        commands.thenAccept(c -> closing.add(c.closeAsync()));
        subscriber.thenAccept(s -> closing.add(s.closeAsync()));
        readers.forEach(r -> closing.add(r.closeAsync()));
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
    }
}
