package dev.switchboard.cluster;

/**
 * The types of socket.io-adapter's cluster messages ({@code MessageType}), with their numbers on
 * the wire.
 */
public enum MessageType {
    /** A node that starts asks the others to make themselves known (heartbeat variant). */
    INITIAL_HEARTBEAT(1),
    /** A node is alive (heartbeat variant). */
    HEARTBEAT(2),
    /** Deliver an event to the targeted sockets; with a request id, count and collect acks. */
    BROADCAST(3),
    /** Make the targeted sockets join rooms. */
    SOCKETS_JOIN(4),
    /** Make the targeted sockets leave rooms. */
    SOCKETS_LEAVE(5),
    /** Disconnect the targeted sockets. */
    DISCONNECT_SOCKETS(6),
    /** Describe the targeted sockets. */
    FETCH_SOCKETS(7),
    /** The answer to {@link #FETCH_SOCKETS}. */
    FETCH_SOCKETS_RESPONSE(8),
    /** An event for the other servers' server-side listeners; with a request id, answered. */
    SERVER_SIDE_EMIT(9),
    /** One server's answer to {@link #SERVER_SIDE_EMIT}. */
    SERVER_SIDE_EMIT_RESPONSE(10),
    /** How many clients one server sent a broadcast with acknowledgement to. */
    BROADCAST_CLIENT_COUNT(11),
    /** One client's acknowledgement of a broadcast. */
    BROADCAST_ACK(12),
    /** A node leaves the cluster (heartbeat variant). */
    ADAPTER_CLOSE(13);

    private static final MessageType[] BY_CODE = values();

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** {@return the number on the wire} */
    public int code() {
        return code;
    }

    /**
     * The type of a wire number.
     *
     * @param code the number
     * @return the type, or {@code null} for a number this version does not know
     */
    public static MessageType of(int code) {
        return code >= 1 && code <= BY_CODE.length ? BY_CODE[code - 1] : null;
    }

    /**
     * Whether this type's data may hold binary, so that a driver may have to encode it as
     * MessagePack: broadcasts, their acks, fetched sockets, server-side events and their answers.
     *
     * @return whether it may
     */
    public boolean mayContainBinary() {
        return this == BROADCAST || this == BROADCAST_ACK || this == FETCH_SOCKETS_RESPONSE
                || this == SERVER_SIDE_EMIT || this == SERVER_SIDE_EMIT_RESPONSE;
    }

    /** {@return whether this is an answer to another node's request ({@code ClusterResponse})} */
    public boolean isResponse() {
        return this == FETCH_SOCKETS_RESPONSE || this == SERVER_SIDE_EMIT_RESPONSE
                || this == BROADCAST_CLIENT_COUNT || this == BROADCAST_ACK;
    }
}
