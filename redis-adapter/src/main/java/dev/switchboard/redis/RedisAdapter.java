package dev.switchboard.redis;

import static dev.switchboard.redis.internal.ClassicMessages.ALL_ROOMS;
import static dev.switchboard.redis.internal.ClassicMessages.BROADCAST;
import static dev.switchboard.redis.internal.ClassicMessages.BROADCAST_ACK;
import static dev.switchboard.redis.internal.ClassicMessages.BROADCAST_CLIENT_COUNT;
import static dev.switchboard.redis.internal.ClassicMessages.REMOTE_DISCONNECT;
import static dev.switchboard.redis.internal.ClassicMessages.REMOTE_FETCH;
import static dev.switchboard.redis.internal.ClassicMessages.REMOTE_JOIN;
import static dev.switchboard.redis.internal.ClassicMessages.REMOTE_LEAVE;
import static dev.switchboard.redis.internal.ClassicMessages.SERVER_SIDE_EMIT;
import static dev.switchboard.redis.internal.ClassicMessages.SOCKETS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.msgpack.Notepack;
import dev.switchboard.redis.internal.AdapterRequests;
import dev.switchboard.redis.internal.AnswersRequest;
import dev.switchboard.redis.internal.ClassicMessages;
import dev.switchboard.redis.internal.CollectingRequest;
import dev.switchboard.redis.internal.PendingRequest;
import dev.switchboard.redis.internal.RedisLink;
import dev.switchboard.redis.internal.Wire;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.AdapterListener;
import dev.switchboard.socketio.adapter.BroadcastAckHandler;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.adapter.ResponsesCallback;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.protocol.Packet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter of one namespace in classic mode: the protocol of {@code createAdapter} of
 * {@code @socket.io/redis-adapter} 8.x, which {@code @socket.io/redis-emitter} speaks too.
 * Created by {@link RedisAdapterFactory}.
 *
 * <p>Channels, for key {@code k} and namespace {@code n}: broadcasts on {@code k#n#} or, when they
 * target exactly one room, {@code k#n#room#} (pattern-subscribed); requests on {@code k-request#n#};
 * answers on {@code k-response#n#} and {@code k-response#n#<uid>#}. Broadcasts are msgpack
 * {@code [uid, packet, opts]}; requests and answers are JSON, except broadcasts with
 * acknowledgement and their acknowledgements (msgpack). Join, leave and disconnect requests are
 * applied here at once and their echo is ignored (a Node server applies its own echo instead:
 * the effect is the same).
 *
 * <p>The number of servers is the number of subscribers of the request channel
 * ({@code PUBSUB NUMSUB}), so each server subscribes it exactly once.
 */
public class RedisAdapter extends InMemoryAdapter {

    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final RedisLink link;
    private final RedisAdapterOptions options;
    private final String uid = Wire.randomId(10);
    private final String channel;
    private final String requestChannel;
    private final String responseChannel;
    private final String specificResponseChannel;
    private final Set<String> localRooms = ConcurrentHashMap.newKeySet();
    private final AdapterRequests requests;

    RedisAdapter(AdapterContext context, RedisLink link, RedisAdapterOptions options) {
        super(context);
        this.link = link;
        this.options = options;
        this.requests = new AdapterRequests(link, options.requestsTimeout(), context::reportRequest,
                context::reportFailure);
        String key = options.key();
        String nsp = context.name();
        this.channel = key + "#" + nsp + "#";
        this.requestChannel = key + "-request#" + nsp + "#";
        this.responseChannel = key + "-response#" + nsp + "#";
        this.specificResponseChannel = responseChannel + uid + "#";
        addListener(new AdapterListener() {
            @Override
            public void onCreateRoom(String room) {
                localRooms.add(room);
            }

            @Override
            public void onDeleteRoom(String room) {
                localRooms.remove(room);
            }
        });
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

    /** {@return this node's id in the cluster ({@code uid})} */
    public String uid() {
        return uid;
    }

    /** Subscribes the namespace's channels; completes when Redis confirmed them all. */
    @Override
    public CompletionStage<Void> init() {
        return requests.subscribe(() -> CompletableFuture.allOf(
                link.psubscribe(escapeGlob(channel) + "*", this::onBroadcastMessage),
                link.subscribe(requestChannel, this::onRequestMessage),
                link.subscribe(responseChannel, this::onResponseMessage),
                link.subscribe(specificResponseChannel, this::onResponseMessage)));
    }

    /** Unsubscribes the namespace's channels and fails the requests still waiting. */
    @Override
    public CompletionStage<Void> close() {
        requests.close(context.name());
        return CompletableFuture.allOf(
                link.punsubscribe(escapeGlob(channel) + "*"),
                link.unsubscribe(requestChannel),
                link.unsubscribe(responseChannel),
                link.unsubscribe(specificResponseChannel));
    }

    /** Redis glob patterns treat these specially; a namespace name must match literally. */
    private static String escapeGlob(String s) {
        StringBuilder out = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@return the number of servers: subscribers of the request channel} */
    @Override
    public CompletionStage<Integer> serverCount() {
        return link.numsub(requestChannel, "serverCount").thenApply(n -> (int) Math.max(1, n));
    }

    // ---- outgoing ----------------------------------------------------------------------------

    @Override
    public void broadcast(Packet.Event packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            publish(ClassicMessages.broadcastChannel(channel, opts),
                    ClassicMessages.broadcast(uid, packet.data(), context.name(), opts));
        }
        super.broadcast(packet, opts);
    }

    @Override
    public void broadcastWithAck(Packet.Event packet, BroadcastOptions opts, BroadcastAckHandler handler) {
        if (!opts.flags().local()) {
            String requestId = Wire.randomId(10);
            requests.expectAcks(requestId, handler, opts);
            publish(requestChannel, ClassicMessages.broadcastWithAck(uid, requestId, packet.data(), context.name(), opts));
        }
        super.broadcastWithAck(packet, opts, handler);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(requestChannel, ClassicMessages.joinOrLeave(uid, REMOTE_JOIN, opts, rooms));
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            publish(requestChannel, ClassicMessages.joinOrLeave(uid, REMOTE_LEAVE, opts, rooms));
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            publish(requestChannel, ClassicMessages.disconnect(uid, opts, close));
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
        List<SocketDetails> local = new ArrayList<>(localDetails(opts));
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        return link.numsub(requestChannel, "fetchSockets").thenCompose(numSub -> {
            if (numSub <= 1) {
                return CompletableFuture.completedFuture(local);
            }
            CompletableFuture<List<SocketDetails>> result = new CompletableFuture<>();
            String requestId = Wire.randomId(10);
            // This server counts as the first of numSub answers, as in the reference.
            send(requestId, AdapterRequests.fetchSockets(numSub - 1, local, result, "fetchSockets",
                    response -> response.get("sockets")), ClassicMessages.fetchSockets(uid, requestId, opts), "fetchSockets");
            return result;
        });
    }

    /**
     * The rooms that have members on any server of the cluster (socket-id rooms included), as
     * {@code adapter.allRooms()} of {@code @socket.io/redis-adapter}.
     *
     * @return the rooms; fails with {@link RedisUnavailableException} while Redis is away, or
     *     with a {@link TimeoutException} when a server did not answer in
     *     {@link RedisAdapterOptions#requestsTimeout()}
     */
    public CompletableFuture<Set<String>> allRooms() {
        Set<String> rooms = new LinkedHashSet<>(rooms());
        return link.numsub(requestChannel, "allRooms").thenCompose(numSub -> {
            if (numSub <= 1) {
                return CompletableFuture.completedFuture(rooms);
            }
            CompletableFuture<Set<String>> result = new CompletableFuture<>();
            List<String> collected = new ArrayList<>(rooms);
            String requestId = Wire.randomId(10);
            CompletableFuture<List<String>> list = new CompletableFuture<>();
            send(requestId, new CollectingRequest<>(numSub - 1, collected, list, "allRooms") {
                @Override
                protected void collect(JsonNode response) {
                    items.addAll(Wire.stringSet(response.get("rooms")));
                }
            }, ClassicMessages.allRooms(uid, requestId), "allRooms");
            list.whenComplete((all, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(new LinkedHashSet<>(all));
                }
            });
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
        publish(requestChannel, ClassicMessages.serverSideEmit(uid, null, packet));
    }

    @Override
    public void serverSideEmitWithAck(ArrayNode packet, ResponsesCallback callback) {
        AdapterRequests.askOthers(link.numsub(requestChannel, "serverSideEmitWithAck"), callback, expected -> {
            String requestId = Wire.randomId(10);
            send(requestId, new AnswersRequest(expected, callback,
                    r -> r.has("data") ? r.get("data") : NODES.nullNode()),
                    ClassicMessages.serverSideEmit(uid, requestId, packet), "serverSideEmitWithAck");
        });
    }

    /** Registers a request, arms its timeout and publishes it (JSON). */
    private void send(String requestId, PendingRequest pending, byte[] request, String operation) {
        requests.send(requestId, pending, requests.timeout(), () -> link.publish(requestChannel, request, operation));
    }

    /** Publishes where nobody waits for the outcome (failures are logged once by the link). */
    private void publish(String target, byte[] message) {
        link.publishQuietly(target, message, false);
    }

    private void respond(JsonNode request, byte[] response) {
        String requester = request.path("uid").asText("");
        String target = options.publishOnSpecificResponseChannel() && !requester.isEmpty()
                ? responseChannel + requester + "#" : responseChannel;
        publish(target, response);
    }

    // ---- incoming ----------------------------------------------------------------------------

    private void onBroadcastMessage(String ch, byte[] message) {
        if (!ch.startsWith(channel) || !ch.endsWith("#")) {
            return;
        }
        String room = ch.substring(channel.length(), Math.max(channel.length(), ch.length() - 1));
        if (!room.isEmpty() && !localRooms.contains(room)) {
            return; // cheap filter before decoding, as the reference does
        }
        JsonNode decoded = Notepack.V3.decode(message);
        if (!decoded.isArray() || decoded.size() < 2) {
            throw new IllegalArgumentException("broadcast is not [uid, packet, opts]");
        }
        if (uid.equals(decoded.get(0).asText())) {
            return;
        }
        JsonNode packet = decoded.get(1);
        String nsp = packet.path("nsp").asText("/");
        JsonNode data = packet.get("data");
        if (!nsp.equals(context.name()) || data == null || !data.isArray()) {
            return;
        }
        super.broadcast(new Packet.Event(context.name(), (ArrayNode) data, Packet.NO_ACK),
                Wire.decodeOptions(decoded.get(2)));
    }

    private void onRequestMessage(String ch, byte[] message) {
        ObjectNode request = Wire.decodeObject(message);
        String requestId = request.path("requestId").asText(null);
        boolean fromSelf = uid.equals(request.path("uid").asText(null));
        switch (request.path("type").asInt(-1)) {
            case SOCKETS -> {
                if (requestId == null || requests.isWaiting(requestId)) {
                    return;
                }
                Set<String> ids = new LinkedHashSet<>(recipients(new BroadcastOptions(
                        Wire.stringSet(request.get("rooms")), Set.of(), BroadcastFlags.DEFAULT)));
                respond(request, ClassicMessages.listResponse(requestId, "sockets", Wire.stringArray(ids)));
            }
            case ALL_ROOMS -> {
                if (requestId == null || requests.isWaiting(requestId)) {
                    return;
                }
                respond(request, ClassicMessages.listResponse(requestId, "rooms", Wire.stringArray(rooms())));
            }
            case REMOTE_JOIN -> {
                if (fromSelf) {
                    return;
                }
                if (request.has("opts")) {
                    super.addSockets(Wire.decodeOptions(request.get("opts")), Wire.stringSet(request.get("rooms")));
                } else {
                    legacy(request, id -> context.join(id, Set.of(request.path("room").asText())));
                }
            }
            case REMOTE_LEAVE -> {
                if (fromSelf) {
                    return;
                }
                if (request.has("opts")) {
                    super.delSockets(Wire.decodeOptions(request.get("opts")), Wire.stringSet(request.get("rooms")));
                } else {
                    legacy(request, id -> context.leave(id, request.path("room").asText()));
                }
            }
            case REMOTE_DISCONNECT -> {
                if (fromSelf) {
                    return;
                }
                boolean close = request.path("close").asBoolean(false);
                if (request.has("opts")) {
                    super.disconnectSockets(Wire.decodeOptions(request.get("opts")), close);
                } else {
                    legacy(request, id -> context.disconnect(id, close));
                }
            }
            case REMOTE_FETCH -> {
                if (requestId == null || requests.isWaiting(requestId)) {
                    return;
                }
                ArrayNode sockets = NODES.arrayNode();
                for (SocketDetails s : localDetails(Wire.decodeOptions(request.get("opts")))) {
                    sockets.add(Wire.socketDetails(s));
                }
                respond(request, ClassicMessages.listResponse(requestId, "sockets", sockets));
            }
            case SERVER_SIDE_EMIT -> {
                JsonNode data = request.get("data");
                if (fromSelf || data == null || !data.isArray()) {
                    return;
                }
                if (requestId == null) {
                    context.emitServerSide((ArrayNode) data, null);
                    return;
                }
                // The reference always answers this one on the shared channel.
                context.emitServerSide((ArrayNode) data,
                        arg -> publish(responseChannel, ClassicMessages.serverSideEmitResponse(requestId, arg)));
            }
            case BROADCAST -> {
                JsonNode packet = request.get("packet");
                if (requestId == null || requests.expectsAcks(requestId) || fromSelf || packet == null
                        || !packet.path("data").isArray()) {
                    return;
                }
                super.broadcastWithAck(new Packet.Event(context.name(), (ArrayNode) packet.get("data"), Packet.NO_ACK),
                        Wire.decodeOptions(request.get("opts")), new BroadcastAckHandler() {
                            @Override
                            public void clientCount(int count) {
                                respond(request, ClassicMessages.clientCount(requestId, count));
                            }

                            @Override
                            public void ack(JsonNode arg) {
                                respond(request, ClassicMessages.broadcastAck(requestId, arg));
                            }
                        });
            }
            default -> log.debug("namespace {}: ignoring request of unknown type {}", context.name(), request.get("type"));
        }
    }

    /** The pre-7.x form {@code {requestId, sid, room|close}}: applied to one local socket, then answered. */
    private void legacy(ObjectNode request, Consumer<String> action) {
        String sid = request.path("sid").asText("");
        if (!context.isConnected(sid)) {
            return;
        }
        action.accept(sid);
        String requestId = request.path("requestId").asText(null);
        if (requestId != null) {
            respond(request, ClassicMessages.done(requestId));
        }
    }

    private void onResponseMessage(String ch, byte[] message) {
        ObjectNode response = Wire.decodeObject(message);
        String requestId = response.path("requestId").asText(null);
        if (requestId == null) {
            return;
        }
        BroadcastAckHandler ackRequest = requests.ackHandler(requestId);
        if (ackRequest != null) {
            switch (response.path("type").asInt(-1)) {
                case BROADCAST_CLIENT_COUNT -> ackRequest.clientCount(response.path("clientCount").asInt(0));
                case BROADCAST_ACK -> ackRequest.ack(response.has("packet") ? response.get("packet") : NODES.nullNode());
                default -> { }
            }
            return;
        }
        requests.onResponse(requestId, response);
    }
}
