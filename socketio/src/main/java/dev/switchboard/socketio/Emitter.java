package dev.switchboard.socketio;

import java.util.concurrent.CompletableFuture;

/**
 * Emits events to one client, with or without an acknowledgement. Implemented by {@link Socket},
 * by what {@link Socket#timeout}, {@link Socket#volatile_} and {@link Socket#compress} return, and
 * by what {@link RemoteSocket#timeout} returns. Every method here is written once, over
 * {@link #emit(String, Object...)}.
 *
 * <p>Arguments are mapped to JSON with the server's {@code ObjectMapper}: {@code String}, numbers,
 * booleans, {@code null}, records and POJOs, maps and collections, {@link
 * com.fasterxml.jackson.databind.JsonNode} as is; {@code byte[]} and {@link java.nio.ByteBuffer}
 * (anywhere, also inside objects) become binary attachments. Every method may be called from any
 * thread.
 */
public interface Emitter {

    /**
     * Emits an event: the operation every other method of this interface calls. A last argument
     * that is an {@link AckCallback} is not sent: it asks for an acknowledgement, as a last
     * function argument does in JavaScript.
     *
     * @param event the event name; the reserved names ({@code connect}, {@code connect_error},
     *     {@code disconnect}, {@code disconnecting}, {@code newListener}, {@code removeListener})
     *     are refused
     * @param args the arguments
     * @throws IllegalArgumentException for a reserved name
     */
    void emit(String event, Object... args);

    /**
     * Emits an event without arguments and asks for an acknowledgement.
     *
     * @param event the event name
     * @param ack called with the client's answer, or with an error (timeout, disconnection)
     */
    default void emit(String event, AckCallback ack) {
        emit(event, new Object[] {ack});
    }

    /**
     * Emits an event with one argument and asks for an acknowledgement.
     *
     * @param event the event name
     * @param arg the argument
     * @param ack called with the client's answer, or with an error (timeout, disconnection)
     */
    default void emit(String event, Object arg, AckCallback ack) {
        emit(event, new Object[] {arg, ack});
    }

    /**
     * Emits an event with two arguments and asks for an acknowledgement.
     *
     * @param event the event name
     * @param arg1 the first argument
     * @param arg2 the second argument
     * @param ack called with the client's answer, or with an error (timeout, disconnection)
     */
    default void emit(String event, Object arg1, Object arg2, AckCallback ack) {
        emit(event, new Object[] {arg1, arg2, ack});
    }

    /**
     * Emits an event with three arguments and asks for an acknowledgement.
     *
     * @param event the event name
     * @param arg1 the first argument
     * @param arg2 the second argument
     * @param arg3 the third argument
     * @param ack called with the client's answer, or with an error (timeout, disconnection)
     */
    default void emit(String event, Object arg1, Object arg2, Object arg3, AckCallback ack) {
        emit(event, new Object[] {arg1, arg2, arg3, ack});
    }

    /**
     * Emits an event and returns the acknowledgement's arguments.
     *
     * @param event the event name
     * @param args the arguments
     * @return completes with the answer, or exceptionally with {@link AckTimeoutException} /
     *     {@link SocketDisconnectedException}. It is completed on the event loop where the answer
     *     arrives (not in the handler context, so a handler on a {@code handlerExecutor} may block
     *     on it); chain blocking work with the {@code *Async} methods
     */
    default CompletableFuture<EventArgs> emitWithAck(String event, Object... args) {
        FutureAck ack = new FutureAck();
        emit(event, Args.withAck(args, ack));
        return ack.future;
    }

    /**
     * Emits an event with any number of arguments and asks for an acknowledgement: the form for
     * more than three arguments, where a lambda cannot be the last of the varargs of
     * {@link #emit(String, Object...)} without a cast.
     *
     * @param event the event name
     * @param args the arguments, in order
     * @param ack called with the client's answer, or with an error (timeout, disconnection)
     */
    default void emit(String event, Object[] args, AckCallback ack) {
        emit(event, Args.withAck(args, ack));
    }

    /**
     * Emits an event and returns the acknowledgement's first argument mapped to a type.
     *
     * @param type the type of the answer's first argument
     * @param event the event name
     * @param args the arguments
     * @param <T> the type
     * @return completes with the mapped answer, or exceptionally (timeout, disconnection, an
     *     answer that does not map)
     */
    default <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
        return emitWithAck(event, args).thenApply(a -> a.get(0, type));
    }
}
