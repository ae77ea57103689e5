package dev.switchboard.engineio;

/**
 * The seven Engine.IO v4 packet types, each written on the wire as one ASCII digit.
 *
 * <p>{@link #PING} travels server to client in v4 (the client answers {@link #PONG}); the only
 * client ping the server accepts is the {@code 2probe} sent on a new WebSocket during an upgrade.
 */
public enum PacketType {
    /** Sent by the server once, with the handshake JSON. */
    OPEN('0'),
    /** Closes the transport (client to server over polling; server to client on a pending poll). */
    CLOSE('1'),
    /** Heartbeat request from the server, and the {@code probe} of an upgrade from the client. */
    PING('2'),
    /** Heartbeat answer from the client, and {@code 3probe} from the server during an upgrade. */
    PONG('3'),
    /** Application data: text, or binary. */
    MESSAGE('4'),
    /** Sent by the client on the new transport to complete an upgrade. */
    UPGRADE('5'),
    /** Sent by the server to release a pending poll during an upgrade or before a close. */
    NOOP('6');

    private static final PacketType[] BY_DIGIT = values();

    private final char code;

    PacketType(char code) {
        this.code = code;
    }

    /** {@return the digit that stands for this type on the wire} */
    public char code() {
        return code;
    }

    /**
     * The type written as {@code c}, or {@code null} when {@code c} is not one of the seven digits.
     *
     * @param c the first character of a text packet
     * @return the packet type, or {@code null}
     */
    public static PacketType fromCode(char c) {
        int i = c - '0';
        return i >= 0 && i < BY_DIGIT.length ? BY_DIGIT[i] : null;
    }
}
