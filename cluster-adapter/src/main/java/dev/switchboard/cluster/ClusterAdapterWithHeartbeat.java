package dev.switchboard.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.internal.PendingRequests;
import dev.switchboard.cluster.internal.Timers;
import dev.switchboard.socketio.adapter.AdapterContext;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * socket.io-adapter's {@code ClusterAdapterWithHeartbeat}: a {@link ClusterAdapter} for transports
 * that cannot count their subscribers (Postgres {@code LISTEN}), so the nodes count each other.
 * A node says {@link MessageType#INITIAL_HEARTBEAT} when it starts (the others answer with a
 * {@link MessageType#HEARTBEAT}), a heartbeat whenever it has published nothing for
 * {@link ClusterAdapterOptions#heartbeatInterval()}, and {@link MessageType#ADAPTER_CLOSE} when it
 * leaves; a node silent for {@link ClusterAdapterOptions#heartbeatTimeout()} is forgotten. The
 * server count is this node plus the nodes heard from, and a request waits for an answer from
 * each node it knew when it asked (one that leaves meanwhile no longer counts).
 */
public abstract class ClusterAdapterWithHeartbeat extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClusterAdapterWithHeartbeat.class);

    /** Node uid to when it was last heard from ({@link System#nanoTime()}). */
    private final Map<String, Long> nodes = new ConcurrentHashMap<>();
    private volatile long lastPublish = System.nanoTime();
    private volatile boolean closed;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> sweep;

    /**
     * Creates the adapter of a namespace.
     *
     * @param context the namespace's side of the contract
     * @param options the protocol's timing
     */
    protected ClusterAdapterWithHeartbeat(AdapterContext context, ClusterAdapterOptions options) {
        super(context, options);
    }

    /** Announces this node and starts the heartbeat and the sweep of silent nodes. */
    @Override
    public CompletionStage<Void> init() {
        publish(MessageType.INITIAL_HEARTBEAT, null);
        synchronized (this) {
            if (!closed) {
                heartbeat = Timers.schedule(this::beat, clusterOptions().heartbeatInterval());
                sweep = Timers.every(this::sweep, Duration.ofSeconds(1));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Says goodbye and stops the timers. */
    @Override
    public CompletionStage<Void> close() {
        publish(MessageType.ADAPTER_CLOSE, null);
        synchronized (this) {
            closed = true;
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            if (sweep != null) {
                sweep.cancel(false);
            }
        }
        return super.close();
    }

    /** Publishes a heartbeat when nothing else was published for an interval, and re-arms. */
    private void beat() {
        long interval = clusterOptions().heartbeatInterval().toNanos();
        long idle = System.nanoTime() - lastPublish;
        if (idle >= interval) {
            publish(MessageType.HEARTBEAT, null);
            idle = 0;
        }
        synchronized (this) {
            if (!closed) {
                heartbeat = Timers.schedule(this::beat, Duration.ofNanos(interval - idle));
            }
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        long timeout = clusterOptions().heartbeatTimeout().toNanos();
        for (Map.Entry<String, Long> e : nodes.entrySet()) {
            if (now - e.getValue() > timeout) {
                log.debug("[{}] node {} seems down", uid(), e.getKey());
                removeNode(e.getKey());
            }
        }
    }

    private void removeNode(String nodeUid) {
        nodes.remove(nodeUid);
        requests().removeNode(nodeUid);
    }

    /** Every publication counts as a heartbeat. */
    @Override
    protected CompletionStage<String> publishAndReturnOffset(MessageType type, ObjectNode data) {
        lastPublish = System.nanoTime();
        return super.publishAndReturnOffset(type, data);
    }

    @Override
    protected void onMessage(ClusterMessage message, String offset) {
        if (uid().equals(message.uid())) {
            return;
        }
        if (!EMITTER_UID.equals(message.uid())) {
            nodes.put(message.uid(), System.nanoTime());
        }
        switch (message.type()) {
            case INITIAL_HEARTBEAT -> publish(MessageType.HEARTBEAT, null);
            case HEARTBEAT -> { }
            case ADAPTER_CLOSE -> removeNode(message.uid());
            default -> super.onMessage(message, offset);
        }
    }

    /** {@return this node and every node heard from within the heartbeat timeout} */
    @Override
    public CompletionStage<Integer> serverCount() {
        return CompletableFuture.completedFuture(1 + nodes.size());
    }

    /** {@return the nodes heard from, for tests and monitoring} */
    public Set<String> knownNodes() {
        return Set.copyOf(nodes.keySet());
    }

    @Override
    void awaitAnswers(String requestId, int expected, Duration timeout, PendingRequests.Outcome outcome) {
        requests().expectNodes(requestId, Set.copyOf(nodes.keySet()), timeout, counted(outcome));
    }
}
