package dev.switchboard.adminui;

import dev.switchboard.cluster.ClusterAdapter;
import dev.switchboard.cluster.ClusterAdapterOptions;
import dev.switchboard.cluster.ClusterMessage;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.AdapterFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Servers of one cluster in one JVM: socket.io-adapter's cluster protocol ({@link ClusterAdapter},
 * the one the Redis Streams and Postgres adapters speak) over an in-memory bus. One delivery thread
 * hands every message, copied through its wire tree, to each adapter in publication order; answers
 * go to the requester only. A namespace's server count is the number of adapters of that name.
 */
final class MemoryCluster implements AutoCloseable {

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memory-cluster");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong offsets = new AtomicLong();

    /** {@return the adapter factory of one more server of the cluster} */
    AdapterFactory server() {
        return Node::new;
    }

    private static ClusterMessage copy(ClusterMessage message) {
        return ClusterMessage.fromTree(message.toTree().deepCopy());
    }

    /** One namespace's adapter on one server. */
    private final class Node extends ClusterAdapter {
        private final String nsp;

        Node(AdapterContext context) {
            super(context, ClusterAdapterOptions.DEFAULT.withRequestsTimeout(Duration.ofSeconds(3)));
            this.nsp = context.name();
            nodes.add(this);
        }

        @Override
        protected CompletionStage<String> doPublish(ClusterMessage message) {
            String offset = offsets.incrementAndGet() + "-0";
            ClusterMessage sent = copy(message);
            delivery.execute(() -> nodes.forEach(n -> n.onMessage(sent, offset)));
            return CompletableFuture.completedFuture(offset);
        }

        @Override
        protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
            ClusterMessage sent = copy(response);
            delivery.execute(() -> nodes.stream().filter(n -> n.uid().equals(requesterUid)).forEach(n -> n.onResponse(sent)));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Integer> serverCount() {
            return CompletableFuture.completedFuture((int) nodes.stream().filter(n -> n.nsp.equals(nsp)).count());
        }

        @Override
        public CompletionStage<Void> close() {
            nodes.remove(this);
            return super.close();
        }
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }
}
