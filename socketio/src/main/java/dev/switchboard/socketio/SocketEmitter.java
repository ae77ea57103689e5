package dev.switchboard.socketio;

import dev.switchboard.socketio.adapter.BroadcastFlags;
import java.util.function.UnaryOperator;

/**
 * A socket with emit modifiers ({@link Socket#timeout}, {@link Socket#volatile_},
 * {@link Socket#compress}), immutable: each modifier returns a new emitter, and the socket itself
 * keeps no flag between emits. The broadcast methods carry the modifiers over, as
 * {@code socket.volatile.broadcast.emit(...)} does in JavaScript.
 */
public final class SocketEmitter implements Emitter, BroadcastTargets, EmitModifiers<SocketEmitter> {

    private final Socket socket;
    private final BroadcastFlags flags;

    SocketEmitter(Socket socket, BroadcastFlags flags) {
        this.socket = socket;
        this.flags = flags;
    }

    @Override
    public SocketEmitter withFlags(UnaryOperator<BroadcastFlags> change) {
        return new SocketEmitter(socket, change.apply(flags));
    }

    /** {@return a broadcast to every other socket of the namespace, with these modifiers} */
    @Override
    public BroadcastOperator broadcast() {
        return socket.broadcast(flags);
    }

    /** {@return the modifiers} */
    public BroadcastFlags flags() {
        return flags;
    }

    @Override
    public void emit(String event, Object... args) {
        SocketProtocol.emit(socket, event, Args.data(args), flags, Args.ack(args));
    }

    /**
     * Emits {@code message} events.
     *
     * @param args the arguments
     * @return this
     */
    public SocketEmitter send(Object... args) {
        emit("message", args);
        return this;
    }
}
