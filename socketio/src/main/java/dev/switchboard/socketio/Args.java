package dev.switchboard.socketio;

import java.util.Arrays;
import java.util.Set;

/**
 * The arguments of an emit, where a last {@link AckCallback} asks for the acknowledgement, as a
 * last function argument does in JavaScript's {@code emit}.
 */
final class Args {

    /** Event names a server may not emit, and clients may not send. */
    static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect",
            "disconnecting", "newListener", "removeListener");

    private Args() {
    }

    /** Refuses a reserved event name. */
    static void checkReserved(String event) {
        if (RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    /** {@return the acknowledgement callback the arguments end with, or {@code null}} */
    static AckCallback ack(Object[] args) {
        return args.length > 0 && args[args.length - 1] instanceof AckCallback ack ? ack : null;
    }

    /** {@return the arguments without their acknowledgement callback} */
    static Object[] data(Object[] args) {
        return ack(args) == null ? args : Arrays.copyOf(args, args.length - 1);
    }

    /** {@return the arguments followed by an acknowledgement callback} */
    static Object[] withAck(Object[] args, AckCallback ack) {
        Object[] out = Arrays.copyOf(args, args.length + 1);
        out[args.length] = ack;
        return out;
    }
}
