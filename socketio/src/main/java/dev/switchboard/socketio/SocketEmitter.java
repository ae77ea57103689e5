package dev.switchboard.socketio;

import dev.switchboard.socketio.adapter.BroadcastFlags;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * A socket with emit modifiers ({@link Socket#timeout}, {@link Socket#volatile_},
 * {@link Socket#compress}), immutable: each modifier returns a new emitter, and the socket itself
 * keeps no flag between emits. The broadcast methods carry the modifiers over, as
 * {@code socket.volatile.broadcast.emit(...)} does in JavaScript.
 */
public final class SocketEmitter implements Emitter {

    private final Socket socket;
    private final BroadcastFlags flags;

    SocketEmitter(Socket socket, BroadcastFlags flags) {
        this.socket = socket;
        this.flags = flags;
    }

    /**
     * Acknowledgements time out after {@code timeout}.
     *
     * @param timeout how long to wait for an answer
     * @return a new emitter
     */
    public SocketEmitter timeout(Duration timeout) {
        return new SocketEmitter(socket, flags.withTimeout(timeout));
    }

    /** Packets are dropped when the transport cannot take them at once. */
    public SocketEmitter volatile_() {
        return new SocketEmitter(socket, flags.withVolatile());
    }

    /**
     * Packets may or may not be compressed.
     *
     * @param compress whether to allow compression
     * @return a new emitter
     */
    public SocketEmitter compress(boolean compress) {
        return new SocketEmitter(socket, flags.withCompress(compress));
    }

    /** A broadcast to every other socket of the namespace, with these modifiers. */
    public BroadcastOperator broadcast() {
        return socket.broadcast(flags);
    }

    /**
     * A broadcast to rooms, without this socket, with these modifiers.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator to(String... rooms) {
        return broadcast().to(rooms);
    }

    /**
     * A broadcast to rooms, without this socket, with these modifiers.
     *
     * @param rooms the rooms
     * @return the operator
     */
    public BroadcastOperator to(Collection<String> rooms) {
        return broadcast().to(rooms);
    }

    /**
     * A broadcast to every other socket except those in the rooms, with these modifiers.
     *
     * @param rooms the rooms to leave out
     * @return the operator
     */
    public BroadcastOperator except(String... rooms) {
        return broadcast().except(rooms);
    }

    /** The modifiers. */
    public BroadcastFlags flags() {
        return flags;
    }

    @Override
    public void emit(String event, Object... args) {
        socket.emit(event, args, flags, null);
    }

    @Override
    public void emit(String event, AckCallback ack) {
        socket.emit(event, new Object[0], flags, ack);
    }

    @Override
    public void emit(String event, Object arg, AckCallback ack) {
        socket.emit(event, new Object[] {arg}, flags, ack);
    }

    @Override
    public void emit(String event, Object arg1, Object arg2, AckCallback ack) {
        socket.emit(event, new Object[] {arg1, arg2}, flags, ack);
    }

    @Override
    public void emit(String event, Object arg1, Object arg2, Object arg3, AckCallback ack) {
        socket.emit(event, new Object[] {arg1, arg2, arg3}, flags, ack);
    }

    @Override
    public CompletableFuture<EventArgs> emitWithAck(String event, Object... args) {
        return socket.emitWithAck(event, args, flags);
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
        return socket.emitWithAck(event, args, flags).thenApply(a -> a.get(0, type));
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
