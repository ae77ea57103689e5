package dev.switchboard.socketio;

import java.util.concurrent.CompletableFuture;

/**
 * Emits events to one client, with or without an acknowledgement. Implemented by {@link Socket},
 * by what {@link Socket#timeout}, {@link Socket#volatile_} and {@link Socket#compress} return, and
 * by what {@link RemoteSocket#timeout} returns.
 *
 * <p>Arguments are mapped to JSON with the server's {@code ObjectMapper}: {@code String}, numbers,
 * booleans, {@code null}, records and POJOs, maps and collections, {@link
 * com.fasterxml.jackson.databind.JsonNode} as is; {@code byte[]} and {@link java.nio.ByteBuffer}
 * (anywhere, also inside objects) become binary attachments. Every method may be called from any
 * thread.
 */
public interface Emitter {

    /**
     * Emits an event.
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
    void emit(String event, AckCallback ack);

    /**
     * Emits an event with one argument and asks for an acknowledgement.
     *
     * @param event the event name
     * @param arg the argument
     * @param ack called with the client's answer, or with an error (timeout, disconnection)
     */
    void emit(String event, Object arg, AckCallback ack);

    /**
     * Emits an event with two arguments and asks for an acknowledgement.
     *
     * @param event the event name
     * @param arg1 the first argument
     * @param arg2 the second argument
     * @param ack called with the client's answer, or with an error (timeout, disconnection)
     */
    void emit(String event, Object arg1, Object arg2, AckCallback ack);

    /**
     * Emits an event with three arguments and asks for an acknowledgement.
     *
     * @param event the event name
     * @param arg1 the first argument
     * @param arg2 the second argument
     * @param arg3 the third argument
     * @param ack called with the client's answer, or with an error (timeout, disconnection)
     */
    void emit(String event, Object arg1, Object arg2, Object arg3, AckCallback ack);

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
    CompletableFuture<EventArgs> emitWithAck(String event, Object... args);

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
    <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args);
}
