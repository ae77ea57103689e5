package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.internal.Values;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace's side of the adapter contract: its sockets by id, delivery grouped by event loop,
 * and its server-side listeners. The adapter never sees a {@link Socket}.
 */
final class NamespaceContext implements AdapterContext {

    private static final Logger log = LoggerFactory.getLogger(Namespace.class);

    private final Namespace nsp;

    NamespaceContext(Namespace nsp) {
        this.nsp = nsp;
    }

    @Override
    public String name() {
        return nsp.name();
    }

    @Override
    public Duration maxDisconnectionDuration() {
        ConnectionStateRecovery csr = nsp.server().options().connectionStateRecovery();
        return (csr != null ? csr : ConnectionStateRecovery.DEFAULT).maxDisconnectionDuration();
    }

    @Override
    public boolean connectionStateRecovery() {
        return nsp.server().options().connectionStateRecovery() != null;
    }

    @Override
    public List<Message> encode(Packet packet) {
        return nsp.server().options().parser().encode(packet);
    }

    @Override
    public Collection<String> socketIds() {
        return nsp.connectedIds();
    }

    @Override
    public boolean isConnected(String id) {
        return nsp.connected(id) != null;
    }

    @Override
    public long nextAckId() {
        return nsp.nextAckId();
    }

    @Override
    public void send(Collection<String> ids, Packet.Event packet, List<Message> encoded, BroadcastFlags flags) {
        deliverAll(ids, packet, encoded, flags, null);
    }

    @Override
    public void sendWithAck(Collection<String> ids, Packet.Event packet, List<Message> encoded,
            BroadcastFlags flags, Consumer<JsonNode> ack) {
        deliverAll(ids, packet, encoded, flags, Objects.requireNonNull(ack, "ack"));
    }

    @Override
    public void join(String id, Set<String> rooms) {
        Socket socket = nsp.connected(id);
        if (socket != null) {
            socket.join(rooms);
        }
    }

    @Override
    public void leave(String id, String room) {
        Socket socket = nsp.connected(id);
        if (socket != null) {
            socket.leave(room);
        }
    }

    @Override
    public void disconnect(String id, boolean close) {
        Socket socket = nsp.connected(id);
        if (socket != null) {
            socket.disconnect(close);
        }
    }

    @Override
    public SocketDetails details(String id) {
        Socket socket = nsp.connected(id);
        if (socket == null) {
            return null;
        }
        return new SocketDetails(id, socket.handshake().toJson(), List.copyOf(socket.rooms()),
                socket.data(JsonNode.class));
    }

    @Override
    public void emitServerSide(ArrayNode packet, Consumer<JsonNode> ack) {
        if (packet.isEmpty()) {
            return;
        }
        String event = packet.get(0).asText();
        EventArgs args = new EventArgs(packet, 1, nsp.server().options().objectMapper(), event);
        Ack answer = ack == null ? SocketListeners.NoAck.INSTANCE : new ServerSideAck(ack);
        nsp.server().runCallback(() -> nsp.serverSideListeners.fire(event, args, answer, log, "namespace", name()));
    }

    @Override
    public void reportRequest() {
        nsp.server().counters().adapterRequests.increment();
    }

    @Override
    public void reportFailure(Throwable error) {
        nsp.server().counters().adapterFailures.increment();
    }

    /**
     * Writes one encoded packet to many sockets: one task per event loop (or inline on the
     * caller's own loop), each task writing to its sockets in order. Given the namespace's own
     * live id set (a broadcast to every socket), it takes the namespace's groups by loop instead
     * of looking each id up.
     */
    private void deliverAll(Collection<String> ids, Packet.Event packet, List<Message> encoded,
            BroadcastFlags flags, Consumer<JsonNode> ack) {
        boolean everySocket = ids == nsp.connectedIds();
        List<ConnectedSockets.LoopGroup> groups = everySocket ? nsp.connectedByLoop()
                : ConnectedSockets.groupByLoop(connected(ids));
        if (groups.isEmpty()) {
            return;
        }
        // Once for every recipient: the compress flag does not split the shared encoding.
        List<Message> messages = SocketProtocol.withCompress(encoded, flags);
        boolean keepable = everySocket && ack == null && !flags.isVolatile();
        for (ConnectedSockets.LoopGroup g : groups) {
            if (keepable && g.loop().inEventLoop()) {
                // The namespace's own groups, shared by the broadcasts until a socket comes or goes:
                // a turn's broadcasts to them are written together (see LoopBroadcasts).
                LoopBroadcasts.keep(g.loop(), g.sockets(), packet, messages, nsp);
            } else {
                runOn(g.loop(), () -> writeAll(g.sockets(), packet, messages, flags, ack));
            }
        }
    }

    /** {@return the sockets of these ids that are connected, in the ids' order} */
    private List<Socket> connected(Collection<String> ids) {
        List<Socket> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Socket s = nsp.connected(id);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private void writeAll(Socket[] group, Packet.Event packet, List<Message> encoded,
            BroadcastFlags flags, Consumer<JsonNode> ack) {
        LoopBroadcasts.drainHere(); // the loop's kept broadcasts were emitted before this one
        int delivered = 0;
        for (Socket s : group) {
            try {
                if (SocketProtocol.deliver(s, packet, encoded, flags.isVolatile(), ack, flags.timeout())) {
                    delivered++;
                }
            } catch (RuntimeException e) {
                log.error("delivery to socket {} failed", s.id(), e);
            }
        }
        nsp.server().counters().packetsOut.add(delivered);
    }

    private static void runOn(EventExecutor loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** The answer to a server-side event: its first argument goes back to the sender. */
    private final class ServerSideAck implements Ack {
        private final Consumer<JsonNode> target;
        private boolean sent;

        ServerSideAck(Consumer<JsonNode> target) {
            this.target = target;
        }

        @Override
        public boolean requested() {
            return true;
        }

        private synchronized boolean markSent() {
            if (sent) {
                return false;
            }
            sent = true;
            return true;
        }

        @Override
        public void send(Object... args) {
            if (markSent()) {
                target.accept(args.length == 0 ? NullNode.instance
                        : Values.toNode(nsp.server().options().objectMapper(), args[0]));
            }
        }

        @Override
        public void send(EventArgs args) {
            if (markSent()) {
                JsonNode first = args.shared(0);
                target.accept(first == null ? NullNode.instance : first);
            }
        }
    }
}
