package dev.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.socketio.adapter.Adapter;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.SocketDetails;
import dev.switchboard.socketio.protocol.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The namespace's side of the adapter contract for unit tests: sockets are ids, and what the
 * adapter makes the namespace do is recorded as lines ({@code "send s1 [\"hi\"]"},
 * {@code "disconnect s1 true"}, {@code "server-side [\"ping\"]"}). A socket answers a broadcast
 * with acknowledgement with its own id; a server-side listener answers {@code "pong-<node>"}.
 */
final class FakeContext implements AdapterContext {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String node;
    final boolean recovery;
    final Set<String> sockets = ConcurrentHashMap.newKeySet();
    final BlockingQueue<String> log = new LinkedBlockingQueue<>();
    private final AtomicLong ackIds = new AtomicLong();
    Adapter adapter;

    FakeContext(String node, boolean recovery) {
        this.node = node;
        this.recovery = recovery;
    }

    /** Connects a socket: it joins its own room and the given ones. */
    void connect(String id, String... rooms) {
        sockets.add(id);
        Set<String> all = new java.util.LinkedHashSet<>();
        all.add(id);
        all.addAll(List.of(rooms));
        adapter.addAll(id, all);
    }

    @Override
    public String name() {
        return "/";
    }

    @Override
    public Duration maxDisconnectionDuration() {
        return Duration.ofMinutes(2);
    }

    @Override
    public boolean connectionStateRecovery() {
        return recovery;
    }

    @Override
    public List<Message> encode(Packet packet) {
        return List.of();
    }

    @Override
    public Collection<String> socketIds() {
        return sockets;
    }

    @Override
    public boolean isConnected(String id) {
        return sockets.contains(id);
    }

    @Override
    public long nextAckId() {
        return ackIds.getAndIncrement();
    }

    @Override
    public void send(Collection<String> ids, Packet.Event packet, List<Message> encoded, BroadcastFlags flags) {
        for (String id : sorted(ids)) {
            log.add("send " + id + " " + packet.data());
        }
    }

    @Override
    public void sendWithAck(Collection<String> ids, Packet.Event packet, List<Message> encoded, BroadcastFlags flags,
            Consumer<JsonNode> ack) {
        for (String id : sorted(ids)) {
            log.add("send-with-ack " + id + " " + packet.data());
            ack.accept(NODES.textNode(id));
        }
    }

    private static List<String> sorted(Collection<String> ids) {
        List<String> out = new ArrayList<>(ids);
        out.sort(null);
        return out;
    }

    @Override
    public void join(String id, Set<String> rooms) {
        if (sockets.contains(id)) {
            adapter.addAll(id, rooms);
        }
    }

    @Override
    public void leave(String id, String room) {
        adapter.del(id, room);
    }

    @Override
    public void disconnect(String id, boolean close) {
        log.add("disconnect " + id + " " + close);
        sockets.remove(id);
        adapter.delAll(id);
    }

    @Override
    public SocketDetails details(String id) {
        if (!sockets.contains(id)) {
            return null;
        }
        return new SocketDetails(id, NODES.objectNode().put("url", "/" + node), List.copyOf(adapter.socketRooms(id)),
                NODES.objectNode().put("node", node));
    }

    @Override
    public void emitServerSide(ArrayNode packet, Consumer<JsonNode> ack) {
        log.add("server-side " + packet);
        if (ack != null) {
            ack.accept(NODES.textNode("pong-" + node));
        }
    }
}
