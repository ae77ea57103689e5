package dev.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.internal.PendingRequests;
import dev.switchboard.cluster.internal.Timers;
import dev.switchboard.cluster.internal.Trees;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.BroadcastAckHandler;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.adapter.ResponsesCallback;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.protocol.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * socket.io-adapter's {@code ClusterAdapter}: every cluster operation of a namespace as a
 * {@link ClusterMessage}, over a driver that only publishes and subscribes. A driver implements
 * {@link #doPublish} (to every node), {@link #doPublishResponse} (to the node that asked) and
 * {@link #serverCount}, and hands each message it receives to {@link #onMessage} (with the
 * message's offset when its transport has one) or, for answers, {@link #onResponse}.
 *
 * <p>What this class does for every driver: applies an operation locally and publishes it unless
 * it is {@code local}; ignores its own messages and other namespaces'; answers
 * {@code fetchSockets}, {@code serverSideEmitWithAck} and broadcasts with acknowledgement; waits
 * for {@code serverCount() - 1} answers ({@link ClusterAdapterOptions#requestsTimeout()} unless
 * the broadcast's own timeout says otherwise); and, when connection state recovery is on, appends
 * a broadcast's offset (the driver's id of the published message) to the data its clients receive,
 * so that they can come back to any node and get what they missed.
 *
 * <h2>Threading</h2>
 * Operations come from any thread, messages from the driver's threads, timeouts from a shared
 * timer thread; nothing here blocks.
 */
public abstract class ClusterAdapter extends InMemoryAdapter {

    /** The {@code uid} of messages sent by an emitter, which is not a node. */
    public static final String EMITTER_UID = "emitter";

    private static final Logger log = LoggerFactory.getLogger(ClusterAdapter.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String uid = Trees.randomHexId();
    private final ClusterAdapterOptions clusterOptions;
    private final PendingRequests requests = new PendingRequests();
    private final Map<String, BroadcastAckHandler> ackRequests = new ConcurrentHashMap<>();

    /**
     * Creates the adapter of a namespace.
     *
     * @param context the namespace's side of the contract
     * @param options the protocol's timing
     */
    protected ClusterAdapter(AdapterContext context, ClusterAdapterOptions options) {
        super(context);
        this.clusterOptions = Objects.requireNonNull(options, "options");
    }

    /** {@return this node's id in the cluster: 16 random hex characters, new for each adapter} */
    public String uid() {
        return uid;
    }

    /** {@return the protocol's timing} */
    protected ClusterAdapterOptions clusterOptions() {
        return clusterOptions;
    }

    /**
     * Sends a message to every other node of the cluster.
     *
     * @param message the message, {@code uid} and {@code nsp} set
     * @return completes with the message's offset when the transport gives one (a stream entry
     *     id), else with {@code ""} or {@code null}; fails when it could not be published
     */
    protected abstract CompletionStage<String> doPublish(ClusterMessage message);

    /**
     * Sends an answer to the node that asked.
     *
     * @param requesterUid the asking node
     * @param response the answer, {@code uid} and {@code nsp} set
     * @return completes when published
     */
    protected abstract CompletionStage<Void> doPublishResponse(String requesterUid, ClusterMessage response);

    /**
     * Publishes a message of this node, logging a failure.
     *
     * @param type the type
     * @param data the payload, or {@code null}
     */
    protected void publish(MessageType type, ObjectNode data) {
        publishAndReturnOffset(type, data).exceptionally(e -> {
            log.debug("[{}] could not publish a message of type {}", uid, type, e);
            return null;
        });
    }

    /**
     * Publishes a message of this node.
     *
     * @param type the type
     * @param data the payload, or {@code null}
     * @return its offset, as {@link #doPublish}
     */
    protected CompletionStage<String> publishAndReturnOffset(MessageType type, ObjectNode data) {
        try {
            return doPublish(new ClusterMessage(type, data, uid, context.name()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void publishResponse(String requesterUid, MessageType type, ObjectNode data) {
        CompletionStage<Void> sent;
        try {
            sent = doPublishResponse(requesterUid, new ClusterMessage(type, data, uid, context.name()));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.exceptionally(e -> {
            log.debug("[{}] could not answer {}", uid, requesterUid, e);
            return null;
        });
    }

    /** Fails the requests still waiting and forgets the broadcasts' acknowledgements. */
    @Override
    public CompletionStage<Void> close() {
        requests.failAll(new IllegalStateException("the adapter of namespace " + context.name() + " was closed"));
        ackRequests.clear();
        return CompletableFuture.completedFuture(null);
    }

    // ---- outgoing ----------------------------------------------------------------------------

    @Override
    public void broadcast(Packet.Event packet, BroadcastOptions opts) {
        if (opts.flags().local()) {
            super.broadcast(packet, opts);
            return;
        }
        ObjectNode data = NODES.objectNode();
        data.set("packet", Trees.eventPacket(packet.data()));
        data.set("opts", Trees.encodeOptions(opts));
        CompletionStage<String> published = publishAndReturnOffset(MessageType.BROADCAST, data);
        if (!context.connectionStateRecovery()) {
            published.exceptionally(e -> {
                log.debug("[{}] could not publish a broadcast", uid, e);
                return null;
            });
            super.broadcast(packet, opts);
            return;
        }
        // The clients must get the offset with the packet, so this server delivers once the
        // driver has named it, as the reference awaits it; every broadcast waits alike so that
        // they keep their order. A failed publication still delivers, without offset.
        published.whenComplete((offset, error) -> {
            if (error != null) {
                log.debug("[{}] could not publish a broadcast", uid, error);
            }
            super.broadcast(takesOffset(packet, opts) && error == null ? withOffset(packet, offset) : packet, opts);
        });
    }

    /** Whether connection state recovery numbers this packet: an event without ack, not volatile. */
    private boolean takesOffset(Packet.Event packet, BroadcastOptions opts) {
        return context.connectionStateRecovery() && !packet.hasAck() && !opts.flags().isVolatile();
    }

    private static Packet.Event withOffset(Packet.Event packet, String offset) {
        if (offset == null || offset.isEmpty()) {
            return packet;
        }
        ArrayNode data = NODES.arrayNode(packet.data().size() + 1);
        data.addAll(packet.data());
        data.add(offset);
        return new Packet.Event(packet.namespace(), data, packet.ackId());
    }

    @Override
    public void broadcastWithAck(Packet.Event packet, BroadcastOptions opts, BroadcastAckHandler handler) {
        if (!opts.flags().local()) {
            String requestId = Trees.randomHexId();
            ackRequests.put(requestId, handler);
            ObjectNode data = NODES.objectNode();
            data.set("packet", Trees.eventPacket(packet.data()));
            data.put("requestId", requestId);
            data.set("opts", Trees.encodeOptions(opts));
            publish(MessageType.BROADCAST, data);
            // Nothing tells this node when the last remote client answered: the handler is
            // forgotten once the broadcast's timeout has passed, as the reference does.
            Timers.schedule(() -> ackRequests.remove(requestId), timeout(opts));
        }
        super.broadcastWithAck(packet, opts, handler);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            ObjectNode data = NODES.objectNode();
            data.set("opts", Trees.encodeOptions(opts));
            data.set("rooms", Trees.stringArray(rooms));
            publish(MessageType.SOCKETS_JOIN, data);
        }
        super.addSockets(opts, rooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        if (!opts.flags().local()) {
            ObjectNode data = NODES.objectNode();
            data.set("opts", Trees.encodeOptions(opts));
            data.set("rooms", Trees.stringArray(rooms));
            publish(MessageType.SOCKETS_LEAVE, data);
        }
        super.delSockets(opts, rooms);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        if (!opts.flags().local()) {
            ObjectNode data = NODES.objectNode();
            data.set("opts", Trees.encodeOptions(opts));
            data.put("close", close);
            publish(MessageType.DISCONNECT_SOCKETS, data);
        }
        super.disconnectSockets(opts, close);
    }

    @Override
    public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
        List<SocketDetails> local = localDetails(opts);
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(local);
        }
        return serverCount().thenCompose(count -> {
            if (count - 1 <= 0) {
                return CompletableFuture.completedFuture(local);
            }
            CompletableFuture<List<SocketDetails>> result = new CompletableFuture<>();
            String requestId = Trees.randomHexId();
            awaitAnswers(requestId, count - 1, timeout(opts), new PendingRequests.Outcome() {
                @Override
                public void done(List<JsonNode> items) {
                    List<SocketDetails> all = new ArrayList<>(local);
                    for (JsonNode item : items) {
                        SocketDetails details = Trees.readSocketDetails(item);
                        if (details != null) {
                            all.add(details);
                        }
                    }
                    result.complete(all);
                }

                @Override
                public void failed(Throwable error, List<JsonNode> items) {
                    result.completeExceptionally(error);
                }
            });
            ObjectNode data = NODES.objectNode();
            data.set("opts", Trees.encodeOptions(opts));
            data.put("requestId", requestId);
            publish(MessageType.FETCH_SOCKETS, data);
            return result;
        });
    }

    @Override
    public void serverSideEmit(ArrayNode packet) {
        ObjectNode data = NODES.objectNode();
        data.set("packet", packet);
        publish(MessageType.SERVER_SIDE_EMIT, data);
    }

    @Override
    public void serverSideEmitWithAck(ArrayNode packet, ResponsesCallback callback) {
        serverCount().whenComplete((count, countError) -> {
            if (countError != null) {
                callback.done(countError, List.of());
                return;
            }
            if (count - 1 <= 0) {
                callback.done(null, List.of());
                return;
            }
            String requestId = Trees.randomHexId();
            awaitAnswers(requestId, count - 1, clusterOptions.requestsTimeout(), new PendingRequests.Outcome() {
                @Override
                public void done(List<JsonNode> items) {
                    callback.done(null, items);
                }

                @Override
                public void failed(Throwable error, List<JsonNode> items) {
                    callback.done(error, items);
                }
            });
            ObjectNode data = NODES.objectNode();
            data.put("requestId", requestId);
            data.set("packet", packet);
            publish(MessageType.SERVER_SIDE_EMIT, data);
        });
    }

    /**
     * Registers a request before it is published: {@code ClusterAdapter} waits for a number of
     * answers, the heartbeat variant for the nodes it knows.
     *
     * @param requestId the request's id
     * @param expected the number of other servers ({@code serverCount() - 1})
     * @param timeout how long it waits
     * @param outcome told how it ended
     */
    void awaitAnswers(String requestId, int expected, Duration timeout, PendingRequests.Outcome outcome) {
        requests.expectCount(requestId, expected, timeout, counted(outcome));
    }

    /**
     * Counts a request in the server's stats, and its failure if it fails.
     *
     * @param outcome what the request tells
     * @return the same, counted
     */
    PendingRequests.Outcome counted(PendingRequests.Outcome outcome) {
        context.reportRequest();
        return new PendingRequests.Outcome() {
            @Override
            public void done(List<JsonNode> items) {
                outcome.done(items);
            }

            @Override
            public void failed(Throwable error, List<JsonNode> items) {
                context.reportFailure(error);
                outcome.failed(error, items);
            }
        };
    }

    /** {@return the requests of this adapter, for the heartbeat variant} */
    PendingRequests requests() {
        return requests;
    }

    private Duration timeout(BroadcastOptions opts) {
        return opts.flags().timeout() != null ? opts.flags().timeout() : clusterOptions.requestsTimeout();
    }

    // ---- incoming ----------------------------------------------------------------------------

    /**
     * Handles a message from another node (its own and other namespaces' are ignored).
     *
     * @param message the message
     * @param offset its offset in the driver's log (a stream entry id), or {@code null}
     */
    protected void onMessage(ClusterMessage message, String offset) {
        if (uid.equals(message.uid()) || !context.name().equals(message.nsp())) {
            return;
        }
        ObjectNode data = message.data() != null ? message.data() : NODES.objectNode();
        switch (message.type()) {
            case BROADCAST -> onBroadcast(message.uid(), data, offset);
            case SOCKETS_JOIN -> super.addSockets(Trees.decodeOptions(data.get("opts")),
                    Trees.stringSet(data.get("rooms")));
            case SOCKETS_LEAVE -> super.delSockets(Trees.decodeOptions(data.get("opts")),
                    Trees.stringSet(data.get("rooms")));
            case DISCONNECT_SOCKETS -> super.disconnectSockets(Trees.decodeOptions(data.get("opts")),
                    data.path("close").asBoolean(false));
            case FETCH_SOCKETS -> {
                String requestId = data.path("requestId").asText(null);
                if (requestId == null) {
                    return;
                }
                ArrayNode sockets = NODES.arrayNode();
                for (SocketDetails s : localDetails(Trees.decodeOptions(data.get("opts")))) {
                    sockets.add(Trees.socketDetails(s));
                }
                ObjectNode d = NODES.objectNode();
                d.put("requestId", requestId);
                d.set("sockets", sockets);
                publishResponse(message.uid(), MessageType.FETCH_SOCKETS_RESPONSE, d);
            }
            case SERVER_SIDE_EMIT -> onServerSideEmit(message.uid(), data);
            case FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE, BROADCAST_CLIENT_COUNT, BROADCAST_ACK ->
                    // A driver may hand answers here too, as the reference allows.
                    onResponse(message);
            default -> log.debug("[{}] ignoring a message of type {}", uid, message.type());
        }
    }

    private void onBroadcast(String sender, ObjectNode data, String offset) {
        JsonNode eventData = data.path("packet").get("data");
        if (eventData == null || !eventData.isArray()) {
            return;
        }
        BroadcastOptions opts = Trees.decodeOptions(data.get("opts"));
        Packet.Event event = new Packet.Event(context.name(), (ArrayNode) eventData, Packet.NO_ACK);
        String requestId = data.path("requestId").asText(null);
        if (requestId == null) {
            super.broadcast(takesOffset(event, opts) ? withOffset(event, offset) : event, opts);
            return;
        }
        super.broadcastWithAck(event, opts, new BroadcastAckHandler() {
            @Override
            public void clientCount(int count) {
                ObjectNode d = NODES.objectNode();
                d.put("requestId", requestId);
                d.put("clientCount", count);
                publishResponse(sender, MessageType.BROADCAST_CLIENT_COUNT, d);
            }

            @Override
            public void ack(JsonNode arg) {
                ObjectNode d = NODES.objectNode();
                d.put("requestId", requestId);
                d.set("packet", arg);
                publishResponse(sender, MessageType.BROADCAST_ACK, d);
            }
        });
    }

    private void onServerSideEmit(String sender, ObjectNode data) {
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
            publishResponse(sender, MessageType.SERVER_SIDE_EMIT_RESPONSE, d);
        });
    }

    /**
     * Handles another node's answer to a request of this node.
     *
     * @param response the answer
     */
    protected void onResponse(ClusterMessage response) {
        ObjectNode data = response.data();
        String requestId = data == null ? null : data.path("requestId").asText(null);
        if (requestId == null) {
            return;
        }
        switch (response.type()) {
            case BROADCAST_CLIENT_COUNT -> {
                BroadcastAckHandler handler = ackRequests.get(requestId);
                if (handler != null) {
                    handler.clientCount(data.path("clientCount").asInt(0));
                }
            }
            case BROADCAST_ACK -> {
                BroadcastAckHandler handler = ackRequests.get(requestId);
                if (handler != null) {
                    handler.ack(data.has("packet") ? data.get("packet") : NODES.nullNode());
                }
            }
            case FETCH_SOCKETS_RESPONSE -> {
                List<JsonNode> sockets = new ArrayList<>();
                JsonNode array = data.get("sockets");
                if (array != null && array.isArray()) {
                    array.forEach(sockets::add);
                }
                requests.onResponse(requestId, response.uid(), sockets);
            }
            case SERVER_SIDE_EMIT_RESPONSE -> requests.onResponse(requestId, response.uid(),
                    List.of(data.has("packet") ? data.get("packet") : NODES.nullNode()));
            default -> log.debug("[{}] ignoring a response of type {}", uid, response.type());
        }
    }
}
