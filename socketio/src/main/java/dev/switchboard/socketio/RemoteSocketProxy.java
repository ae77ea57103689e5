package dev.switchboard.socketio;

import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.SocketDetails;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/** A socket of another server, reached through the adapter (a broadcast to its id room). */
final class RemoteSocketProxy implements RemoteSocket {

    private final Namespace nsp;
    private final SocketDetails details;
    private final Handshake handshake;
    private final Set<String> rooms;

    RemoteSocketProxy(Namespace nsp, SocketDetails details) {
        this.nsp = nsp;
        this.details = details;
        this.handshake = Handshake.fromJson(details.handshake());
        this.rooms = Set.copyOf(new LinkedHashSet<>(details.rooms()));
    }

    private BroadcastOperator operator() {
        return new BroadcastOperator(nsp, Set.of(details.id()), Set.of(), BroadcastFlags.DEFAULT, true);
    }

    @Override
    public String id() {
        return details.id();
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Set<String> rooms() {
        return rooms;
    }

    @Override
    public <T> T data(Class<T> type) {
        if (details.data() == null || details.data().isNull()) {
            return null;
        }
        return EventArgs.of(nsp.server().options().objectMapper().createArrayNode().add(details.data()),
                nsp.server().options().objectMapper()).get(0, type);
    }

    @Override
    public void emit(String event, Object... args) {
        operator().emit(event, args);
    }

    @Override
    public Emitter timeout(Duration timeout) {
        return operator().timeout(timeout).singleSocketEmitter();
    }

    @Override
    public void join(String... rooms) {
        operator().socketsJoin(rooms);
    }

    @Override
    public void leave(String room) {
        operator().socketsLeave(room);
    }

    @Override
    public void disconnect(boolean close) {
        operator().disconnectSockets(close);
    }

    @Override
    public String toString() {
        return "RemoteSocket[" + details.id() + " in " + nsp.name() + "]";
    }
}
