package dev.switchboard.socketio;

import dev.switchboard.socketio.adapter.BroadcastFlags;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The modifiers of an emit, for a broadcast ({@link BroadcastOperator}, on a namespace or the
 * server) and for one socket ({@link SocketEmitter}, on a socket). Each returns a new object and
 * leaves this one as it was: a modifier never sticks to a socket or a namespace. Written once:
 * a new modifier is one default method here over {@link #withFlags}.
 *
 * @param <M> what a modifier returns
 */
public interface EmitModifiers<M> {

    /**
     * The same target with changed flags: the operation every modifier calls.
     *
     * @param change makes the new flags from the current ones
     * @return a new operator or emitter
     */
    M withFlags(UnaryOperator<BroadcastFlags> change);

    /**
     * Allows or forbids compression.
     *
     * @param compress whether the packet may be compressed (default true)
     * @return a new operator or emitter
     */
    default M compress(boolean compress) {
        return withFlags(f -> f.withCompress(compress));
    }

    /**
     * Skips clients whose transport cannot take the packet at once ({@code volatile} in
     * JavaScript): for data that is useless when late.
     *
     * @return a new operator or emitter
     */
    default M volatile_() {
        return withFlags(BroadcastFlags::withVolatile);
    }

    /**
     * Awaits acknowledgements at most {@code timeout}: after it they fail with
     * {@link AckTimeoutException}. A broadcast that asks for acknowledgements requires it.
     *
     * @param timeout how long to wait for answers
     * @return a new operator or emitter
     * @throws IllegalArgumentException for a negative timeout
     */
    default M timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return withFlags(f -> f.withTimeout(timeout));
    }
}
