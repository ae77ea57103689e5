package dev.switchboard.socketio;

import dev.switchboard.socketio.adapter.Adapter;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.protocol.Packet;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dynamic namespace ({@code io.of(Pattern)}, {@code io.of(matcher)}): a template for the
 * namespaces it accepts. A CONNECT to an unknown namespace that it matches creates a child
 * {@link Namespace} that copies the middlewares and {@code connection} listeners this parent has
 * at that moment. Broadcasts from the parent reach every child.
 *
 * <p>Its own name is internal ({@code /_0}, {@code /_1}, ...); no client connects to it.
 */
public final class ParentNamespace extends Namespace {

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final Set<Namespace> children = ConcurrentHashMap.newKeySet();

    ParentNamespace(SocketIoServer server) {
        super(server, "/_" + COUNT.getAndIncrement(), null);
    }

    @Override
    Adapter createAdapter(AdapterContext context) {
        return new ParentBroadcastAdapter(context, this);
    }

    /** {@return the children created so far (and not cleaned up), a live unmodifiable view} */
    public Set<Namespace> children() {
        return Collections.unmodifiableSet(children);
    }

    /**
     * Creates a child; the caller holds the server's namespace lock.
     *
     * @return the child
     */
    Namespace createChild(String name) {
        Namespace child = new Namespace(server(), name, this);
        child.copySetupFrom(this);
        children.add(child);
        return child;
    }

    /** A child lost its last socket and cleanupEmptyChildNamespaces is on. */
    void childEmptied(Namespace child) {
        if (server().removeEmptyChild(child, this)) {
            children.remove(child);
            try {
                child.adapter().close();
            } catch (RuntimeException e) {
                // Closing is best effort; the namespace is gone either way.
            }
        }
    }

    /**
     * Not supported: a parent has no sockets of its own; ask its children.
     *
     * @return never
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        throw new UnsupportedOperationException("fetchSockets() is not supported on parent namespaces");
    }

    /** Hands a parent's broadcasts to every child's adapter. */
    private static final class ParentBroadcastAdapter extends InMemoryAdapter {
        private final ParentNamespace parent;

        ParentBroadcastAdapter(AdapterContext context, ParentNamespace parent) {
            super(context);
            this.parent = parent;
        }

        @Override
        public void broadcast(Packet.Event packet, BroadcastOptions opts) {
            for (Namespace child : parent.children) {
                child.adapter().broadcast(new Packet.Event(child.name(), packet.data(), packet.ackId()), opts);
            }
        }
    }
}
