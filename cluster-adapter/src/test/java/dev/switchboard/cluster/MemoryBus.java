package dev.switchboard.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory driver for unit tests: one delivery thread hands every published message, in
 * publication order, to each attached adapter (the sender ignores its own), with an offset
 * {@code "<n>-0"} as a stream would number it; responses go to the requester only. Messages pass
 * through {@link ClusterMessage#toTree()} and {@link ClusterMessage#fromTree} as on a real wire.
 */
final class MemoryBus implements AutoCloseable {

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor();
    private final AtomicLong offsets = new AtomicLong(1000);
    volatile boolean down;
    /** Nodes that are counted but hear nothing (a node that stopped answering). */
    final java.util.Set<String> deaf = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A node without heartbeats: counts the attached adapters, as Redis counts subscribers. */
    final class Plain extends ClusterAdapter implements Node {
        Plain(FakeContext context, ClusterAdapterOptions options) {
            super(context, options);
            context.adapter = this;
            nodes.add(this);
        }

        @Override
        protected CompletionStage<String> doPublish(ClusterMessage message) {
            return MemoryBus.this.send(message);
        }

        @Override
        protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
            return MemoryBus.this.reply(requesterUid, response);
        }

        @Override
        public CompletionStage<Integer> serverCount() {
            return CompletableFuture.completedFuture(nodes.size());
        }

        @Override
        public void receive(ClusterMessage message, String offset) {
            onMessage(message, offset);
        }

        @Override
        public void answer(ClusterMessage response) {
            onResponse(response);
        }
    }

    /** A node of the heartbeat variant. */
    final class Beating extends ClusterAdapterWithHeartbeat implements Node {
        Beating(FakeContext context, ClusterAdapterOptions options) {
            super(context, options);
            context.adapter = this;
            nodes.add(this);
        }

        @Override
        protected CompletionStage<String> doPublish(ClusterMessage message) {
            return MemoryBus.this.send(message);
        }

        @Override
        protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
            return MemoryBus.this.reply(requesterUid, response);
        }

        @Override
        public void receive(ClusterMessage message, String offset) {
            onMessage(message, offset);
        }

        @Override
        public void answer(ClusterMessage response) {
            onResponse(response);
        }
    }

    interface Node {
        String uid();

        void receive(ClusterMessage message, String offset);

        void answer(ClusterMessage response);
    }

    /** Detaches a node as if its process died: it hears nothing and says nothing more. */
    void detach(Node node) {
        nodes.remove(node);
        dead.add(node.uid());
    }

    private final java.util.Set<String> dead = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private CompletionStage<String> send(ClusterMessage message) {
        if (down) {
            return CompletableFuture.failedFuture(new IllegalStateException("bus down"));
        }
        if (dead.contains(message.uid())) {
            return new CompletableFuture<>(); // a dead process publishes nothing
        }
        String offset = offsets.incrementAndGet() + "-0";
        ClusterMessage copy = ClusterMessage.fromTree(message.toTree().deepCopy());
        CompletableFuture<String> published = new CompletableFuture<>();
        delivery.execute(() -> {
            published.complete(offset);
            for (Node n : nodes) {
                if (!deaf.contains(n.uid())) {
                    n.receive(copy, offset);
                }
            }
        });
        return published;
    }

    private CompletionStage<Void> reply(String requesterUid, ClusterMessage response) {
        ClusterMessage copy = ClusterMessage.fromTree(response.toTree().deepCopy());
        delivery.execute(() -> {
            for (Node n : nodes) {
                if (n.uid().equals(requesterUid)) {
                    n.answer(copy);
                }
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() throws InterruptedException {
        delivery.shutdown();
        delivery.awaitTermination(5, TimeUnit.SECONDS);
    }
}
