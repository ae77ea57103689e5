package dev.switchboard.redis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.cluster.ClusterAdapter;
import dev.switchboard.cluster.ClusterAdapterOptions;
import dev.switchboard.cluster.ClusterMessage;
import dev.switchboard.cluster.MessageType;
import dev.switchboard.cluster.internal.Trees;
import dev.switchboard.msgpack.Notepack;
import dev.switchboard.redis.RedisAdapterOptions.SubscriptionMode;
import dev.switchboard.cluster.internal.Json;
import dev.switchboard.redis.internal.RedisLink;
import dev.switchboard.redis.internal.Wire;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.AdapterListener;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter of one namespace in sharded mode: {@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.x, that is socket.io-adapter's cluster protocol
 * ({@link ClusterAdapter}) over sharded Pub/Sub (Redis 7.0 or later): this class is only its
 * driver. Created by {@link RedisAdapterFactory} when {@link RedisAdapterOptions#mode()} is
 * {@link RedisAdapterOptions.Mode#SHARDED}.
 *
 * <p>Channels, for prefix {@code p} and namespace {@code n}: {@code p#n#} for every node,
 * {@code p#n#<uid>#} for answers to this node, and in the dynamic subscription modes
 * {@code p#n#room#} for each room with members here, where single-room broadcasts go. Messages are
 * JSON, or msgpack when they carry binary data. The number of servers is
 * {@code PUBSUB SHARDNUMSUB p#n#}.
 */
public class ShardedRedisAdapter extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(ShardedRedisAdapter.class);

    private final RedisLink link;
    private final RedisAdapterOptions options;
    private final String channel;
    private final String responseChannel;
    private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    ShardedRedisAdapter(AdapterContext context, RedisLink link, RedisAdapterOptions options) {
        super(context, ClusterAdapterOptions.DEFAULT.withRequestsTimeout(options.requestsTimeout()));
        this.link = link;
        this.options = options;
        this.channel = options.key() + "#" + context.name() + "#";
        this.responseChannel = channel + uid() + "#";
        if (options.subscriptionMode() != SubscriptionMode.STATIC) {
            addListener(new AdapterListener() {
                @Override
                public void onCreateRoom(String room) {
                    if (hasOwnChannel(room) && roomChannels.add(room)) {
                        link.ssubscribe(roomChannel(room), ShardedRedisAdapter.this::onRawMessage);
                    }
                }

                @Override
                public void onDeleteRoom(String room) {
                    if (roomChannels.remove(room)) {
                        link.sunsubscribe(roomChannel(room));
                    }
                }
            });
        }
    }

    /**
     * Completes when Redis confirmed the namespace's subscriptions (after {@link #init()}, which
     * the namespace calls when it is created).
     *
     * @return the future
     */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    /** Whether a room gets a channel of its own: public rooms in dynamic mode, all in dynamic-private. */
    private boolean hasOwnChannel(String room) {
        return switch (options.subscriptionMode()) {
            case STATIC -> false;
            case DYNAMIC -> socketRooms(room) == null; // not one of this node's socket ids
            case DYNAMIC_PRIVATE -> true;
        };
    }

    private String roomChannel(String room) {
        return channel + room + "#";
    }

    /** Subscribes the namespace's channels; completes when Redis confirmed them. */
    @Override
    public CompletionStage<Void> init() {
        CompletableFuture<Void> subscribed;
        try {
            subscribed = CompletableFuture.allOf(link.ssubscribe(channel, this::onRawMessage),
                    link.ssubscribe(responseChannel, this::onRawMessage));
        } catch (RuntimeException e) {
            subscribed = CompletableFuture.failedFuture(e);
        }
        subscribed.whenComplete((v, e) -> {
            if (e != null) {
                ready.completeExceptionally(e);
            } else {
                ready.complete(null);
            }
        });
        return ready.copy();
    }

    /** Unsubscribes every channel of the namespace and fails the requests still waiting. */
    @Override
    public CompletionStage<Void> close() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        done.add(super.close().toCompletableFuture());
        done.add(link.sunsubscribe(channel));
        done.add(link.sunsubscribe(responseChannel));
        for (String room : roomChannels) {
            done.add(link.sunsubscribe(roomChannel(room)));
        }
        roomChannels.clear();
        return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
    }

    /** {@return the number of servers: subscribers of the main channel; fails at once while Redis is away} */
    @Override
    public CompletionStage<Integer> serverCount() {
        return link.shardNumsub(channel, "serverCount").thenApply(n -> (int) Math.max(1, n));
    }

    /**
     * Fails at once with {@link RedisUnavailableException} while Redis is away: there is nobody
     * else to tell.
     */
    @Override
    public void serverSideEmit(ArrayNode packet) {
        if (link.state() != RedisAdapterFactory.State.UP) {
            throw link.unavailable("serverSideEmit");
        }
        super.serverSideEmit(packet);
    }

    // ---- the driver --------------------------------------------------------------------------

    @Override
    protected CompletionStage<String> doPublish(ClusterMessage message) {
        link.publishQuietly(target(message), encode(message), true);
        return CompletableFuture.completedFuture("");
    }

    @Override
    protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
        link.publishQuietly(channel + requesterUid + "#", encode(response), true);
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Where a message goes: a broadcast without acknowledgement that targets one room that has a
     * channel goes there (in dynamic mode, a name of 20 characters is taken for a socket id, which
     * has none); everything else to the main channel, whose subscribers are every node.
     */
    private String target(ClusterMessage message) {
        if (message.type() != MessageType.BROADCAST || message.data() == null || message.data().has("requestId")) {
            return channel;
        }
        BroadcastOptions opts = Trees.decodeOptions(message.data().get("opts"));
        if (opts.rooms().size() != 1) {
            return channel;
        }
        String room = opts.rooms().iterator().next();
        boolean own = switch (options.subscriptionMode()) {
            case STATIC -> false;
            case DYNAMIC -> room.length() != 20;
            case DYNAMIC_PRIVATE -> true;
        };
        return own ? roomChannel(room) : channel;
    }

    /** {@return JSON, unless the type may carry binary and does} */
    static byte[] encode(ClusterMessage message) {
        return message.hasBinary() ? Notepack.V3.encode(message.toTree()) : Json.write(message.toTree());
    }

    private void onRawMessage(String ch, byte[] raw) {
        ClusterMessage message;
        try {
            message = ClusterMessage.fromTree(Wire.decodeObject(raw));
        } catch (RuntimeException e) {
            log.debug("namespace {}: dropping an undecodable message on {}", context.name(), ch, e);
            return;
        }
        if (ch.equals(responseChannel)) {
            onResponse(message);
        } else {
            onMessage(message, null);
        }
    }
}
