package dev.switchboard.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.ClusterAdapterWithHeartbeat;
import dev.switchboard.cluster.ClusterMessage;
import dev.switchboard.cluster.MessageType;
import dev.switchboard.cluster.internal.Json;
import dev.switchboard.cluster.internal.Trees;
import dev.switchboard.msgpack.Notepack;
import dev.switchboard.postgres.internal.PgLink;
import dev.switchboard.socketio.adapter.AdapterContext;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter of one namespace on PostgreSQL, wire-compatible with
 * {@code @socket.io/postgres-adapter} 0.5: socket.io-adapter's cluster messages (heartbeat
 * variant, since {@code LISTEN} cannot count listeners) sent with {@code pg_notify} on
 * {@code <prefix>#<namespace>}, as JSON. A message with binary data, or whose JSON reaches
 * {@link PostgresAdapterOptions#payloadThreshold()} bytes, is stored as MessagePack in the
 * attachments table and the notification carries {@code {uid, type, attachmentId}}; receivers
 * read it from there. Answers go on the same channel. Connection state recovery across servers is
 * not supported (as in the reference): broadcasts get no offset. Created by
 * {@link PostgresAdapterFactory}.
 */
public class PostgresAdapter extends ClusterAdapterWithHeartbeat {

    private static final Logger log = LoggerFactory.getLogger(PostgresAdapter.class);

    private final PgLink link;
    private final PostgresAdapterOptions options;
    private final String channel;
    private final Runnable onClose;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    PostgresAdapter(AdapterContext context, PgLink link, PostgresAdapterOptions options, Runnable onClose) {
        super(context, options.cluster());
        this.link = link;
        this.options = options;
        this.channel = options.channelOf(context.name());
        this.onClose = onClose;
    }

    /** {@return the namespace's channel} */
    public String channel() {
        return channel;
    }

    /**
     * Completes when the namespace's channel is listened to and this node announced itself.
     *
     * @return the future
     */
    public CompletableFuture<Void> ready() {
        return ready.copy();
    }

    /** Listens to the namespace's channel, then announces this node. */
    @Override
    public CompletionStage<Void> init() {
        link.listen(channel).thenCompose(v -> super.init()).whenComplete((v, e) -> {
            if (e != null) {
                ready.completeExceptionally(e);
            } else {
                ready.complete(null);
            }
        });
        return ready.copy();
    }

    /** Says goodbye, then stops listening. */
    @Override
    public CompletionStage<Void> close() {
        CompletionStage<Void> closed = super.close();
        onClose.run();
        return closed;
    }

    @Override
    protected CompletionStage<String> doPublish(ClusterMessage message) {
        return publish(message).thenApply(v -> "");
    }

    @Override
    protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
        return publish(response);
    }

    /** The types whose binary data travels as an attachment (the reference leaves out fetched sockets). */
    private static boolean attachesBinary(MessageType type) {
        return type == MessageType.BROADCAST || type == MessageType.BROADCAST_ACK
                || type == MessageType.SERVER_SIDE_EMIT || type == MessageType.SERVER_SIDE_EMIT_RESPONSE;
    }

    private CompletableFuture<Void> publish(ClusterMessage message) {
        ObjectNode tree = message.toTree();
        if (attachesBinary(message.type()) && Trees.hasBinary(message.data())) {
            return withAttachment(message, tree);
        }
        byte[] json = Json.write(tree);
        if (json.length >= options.payloadThreshold()) {
            return withAttachment(message, tree);
        }
        return link.notify(channel, new String(json, StandardCharsets.UTF_8));
    }

    private CompletableFuture<Void> withAttachment(ClusterMessage message, ObjectNode tree) {
        return link.notifyWithAttachment(Notepack.V3.encode(tree), channel, id -> {
            ObjectNode header = JsonNodeFactory.instance.objectNode();
            header.put("uid", message.uid());
            header.put("type", message.type().code());
            header.put("attachmentId", Long.toString(id)); // as pg hands a bigserial to JavaScript
            return header.toString();
        });
    }

    /**
     * A notification of the namespace's channel, on the listener thread.
     *
     * @param payload its payload
     */
    void onNotification(String payload) {
        try {
            JsonNode tree = Json.read(payload.getBytes(StandardCharsets.UTF_8));
            if (uid().equals(tree.path("uid").asText(null))) {
                return; // our own, attachment or not
            }
            JsonNode attachment = tree.get("attachmentId");
            if (attachment != null && !attachment.isNull()) {
                byte[] stored = link.attachment(attachment.asLong());
                if (stored == null) {
                    log.debug("attachment {} is gone", attachment.asText());
                    return;
                }
                tree = Notepack.V3.decode(stored);
            }
            onMessage(ClusterMessage.fromTree(tree), null);
        } catch (SQLException | RuntimeException e) {
            log.debug("dropping a notification of {}", channel, e);
        }
    }

    @Override
    public String toString() {
        return "PostgresAdapter[" + context.name() + ", channel=" + channel + ", uid=" + uid() + "]";
    }
}
