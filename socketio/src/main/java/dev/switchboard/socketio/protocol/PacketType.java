package dev.switchboard.socketio.protocol;

/** The Socket.IO v5 packet types, each one digit on the wire. */
public enum PacketType {
    /** 0: join a namespace, or the server's acceptance. */
    CONNECT,
    /** 1: leave a namespace. */
    DISCONNECT,
    /** 2: an event. */
    EVENT,
    /** 3: an acknowledgement. */
    ACK,
    /** 4: the server refusing a CONNECT. */
    CONNECT_ERROR,
    /** 5: an event with binary attachments. */
    BINARY_EVENT,
    /** 6: an acknowledgement with binary attachments. */
    BINARY_ACK;

    private static final PacketType[] VALUES = values();

    /** {@return the digit of this type} */
    public char code() {
        return (char) ('0' + ordinal());
    }

    /**
     * The type written as {@code c}, or {@code null}.
     *
     * @param c a character
     * @return the type, or {@code null} when {@code c} is not 0 to 6
     */
    public static PacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < VALUES.length ? VALUES[i] : null;
    }
}
