package dev.switchboard.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.ClusterAdapter;
import dev.switchboard.cluster.ClusterMessage;
import dev.switchboard.cluster.MessageType;
import dev.switchboard.cluster.internal.Json;
import dev.switchboard.cluster.internal.Trees;
import dev.switchboard.msgpack.Notepack;
import dev.switchboard.redis.internal.StreamsLink;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.PersistedSession;
import dev.switchboard.socketio.adapter.RestoredSession;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter of one namespace on Redis Streams, wire-compatible with
 * {@code @socket.io/redis-streams-adapter} 0.3: socket.io-adapter's cluster messages, the lasting
 * ones (broadcasts without acknowledgement, joins, leaves, disconnections) appended to a stream
 * that every node reads from where it left off, the ephemeral ones (requests and their answers)
 * over Pub/Sub. Created by {@link RedisStreamsAdapterFactory}.
 *
 * <p>Stream entries are {@code uid, nsp, type, data}, the type as text and the data as JSON, or
 * as base64 MessagePack when it holds binary. Pub/Sub messages are the whole message as
 * MessagePack, on {@code <prefix>#<nsp>#} and, for answers, {@code <prefix>#<nsp>#<uid>#}. The
 * number of servers is the number of subscribers of the first.
 *
 * <p>With connection state recovery on, a broadcast's offset is its entry id; a socket that
 * disconnects leaves its session under {@code <sessionKeyPrefix><pid>} for the recovery window,
 * and any node restores it, replaying the stream's broadcasts since the client's offset.
 */
public class RedisStreamsAdapter extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamsAdapter.class);
    private static final Pattern OFFSET = Pattern.compile("^[0-9]+-[0-9]+$");
    private static final int RESTORE_MAX_XRANGE_CALLS = 100;

    private final StreamsLink link;
    private final RedisStreamsAdapterOptions options;
    private final String stream;
    private final String publicChannel;
    private final String privateChannel;
    private final CompletableFuture<Void> reading;
    private final Runnable onClose;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    RedisStreamsAdapter(AdapterContext context, StreamsLink link, RedisStreamsAdapterOptions options,
            CompletableFuture<Void> reading, Runnable onClose) {
        super(context, options.cluster());
        this.link = link;
        this.options = options;
        this.stream = options.streamOf(context.name());
        this.publicChannel = options.channelPrefix() + "#" + context.name() + "#";
        this.privateChannel = publicChannel + uid() + "#";
        this.reading = reading;
        this.onClose = onClose;
    }

    /** {@return the stream this namespace's messages go to} */
    public String stream() {
        return stream;
    }

    /**
     * Completes when the namespace's channels are subscribed and its stream is being read (after
     * {@link #init()}, which the namespace calls when it is created).
     *
     * @return the future
     */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    /** Subscribes the namespace's channels. */
    @Override
    public CompletionStage<Void> init() {
        link.subscribe(List.of(publicChannel, privateChannel), this::onPubSubMessage)
                .thenCombine(reading, (a, b) -> (Void) null)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        ready.completeExceptionally(e);
                    } else {
                        ready.complete(null);
                    }
                });
        return ready.copy();
    }

    /** Unsubscribes and fails the requests still waiting. */
    @Override
    public CompletionStage<Void> close() {
        onClose.run();
        return super.close().thenCompose(v -> link.unsubscribe(List.of(publicChannel, privateChannel)))
                .exceptionally(e -> null);
    }

    /** {@return the subscribers of the namespace's channel: every node of the cluster} */
    @Override
    public CompletionStage<Integer> serverCount() {
        return link.numsub(publicChannel).thenApply(n -> (int) Math.max(1, n));
    }

    // ---- the driver --------------------------------------------------------------------------

    @Override
    protected CompletionStage<String> doPublish(ClusterMessage message) {
        if (isEphemeral(message)) {
            return link.publish(publicChannel, Notepack.V3.encode(message.toTree())).thenApply(v -> "");
        }
        return link.xadd(stream, encodeEntry(message, options.onlyPlaintext()), options.maxLen());
    }

    @Override
    protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
        return link.publish(options.channelPrefix() + "#" + context.name() + "#" + requesterUid + "#",
                Notepack.V3.encode(response.toTree()));
    }

    /** Requests and broadcasts with acknowledgement live only as long as their answers: Pub/Sub. */
    private static boolean isEphemeral(ClusterMessage message) {
        return switch (message.type()) {
            case BROADCAST -> message.data() != null && message.data().has("requestId");
            case SERVER_SIDE_EMIT, FETCH_SOCKETS -> true;
            default -> false;
        };
    }

    /**
     * A message as stream entry fields: {@code uid, nsp, type} and, when it has data,
     * {@code data} as JSON or, when it holds binary, base64 MessagePack.
     *
     * @param message the message
     * @param onlyPlaintext whether to skip the binary check
     * @return the fields, in the reference's order
     */
    static Map<String, String> encodeEntry(ClusterMessage message, boolean onlyPlaintext) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("uid", message.uid());
        fields.put("nsp", message.nsp());
        fields.put("type", Integer.toString(message.type().code()));
        if (message.data() != null) {
            fields.put("data", !onlyPlaintext && message.hasBinary()
                    ? Base64.getEncoder().encodeToString(Notepack.V3.encode(message.data()))
                    : new String(Json.write(message.data()), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /**
     * Reads stream entry fields back into a message.
     *
     * @param fields the fields
     * @return the message
     * @throws IllegalArgumentException when they are not one
     */
    static ClusterMessage decodeEntry(Map<String, String> fields) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("uid", fields.get("uid"));
        tree.put("nsp", fields.get("nsp"));
        tree.put("type", fields.get("type"));
        String data = fields.get("data");
        if (data != null && !data.isEmpty()) {
            tree.set("data", data.startsWith("{") ? Json.read(data.getBytes(StandardCharsets.UTF_8))
                    : Notepack.V3.decode(Base64.getDecoder().decode(data)));
        }
        return ClusterMessage.fromTree(tree);
    }

    /**
     * An entry of this namespace's stream, from the factory's reader.
     *
     * @param id the entry's id, the broadcast's offset
     * @param fields its fields
     */
    void onStreamEntry(String id, Map<String, String> fields) {
        ClusterMessage message;
        try {
            message = decodeEntry(fields);
        } catch (RuntimeException e) {
            log.debug("invalid stream entry {}", id, e);
            return;
        }
        onMessage(message, id);
    }

    private void onPubSubMessage(byte[] payload) {
        ClusterMessage message;
        try {
            message = ClusterMessage.fromTree(Notepack.V3.decode(payload));
        } catch (RuntimeException e) {
            log.debug("invalid Pub/Sub message", e);
            return;
        }
        onMessage(message, null);
    }

    // ---- connection state recovery -----------------------------------------------------------

    /** Keeps the session in Redis for the recovery window, where any node can take it. */
    @Override
    public void persistSession(PersistedSession session) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("sid", session.sid());
        tree.put("pid", session.pid());
        tree.set("rooms", Trees.stringArray(session.rooms()));
        tree.set("data", session.data() == null ? NullNode.instance : Json.mapper().valueToTree(session.data()));
        String encoded = Base64.getEncoder().encodeToString(Notepack.V3.encode(tree));
        link.set(options.sessionKeyPrefix() + session.pid(), encoded, context.maxDisconnectionDuration())
                .exceptionally(e -> {
                    log.debug("could not persist session {}", session.sid(), e);
                    return null;
                });
    }

    /**
     * Takes the session from Redis (once) and replays the stream's broadcasts after the client's
     * offset that were meant for its rooms; {@code null} when the session or the offset is gone.
     */
    @Override
    public CompletionStage<RestoredSession> restoreSession(String pid, String offset) {
        if (offset == null || !OFFSET.matcher(offset).matches()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<String> raw = link.getdel(options.sessionKeyPrefix() + pid);
        CompletableFuture<List<StreamMessage<String, byte[]>>> at = link.xrange(stream, offset, offset);
        return raw.thenCombine(at, (encoded, entries) -> encoded == null || entries.isEmpty() ? null : encoded)
                .thenCompose(encoded -> {
                    if (encoded == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    JsonNode session = Notepack.V3.decode(Base64.getDecoder().decode(encoded));
                    List<String> rooms = new ArrayList<>(Trees.stringSet(session.get("rooms")));
                    List<ArrayNode> missed = new ArrayList<>();
                    return collectMissed(offset, rooms, missed, 0).thenApply(v -> new RestoredSession(
                            session.path("sid").asText(), session.path("pid").asText(pid), rooms,
                            dataOf(session.get("data")), missed));
                });
    }

    private static Object dataOf(JsonNode data) {
        return data == null || data.isNull() ? null : data;
    }

    private CompletableFuture<Void> collectMissed(String offset, List<String> rooms, List<ArrayNode> missed, int calls) {
        if (calls >= RESTORE_MAX_XRANGE_CALLS) {
            return CompletableFuture.completedFuture(null);
        }
        return link.xrange(stream, nextOffset(offset), null).thenCompose(entries -> {
            if (entries.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            String last = offset;
            for (StreamMessage<String, byte[]> entry : entries) {
                last = entry.getId();
                Map<String, String> fields = StreamsLink.text(entry.getBody());
                if (!context.name().equals(fields.get("nsp")) || !"3".equals(fields.get("type"))) {
                    continue;
                }
                try {
                    ObjectNode data = decodeEntry(fields).data();
                    JsonNode packetData = data == null ? null : data.path("packet").get("data");
                    if (packetData instanceof ArrayNode array
                            && shouldInclude(rooms, Trees.decodeOptions(data.get("opts")))) {
                        ArrayNode withOffset = array.deepCopy();
                        withOffset.add(entry.getId());
                        missed.add(withOffset);
                    }
                } catch (RuntimeException e) {
                    log.debug("skipping stream entry {} while restoring a session", entry.getId(), e);
                }
            }
            return collectMissed(last, rooms, missed, calls + 1);
        });
    }

    /** {@return the id right after an entry's (exclusive ranges need Redis 6.2)} */
    static String nextOffset(String offset) {
        int dash = offset.indexOf('-');
        return offset.substring(0, dash) + "-" + (Long.parseLong(offset.substring(dash + 1)) + 1);
    }

    private static boolean shouldInclude(List<String> sessionRooms, BroadcastOptions opts) {
        boolean included = opts.rooms().isEmpty();
        for (String room : sessionRooms) {
            if (opts.except().contains(room)) {
                return false;
            }
            included |= opts.rooms().contains(room);
        }
        return included;
    }

    @Override
    public String toString() {
        return "RedisStreamsAdapter[" + context.name() + ", stream=" + stream + ", uid=" + uid() + "]";
    }
}
