package dev.switchboard.redis.internal;

import dev.switchboard.redis.RedisAdapterFactory.State;
import dev.switchboard.redis.RedisUnavailableException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two Redis connections an adapter factory shares between its namespaces, as
 * {@code @socket.io/redis-adapter} shares its pub and sub clients: one for PUBLISH and PUBSUB
 * queries, one in subscriber mode. Everything is asynchronous and runs on Lettuce's own threads;
 * the first connection's commands leave once per event-loop turn ({@link CommandFlush}).
 *
 * <p><b>State.</b> {@link State#UP} means both connections are open and every wanted subscription
 * has been confirmed by Redis on the current subscriber connection. After a drop, Lettuce reconnects
 * by itself; this class then subscribes the whole wanted set again and waits for every reply before
 * it reports {@code UP}, so a node is never "back" with half of its channels. While not {@code UP},
 * {@link #publish} and the PUBSUB queries fail at once with {@link RedisUnavailableException}
 * instead of queueing; the loss and the return are logged once each.
 */
public final class RedisLink {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final long RETRY_MIN_MS = 100;
    private static final long RETRY_MAX_MS = 2000;

    /** Receives the messages of one subscription. */
    @FunctionalInterface
    public interface MessageHandler {
        /**
         * Called on a Lettuce thread; must not block.
         *
         * @param channel the channel the message was published on
         * @param message the payload
         */
        void onMessage(String channel, byte[] message);
    }

    private final RedisClient client;
    private final RedisURI uri;
    private final boolean ownsClient;
    private final String target;
    private final Map<String, MessageHandler> channels = new ConcurrentHashMap<>();
    private final Map<String, MessageHandler> patterns = new ConcurrentHashMap<>();
    private final Map<String, MessageHandler> shardChannels = new ConcurrentHashMap<>();
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private final ConnectionWatcher watcher = new ConnectionWatcher();
    private final Dispatcher dispatcher = new Dispatcher(channels, patterns, shardChannels);

    private volatile State state = State.CONNECTING;
    private volatile StatefulRedisConnection<String, byte[]> pub;
    private volatile StatefulRedisPubSubConnection<String, byte[]> sub;
    /** The last connection attempt, settled once what it made is installed or closed; guarded by this. */
    private CompletableFuture<Void> connecting = CompletableFuture.completedFuture(null);
    // Guarded by this.
    private boolean pubOpen;
    private boolean subRenewed;
    private int generation;
    private boolean everUp;
    private int connectFailures;
    private CompletableFuture<Void> up = new CompletableFuture<>();
    private volatile boolean publishFailureLogged;

    /**
     * Creates the link; {@link #start} connects.
     *
     * @param client the Lettuce client
     * @param uri where Redis is
     * @param ownsClient whether {@link #close} shuts the client down
     */
    public RedisLink(RedisClient client, RedisURI uri, boolean ownsClient) {
        this.client = client;
        this.uri = uri;
        this.ownsClient = ownsClient;
        this.target = uri.getHost() + ":" + uri.getPort();
    }

    /**
     * {@return the listener every subscriber connection gets}: public so that tests deliver
     * messages exactly as Redis would, without a server.
     */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Starts connecting; retries until it succeeds or the link is closed. */
    public void start() {
        client.addListener(watcher);
        connect();
    }

    /** {@return where Redis is, {@code host:port}, for messages} */
    public String target() {
        return target;
    }

    /** {@return the current state} */
    public State state() {
        return state;
    }

    /**
     * Completes when the link is (or next becomes) {@link State#UP}.
     *
     * @return the future; never completes after {@link #close}
     */
    public synchronized CompletableFuture<Void> whenUp() {
        return up.copy();
    }

    /**
     * Tells a listener about every state change, on the thread that made it.
     *
     * @param listener the listener
     */
    public void addStateListener(Consumer<State> listener) {
        listeners.add(listener);
    }

    // ---- connecting --------------------------------------------------------------------------

    private void connect() {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            connecting = settled;
        }
        CompletableFuture<StatefulRedisConnection<String, byte[]>> p =
                client.connectAsync(CODEC, uri).toCompletableFuture();
        CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> s =
                client.connectPubSubAsync(CODEC, uri).toCompletableFuture();
        CompletableFuture.allOf(p, s).whenComplete((v, error) -> {
            if (error == null && state != State.CLOSED) {
                install(p.join(), s.join());
                settled.complete(null);
                return;
            }
            CompletableFuture.allOf(
                    p.thenCompose(StatefulRedisConnection::closeAsync).handle((x, e) -> null),
                    s.thenCompose(StatefulRedisPubSubConnection::closeAsync).handle((x, e) -> null))
                    .whenComplete((x, e) -> settled.complete(null));
            if (state == State.CLOSED) {
                return;
            }
            int failures;
            synchronized (this) {
                failures = ++connectFailures;
            }
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            if (failures == 1) {
                log.warn("Redis at {} is unreachable ({}); the adapter keeps trying, and until then"
                        + " broadcasts reach this server's clients only", target, cause.getMessage());
            } else {
                log.debug("Redis at {} still unreachable ({})", target, cause.getMessage());
            }
            long delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS << Math.min(failures - 1, 5));
            schedule(this::connect, Duration.ofMillis(delay));
        });
    }

    private void install(StatefulRedisConnection<String, byte[]> p, StatefulRedisPubSubConnection<String, byte[]> s) {
        s.addListener(dispatcher);
        // Commands wait for the end of their thread's turn and go to Redis together (CommandFlush).
        p.setAutoFlushCommands(false);
        int gen;
        synchronized (this) {
            pub = p;
            sub = s;
            pubOpen = p.isOpen();
            gen = ++generation;
        }
        renew(gen);
    }

    /**
     * Subscribes the whole wanted set on the subscriber connection and reports {@code UP} when
     * Redis has confirmed all of it (for this connection generation).
     */
    private void renew(int gen) {
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        if (s == null) {
            return;
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>(3);
        String[] ch = channels.keySet().toArray(new String[0]);
        String[] pat = patterns.keySet().toArray(new String[0]);
        String[] shard = shardChannels.keySet().toArray(new String[0]);
        if (ch.length > 0) {
            pending.add(s.async().subscribe(ch).toCompletableFuture());
        }
        if (pat.length > 0) {
            pending.add(s.async().psubscribe(pat).toCompletableFuture());
        }
        if (shard.length > 0) {
            pending.add(s.async().ssubscribe(shard).toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).whenComplete((v, error) -> {
            if (error != null) {
                boolean retry;
                synchronized (this) {
                    retry = gen == generation && state != State.CLOSED;
                }
                if (retry) {
                    log.debug("renewing the subscriptions on {} failed; retrying", target, error);
                    schedule(() -> renew(gen), Duration.ofMillis(RETRY_MIN_MS));
                }
                return;
            }
            synchronized (this) {
                if (gen != generation) {
                    return;
                }
                subRenewed = true;
            }
            updateState();
        });
    }

    /** Watches both connections (the client may serve others too: compared by identity). */
    private final class ConnectionWatcher implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (connection == sub) {
                int gen;
                synchronized (RedisLink.this) {
                    gen = ++generation;
                    subRenewed = false;
                }
                updateState();
                // Lettuce resubscribes too, but answers nobody; our own round trip tells when the
                // whole set is back. Run it after this callback, once the endpoint is active.
                schedule(() -> renew(gen), Duration.ZERO);
            } else if (connection == pub) {
                synchronized (RedisLink.this) {
                    pubOpen = true;
                }
                updateState();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (connection == sub) {
                synchronized (RedisLink.this) {
                    generation++;
                    subRenewed = false;
                }
                updateState();
            } else if (connection == pub) {
                synchronized (RedisLink.this) {
                    pubOpen = false;
                }
                updateState();
            }
        }
    }

    private void updateState() {
        State next;
        State previous;
        boolean firstUp = false;
        synchronized (this) {
            previous = state;
            if (previous == State.CLOSED) {
                return;
            }
            if (pubOpen && subRenewed) {
                next = State.UP;
                firstUp = !everUp;
                everUp = true;
            } else {
                next = everUp ? State.DOWN : State.CONNECTING;
            }
            if (next == previous) {
                return;
            }
            state = next;
            if (next == State.UP) {
                connectFailures = 0;
                publishFailureLogged = false;
                up.complete(null);
            } else if (previous == State.UP) {
                up = new CompletableFuture<>();
            }
        }
        if (next == State.UP) {
            if (firstUp) {
                log.info("connected to Redis at {}", target);
            } else {
                log.info("connection to Redis at {} restored and subscriptions renewed:"
                        + " cross-server delivery resumes", target);
            }
        } else if (next == State.DOWN) {
            log.warn("lost the connection to Redis at {}: until it is back, broadcasts reach this"
                    + " server's clients only and cross-server requests fail", target);
        }
        fire(next);
    }

    private void fire(State s) {
        for (Consumer<State> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                log.error("Redis state listener threw", e);
            }
        }
    }

    // ---- subscriptions -----------------------------------------------------------------------

    /**
     * Subscribes a channel ({@code SUBSCRIBE}), now and after every reconnection.
     *
     * @param channel the channel
     * @param handler its messages
     * @return completes when Redis confirmed it
     */
    public CompletableFuture<Void> subscribe(String channel, MessageHandler handler) {
        claim(channels, channel, handler);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        return s == null ? whenUp() : s.async().subscribe(channel).toCompletableFuture();
    }

    /**
     * Subscribes a pattern ({@code PSUBSCRIBE}), now and after every reconnection.
     *
     * @param pattern the glob pattern
     * @param handler its messages
     * @return completes when Redis confirmed it
     */
    public CompletableFuture<Void> psubscribe(String pattern, MessageHandler handler) {
        claim(patterns, pattern, handler);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        return s == null ? whenUp() : s.async().psubscribe(pattern).toCompletableFuture();
    }

    /**
     * Subscribes a shard channel ({@code SSUBSCRIBE}), now and after every reconnection.
     *
     * @param channel the channel
     * @param handler its messages
     * @return completes when Redis confirmed it
     */
    public CompletableFuture<Void> ssubscribe(String channel, MessageHandler handler) {
        claim(shardChannels, channel, handler);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        return s == null ? whenUp() : s.async().ssubscribe(channel).toCompletableFuture();
    }

    /**
     * A channel has one handler: two servers sharing a factory would also count as one server
     * (the server count is the number of subscribed connections).
     */
    private static void claim(Map<String, MessageHandler> map, String channel, MessageHandler handler) {
        if (map.putIfAbsent(channel, handler) != null) {
            throw new IllegalStateException(channel + " is already subscribed through this factory:"
                    + " use one RedisAdapterFactory per server");
        }
    }

    /**
     * Ends a {@link #subscribe}.
     *
     * @param channel the channel
     * @return completes when Redis confirmed it (at once when there is no connection yet)
     */
    public CompletableFuture<Void> unsubscribe(String channel) {
        channels.remove(channel);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        // Sent even while disconnected (Lettuce queues it): its own resubscription must not bring
        // the channel back.
        return s == null ? CompletableFuture.completedFuture(null)
                : s.async().unsubscribe(channel).toCompletableFuture();
    }

    /**
     * Ends a {@link #psubscribe}.
     *
     * @param pattern the pattern
     * @return completes when Redis confirmed it (at once when there is no connection yet)
     */
    public CompletableFuture<Void> punsubscribe(String pattern) {
        patterns.remove(pattern);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        // Sent even while disconnected (Lettuce queues it): its own resubscription must not bring
        // the channel back.
        return s == null ? CompletableFuture.completedFuture(null)
                : s.async().punsubscribe(pattern).toCompletableFuture();
    }

    /**
     * Ends a {@link #ssubscribe}.
     *
     * @param channel the channel
     * @return completes when Redis confirmed it (at once when there is no connection yet)
     */
    public CompletableFuture<Void> sunsubscribe(String channel) {
        shardChannels.remove(channel);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        // Sent even while disconnected (Lettuce queues it): its own resubscription must not bring
        // the channel back.
        return s == null ? CompletableFuture.completedFuture(null)
                : s.async().sunsubscribe(channel).toCompletableFuture();
    }

    // ---- commands ----------------------------------------------------------------------------

    /**
     * Publishes ({@code PUBLISH}).
     *
     * @param channel the channel
     * @param message the payload
     * @param operation what is being done, for the error when Redis is away
     * @return the number of receivers; fails at once with {@link RedisUnavailableException} when
     *     the link is not {@code UP}
     */
    public CompletableFuture<Long> publish(String channel, byte[] message, String operation) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (state != State.UP || p == null) {
            return CompletableFuture.failedFuture(unavailable(operation));
        }
        RedisFuture<Long> sent = p.async().publish(channel, message);
        CommandFlush.atEndOfTurn(p);
        return sent.toCompletableFuture();
    }

    /**
     * Publishes ({@code PUBLISH}, or {@code SPUBLISH} when {@code sharded}) where nobody waits for
     * the outcome: while Redis is away nothing is logged (the loss was, once); any other failure
     * is logged once until the connection is renewed, never per message.
     *
     * @param channel the channel
     * @param message the payload
     * @param sharded whether to use sharded Pub/Sub
     */
    public void publishQuietly(String channel, byte[] message, boolean sharded) {
        CompletableFuture<Long> sent = sharded ? spublish(channel, message, "publish") : publish(channel, message, "publish");
        sent.whenComplete((n, error) -> {
            if (error == null || Requests.unwrap(error) instanceof RedisUnavailableException || publishFailureLogged) {
                return;
            }
            publishFailureLogged = true;
            log.warn("publishing to Redis at {} failed ({}); further failures are not logged until the"
                    + " connection is renewed", target, Requests.unwrap(error).toString());
        });
    }

    /**
     * Publishes to a shard channel ({@code SPUBLISH}).
     *
     * @param channel the channel
     * @param message the payload
     * @param operation what is being done, for the error when Redis is away
     * @return the number of receivers; fails at once when the link is not {@code UP}
     */
    public CompletableFuture<Long> spublish(String channel, byte[] message, String operation) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (state != State.UP || p == null) {
            return CompletableFuture.failedFuture(unavailable(operation));
        }
        RedisFuture<Long> sent = p.async().spublish(channel, message);
        CommandFlush.atEndOfTurn(p);
        return sent.toCompletableFuture();
    }

    /**
     * The number of subscribers of a channel ({@code PUBSUB NUMSUB}).
     *
     * @param channel the channel
     * @param operation what is being done, for the error when Redis is away
     * @return the count; fails at once when the link is not {@code UP}
     */
    public CompletableFuture<Long> numsub(String channel, String operation) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (state != State.UP || p == null) {
            return CompletableFuture.failedFuture(unavailable(operation));
        }
        RedisFuture<Map<String, Long>> reply = p.async().pubsubNumsub(channel);
        CommandFlush.atEndOfTurn(p);
        return count(reply, channel);
    }

    /**
     * The number of subscribers of a shard channel ({@code PUBSUB SHARDNUMSUB}).
     *
     * @param channel the channel
     * @param operation what is being done, for the error when Redis is away
     * @return the count; fails at once when the link is not {@code UP}
     */
    public CompletableFuture<Long> shardNumsub(String channel, String operation) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (state != State.UP || p == null) {
            return CompletableFuture.failedFuture(unavailable(operation));
        }
        RedisFuture<Map<String, Long>> reply = p.async().pubsubShardNumsub(channel);
        CommandFlush.atEndOfTurn(p);
        return count(reply, channel);
    }

    private static CompletableFuture<Long> count(RedisFuture<Map<String, Long>> reply, String channel) {
        return reply.toCompletableFuture().thenApply(map -> {
            Long n = map.get(channel);
            return n == null ? 0L : n;
        });
    }

    /**
     * The error for an operation attempted while Redis is away.
     *
     * @param operation what was attempted
     * @return the exception
     */
    public RedisUnavailableException unavailable(String operation) {
        return new RedisUnavailableException(operation + " needs Redis, and the connection to Redis at "
                + target + " is " + (state == State.CLOSED ? "closed" : "down") + "; this server's own"
                + " clients are still served");
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
     * Closes both connections (and the client when it was created for this link).
     *
     * @return completes when closed
     */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> attempt;
        synchronized (this) {
            if (state == State.CLOSED) {
                return CompletableFuture.completedFuture(null);
            }
            state = State.CLOSED;
            attempt = connecting;
        }
        fire(State.CLOSED);
        client.removeListener(watcher);
        // A connection still being made when the client's event loops stop would leave its channel
        // (and Lettuce's read buffer) behind: wait, for a bounded time, for the attempt to settle.
        CompletableFuture<Void> closed = attempt.copy().completeOnTimeout(null, SETTLE_SECONDS, TimeUnit.SECONDS)
                .thenCompose(v -> closeConnections());
        if (!ownsClient) {
            return closed;
        }
        return closed.handle((v, e) -> null).thenCompose(v -> OwnedClient.shutdown(client));
    }

    /** How long {@link #close} waits for a connection attempt under way. */
    private static final long SETTLE_SECONDS = 5;

    private CompletableFuture<Void> closeConnections() {
        List<CompletableFuture<Void>> closing = new ArrayList<>(2);
        StatefulRedisConnection<String, byte[]> p = pub;
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        if (p != null) {
            closing.add(p.closeAsync());
        }
        if (s != null) {
            closing.add(s.closeAsync());
        }
        return CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]));
    }
}
