package dev.switchboard.socketio;

import dev.switchboard.socketio.adapter.BroadcastFlags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The broadcast API, written once for the server ({@code io}, its main namespace), a
 * {@link Namespace} and a {@link BroadcastOperator}: the modifiers of {@link BroadcastTargets} and
 * {@link EmitModifiers}, then an operation on the targeted sockets. Every method here works on
 * {@link #broadcast()}; a new modifier or operation is one default method.
 *
 * <pre>{@code
 * io.to("room1").to("room2").except("room3").emit("news", item);
 * io.timeout(Duration.ofSeconds(5)).emit("poll", (err, responses) -> ...);
 * io.of("/admin").in("ops").disconnectSockets();
 * }</pre>
 *
 * <p>The target is the union of the rooms (every socket of the namespace when none) minus the
 * sockets in any excluded room. The packet is encoded once for every recipient.
 */
public interface Broadcasts extends BroadcastTargets, EmitModifiers<BroadcastOperator> {

    @Override
    default BroadcastOperator withFlags(UnaryOperator<BroadcastFlags> change) {
        return broadcast().changeFlags(change);
    }

    /**
     * Emits an event to the target. A last argument that is an {@link AckCallback} collects the
     * acknowledgements, as {@link #emit(String, Object, AckCallback)} does.
     *
     * @param event the event name (reserved names refused)
     * @param args the arguments, mapped as {@link Socket#emit(String, Object...)} maps them
     * @throws IllegalArgumentException for a reserved name
     */
    default void emit(String event, Object... args) {
        broadcast().emitToTarget(event, args);
    }

    /**
     * Emits an event without arguments and collects every client's acknowledgement.
     *
     * @param event the event name
     * @param ack called once: with the responses (one per client, each its first answer
     *     argument) when all answered, or with an {@link AckTimeoutException} and the responses so
     *     far after the {@link #timeout}
     * @throws IllegalStateException without {@link #timeout}
     */
    default void emit(String event, AckCallback ack) {
        broadcast().emitWithCallback(event, new Object[0], ack);
    }

    /**
     * Emits an event with one argument and collects every client's acknowledgement.
     *
     * @param event the event name
     * @param arg the argument
     * @param ack called once with the responses or the timeout
     * @throws IllegalStateException without {@link #timeout}
     */
    default void emit(String event, Object arg, AckCallback ack) {
        broadcast().emitWithCallback(event, new Object[] {arg}, ack);
    }

    /**
     * Emits an event with two arguments and collects every client's acknowledgement.
     *
     * @param event the event name
     * @param arg1 the first argument
     * @param arg2 the second argument
     * @param ack called once with the responses or the timeout
     * @throws IllegalStateException without {@link #timeout}
     */
    default void emit(String event, Object arg1, Object arg2, AckCallback ack) {
        broadcast().emitWithCallback(event, new Object[] {arg1, arg2}, ack);
    }

    /**
     * Emits an event with three arguments and collects every client's acknowledgement.
     *
     * @param event the event name
     * @param arg1 the first argument
     * @param arg2 the second argument
     * @param arg3 the third argument
     * @param ack called once with the responses or the timeout
     * @throws IllegalStateException without {@link #timeout}
     */
    default void emit(String event, Object arg1, Object arg2, Object arg3, AckCallback ack) {
        broadcast().emitWithCallback(event, new Object[] {arg1, arg2, arg3}, ack);
    }

    /**
     * Emits an event with any number of arguments to the target and collects the
     * acknowledgements: the form for more than three arguments.
     *
     * @param event the event name
     * @param args the arguments, in order
     * @param ack called once with the responses or the timeout
     * @throws IllegalStateException without {@link #timeout}
     */
    default void emit(String event, Object[] args, AckCallback ack) {
        broadcast().emitWithCallback(event, args.clone(), ack);
    }

    /**
     * Emits an event and returns every client's acknowledgement.
     *
     * @param event the event name
     * @param args the arguments
     * @return the responses, one per client; exceptionally an {@link AckTimeoutException} whose
     *     {@link AckTimeoutException#responses()} holds those that came
     * @throws IllegalStateException without {@link #timeout}
     */
    default CompletableFuture<EventArgs> emitWithAck(String event, Object... args) {
        FutureAck ack = new FutureAck();
        broadcast().emitWithCallback(event, args, ack);
        return ack.future;
    }

    /**
     * Emits an event and returns every client's acknowledgement mapped to a type.
     *
     * @param type the type of each response
     * @param event the event name
     * @param args the arguments
     * @param <T> the type
     * @return the mapped responses, one per client; exceptionally on timeout or a response that
     *     does not map
     * @throws IllegalStateException without {@link #timeout}
     */
    default <T> CompletableFuture<List<T>> emitWithAck(Class<T> type, String event, Object... args) {
        return emitWithAck(event, args).thenApply(responses -> {
            List<T> list = new ArrayList<>(responses.size());
            for (int i = 0; i < responses.size(); i++) {
                list.add(responses.get(i, type));
            }
            return list;
        });
    }

    /** {@return the targeted sockets, across the cluster: this server's as themselves, others' as proxies} */
    default CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return broadcast().fetchTargets();
    }

    /**
     * Makes the targeted sockets join rooms.
     *
     * @param rooms the rooms
     */
    default void socketsJoin(String... rooms) {
        BroadcastOperator op = broadcast();
        op.namespace().adapter().addSockets(op.options(), new LinkedHashSet<>(Arrays.asList(rooms)));
    }

    /**
     * Makes the targeted sockets leave rooms.
     *
     * @param rooms the rooms
     */
    default void socketsLeave(String... rooms) {
        BroadcastOperator op = broadcast();
        op.namespace().adapter().delSockets(op.options(), new LinkedHashSet<>(Arrays.asList(rooms)));
    }

    /**
     * Disconnects the targeted sockets.
     *
     * @param close whether to close their whole connections
     */
    default void disconnectSockets(boolean close) {
        BroadcastOperator op = broadcast();
        op.namespace().adapter().disconnectSockets(op.options(), close);
    }

    /** Disconnects the targeted sockets, keeping their connections: {@code disconnectSockets(false)}. */
    default void disconnectSockets() {
        disconnectSockets(false);
    }
}
