package dev.switchboard.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.redis.RedisAdapterOptions.SubscriptionMode;
import dev.switchboard.redis.internal.AdapterRequests;
import dev.switchboard.redis.internal.AnswersRequest;
import dev.switchboard.redis.internal.CollectingRequest;
import dev.switchboard.redis.internal.Json;
import dev.switchboard.redis.internal.MsgPack;
import dev.switchboard.redis.internal.PendingRequest;
import dev.switchboard.redis.internal.RedisLink;
import dev.switchboard.redis.internal.Wire;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.AdapterListener;
import dev.switchboard.socketio.adapter.BroadcastAckHandler;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.adapter.ResponsesCallback;
import dev.switchboard.socketio.protocol.Packet;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter of one namespace in sharded mode: {@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.x, that is socket.io-adapter's cluster messages
 * ({@code {type, data, uid, nsp}}) over sharded Pub/Sub (Redis 7.0 or later). Created by
 * {@link RedisAdapterFactory} when {@link RedisAdapterOptions#mode()} is
 * {@link RedisAdapterOptions.Mode#SHARDED}.
 *
 * <p>Channels, for prefix {@code p} and namespace {@code n}: {@code p#n#} for every node,
 * {@code p#n#<uid>#} for answers to this node, and in the dynamic subscription modes
 * {@code p#n#room#} for each room with members here, where single-room broadcasts go. Messages are
 * JSON, or msgpack when they carry binary data. The number of servers is
 * {@code PUBSUB SHARDNUMSUB p#n#}.
 */
public class ShardedRedisAdapter extends InMemoryAdapter {

    private static final Logger log = LoggerFactory.getLogger(ShardedRedisAdapter.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SecureRandom RANDOM = new SecureRandom();

    static final int BROADCAST = 3;
    static final int SOCKETS_JOIN = 4;
    static final int SOCKETS_LEAVE = 5;
    static final int DISCONNECT_SOCKETS = 6;
    static final int FETCH_SOCKETS = 7;
    static final int FETCH_SOCKETS_RESPONSE = 8;
    static final int SERVER_SIDE_EMIT = 9;
    static final int SERVER_SIDE_EMIT_RESPONSE = 10;
    static final int BROADCAST_CLIENT_COUNT = 11;
    static final int BROADCAST_ACK = 12;

    /** The types whose data may hold binary, hence may travel as msgpack. */
    private static final Set<Integer> MAY_CONTAIN_BINARY =
            Set.of(BROADCAST, BROADCAST_ACK, FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT, SERVER_SIDE_EMIT_RESPONSE);

    private final RedisLink link;
    private final RedisAdapterOptions options;
    private final String uid = randomHexId();
    private final String channel;
    private final String responseChannel;
    private final AdapterRequests requests;
    private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();

    ShardedRedisAdapter(AdapterContext context, RedisLink link, RedisAdapterOptions options) {
        super(context);
        this.link = link;
        this.options = options;
        this.requests = new AdapterRequests(link, options.requestsTimeout());
        this.channel = options.key() + "#" + context.name() + "#";
        this.responseChannel = channel + uid + "#";
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

    /** 16 hex characters, as socket.io-adapter's {@code randomId()}. */
    private static String randomHexId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Completes when Redis confirmed the namespace's subscriptions (after {@link #init()}, which
     * the namespace calls when it is created).
     *
     * @return the future
     */
    public CompletableFuture<Void> ready() {
        return requests.ready();
    }

    /** This node's id in the cluster ({@code uid}). */
    public String uid() {
        return uid;
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
        return requests.subscribe(() -> CompletableFuture.allOf(
                link.ssubscribe(channel, this::onRawMessage),
                link.ssubscribe(responseChannel, this::onRawMessage)));
    }

    /** Unsubscribes every channel of the namespace and fails the requests still waiting. */
    @Override
    public CompletionStage<Void> close() {
        requests.close(context.name());
        List<CompletableFuture<Void>> done = new ArrayList<>();
        done.add(link.sunsubscribe(channel));
        done.add(link.sunsubscribe(responseChannel));
        for (String room : roomChannels) {
            done.add(link.sunsubscribe(roomChannel(room)));
        }
        roomChannels.clear();
        return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
    }

    /** The number of servers: subscribers of the main channel. */
    @Override
    public CompletionStage<Integer> serverCount() {
        return link.shardNumsub(channel, "serverCount").thenApply(n -> (int) Math.max(1, n));
    }

    // ---- outgoing ----------------------------------------------------------------------------

    @Override
    public void broadcast(Packet.Event packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            ObjectNode data = NODES.objectNode();
            data.set("packet", Wire.eventPacket(packet.data(), null));
            data.set("opts", Wire.encodeOptions(opts, true));
            publish(message(BROADCAST, data), broadcastChannel(opts));
        }
        super.broadcast(packet, opts);
    }

    /**
     * Where a broadcast without acknowledgement goes: the room's own channel when it targets one
     * room that has one (in dynamic mode, a name of 20 characters is taken for a socket id, which
     * has none), else the main channel.
     */
    private String broadcastChannel(BroadcastOptions opts) {
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

    @Override
    public void broadcastWithAck(Packet.Event packet, BroadcastOptions opts, BroadcastAckHandler handler) {
        if (!opts.flags().local()) {
            String requestId = randomHexId();
            requests.expectAcks(requestId, handler, opts);
            ObjectNode data = NODES.objectNode();
            data.set("packet", Wire.eventPacket(packet.data(), null));
            data.put("requestId", requestId);
            data.set("opts", Wire.encodeOptions(opts, true));
            // Always the main channel: the server count covers every node, not the room's.
            publish(message(BROADCAST, data), channel);
        }
        super.broadcastWithAck(packet, opts, handler);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            ObjectNode data = NODES.objectNode();
            data.set("opts", Wire.encodeOptions(opts, true));
            data.set("rooms", Wire.stringArray(rooms));
            publish(message(SOCKETS_JOIN, data), channel);
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            ObjectNode data = NODES.objectNode();
            data.set("opts", Wire.encodeOptions(opts, true));
            data.set("rooms", Wire.stringArray(rooms));
            publish(message(SOCKETS_LEAVE, data), channel);
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            ObjectNode data = NODES.objectNode();
            data.set("opts", Wire.encodeOptions(opts, true));
            data.put("close", close);
            publish(message(DISCONNECT_SOCKETS, data), channel);
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public CompletionStage<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> local = new ArrayList<>(recipients(opts));
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        return link.shardNumsub(channel, "fetchSockets").thenCompose(count -> {
            long expected = count - 1;
            if (expected <= 0) {
                return CompletableFuture.completedFuture(local);
            }
            CompletableFuture<List<RemoteSocket>> result = new CompletableFuture<>();
            String requestId = randomHexId();
            ObjectNode data = NODES.objectNode();
            data.set("opts", Wire.encodeOptions(opts, true));
            data.put("requestId", requestId);
            CollectingRequest<RemoteSocket> request = AdapterRequests.fetchSockets(expected, local, result, null, context,
                    response -> response.path("data").get("sockets"));
            send(requestId, request, message(FETCH_SOCKETS, data), requests.timeout(opts), "fetchSockets");
            return result;
        });
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
        ObjectNode data = NODES.objectNode();
        data.set("packet", packet);
        publish(message(SERVER_SIDE_EMIT, data), channel);
    }

    @Override
    public void serverSideEmitWithAck(ArrayNode packet, ResponsesCallback callback) {
        AdapterRequests.askOthers(link.shardNumsub(channel, "serverSideEmitWithAck"), callback, expected -> {
            String requestId = randomHexId();
            ObjectNode data = NODES.objectNode();
            data.put("requestId", requestId);
            data.set("packet", packet);
            AnswersRequest request = new AnswersRequest(expected, callback,
                    r -> r.path("data").has("packet") ? r.path("data").get("packet") : NODES.nullNode());
            send(requestId, request, message(SERVER_SIDE_EMIT, data), requests.timeout(), "serverSideEmitWithAck");
        });
    }

    private void send(String requestId, PendingRequest request, ObjectNode message,
            Duration timeout, String operation) {
        requests.send(requestId, request, timeout, () -> link.spublish(channel, encode(message), operation));
    }

    /** {@code {type, data, uid, nsp}}, in the reference's key order. */
    private ObjectNode message(int type, ObjectNode data) {
        ObjectNode message = NODES.objectNode();
        message.put("type", type);
        if (data != null) {
            message.set("data", data);
        }
        message.put("uid", uid);
        message.put("nsp", context.name());
        return message;
    }

    /** JSON, unless the type may carry binary and does. */
    static byte[] encode(ObjectNode message) {
        int type = message.path("type").asInt();
        return MAY_CONTAIN_BINARY.contains(type) && MsgPack.hasBinary(message.get("data"))
                ? MsgPack.encode(message) : Json.write(message);
    }

    private void publish(ObjectNode message, String target) {
        link.publishQuietly(target, encode(message), true);
    }

    private void publishResponse(String requesterUid, int type, ObjectNode data) {
        publish(message(type, data), channel + requesterUid + "#");
    }

    // ---- incoming ----------------------------------------------------------------------------

    private void onRawMessage(String ch, byte[] raw) {
        ObjectNode message = Wire.decodeObject(raw);
        if (ch.equals(responseChannel)) {
            onResponse(message);
        } else {
            onMessage(message);
        }
    }

    private void onMessage(ObjectNode message) {
        String sender = message.path("uid").asText("");
        if (uid.equals(sender) || !context.name().equals(message.path("nsp").asText(null))) {
            return;
        }
        JsonNode data = message.path("data");
        int type = message.path("type").asInt(-1);
        switch (type) {
            case BROADCAST -> {
                JsonNode eventData = data.path("packet").get("data");
                if (eventData == null || !eventData.isArray()) {
                    return;
                }
                Packet.Event event = new Packet.Event(context.name(), (ArrayNode) eventData, Packet.NO_ACK);
                BroadcastOptions opts = Wire.decodeOptions(data.get("opts"));
                String requestId = data.path("requestId").asText(null);
                if (requestId == null) {
                    super.broadcast(event, opts);
                    return;
                }
                super.broadcastWithAck(event, opts, new BroadcastAckHandler() {
                    @Override
                    public void clientCount(int count) {
                        ObjectNode d = NODES.objectNode();
                        d.put("requestId", requestId);
                        d.put("clientCount", count);
                        publishResponse(sender, BROADCAST_CLIENT_COUNT, d);
                    }

                    @Override
                    public void ack(JsonNode arg) {
                        ObjectNode d = NODES.objectNode();
                        d.put("requestId", requestId);
                        d.set("packet", arg);
                        publishResponse(sender, BROADCAST_ACK, d);
                    }
                });
            }
            case SOCKETS_JOIN -> super.addSockets(Wire.decodeOptions(data.get("opts")), Wire.stringSet(data.get("rooms")));
            case SOCKETS_LEAVE -> super.delSockets(Wire.decodeOptions(data.get("opts")), Wire.stringSet(data.get("rooms")));
            case DISCONNECT_SOCKETS -> super.disconnectSockets(Wire.decodeOptions(data.get("opts")),
                    data.path("close").asBoolean(false));
            case FETCH_SOCKETS -> {
                String requestId = data.path("requestId").asText(null);
                if (requestId == null) {
                    return;
                }
                ArrayNode sockets = NODES.arrayNode();
                for (Socket s : recipients(Wire.decodeOptions(data.get("opts")))) {
                    sockets.add(Wire.socketDetails(s));
                }
                ObjectNode d = NODES.objectNode();
                d.put("requestId", requestId);
                d.set("sockets", sockets);
                publishResponse(sender, FETCH_SOCKETS_RESPONSE, d);
            }
            case SERVER_SIDE_EMIT -> {
                JsonNode packet = data.get("packet");
                if (packet == null || !packet.isArray()) {
                    return;
                }
                String requestId = data.path("requestId").asText(null);
                if (requestId == null) {
                    context.emitServerSide((ArrayNode) packet, null);
                    return;
                }
                context.emitServerSide((ArrayNode) packet, arg -> {
                    ObjectNode d = NODES.objectNode();
                    d.put("requestId", requestId);
                    d.set("packet", arg);
                    publishResponse(sender, SERVER_SIDE_EMIT_RESPONSE, d);
                });
            }
            case FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE, BROADCAST_CLIENT_COUNT, BROADCAST_ACK ->
                    onResponse(message);
            default -> log.debug("namespace {}: ignoring cluster message of type {}", context.name(), type);
        }
    }

    private void onResponse(ObjectNode response) {
        JsonNode data = response.path("data");
        String requestId = data.path("requestId").asText(null);
        if (requestId == null) {
            return;
        }
        switch (response.path("type").asInt(-1)) {
            case BROADCAST_CLIENT_COUNT -> {
                BroadcastAckHandler handler = requests.ackHandler(requestId);
                if (handler != null) {
                    handler.clientCount(data.path("clientCount").asInt(0));
                }
            }
            case BROADCAST_ACK -> {
                BroadcastAckHandler handler = requests.ackHandler(requestId);
                if (handler != null) {
                    handler.ack(data.has("packet") ? data.get("packet") : NODES.nullNode());
                }
            }
            case FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE -> requests.onResponse(requestId, response);
            default -> { }
        }
    }
}
