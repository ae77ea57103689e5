package dev.switchboard.msgpack.internal;

import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A JavaScript {@code Date} whose time is out of range (an "Invalid Date"), as notepack reads one
 * from an out-of-range timestamp: {@code null} to everything else, as {@code JSON.stringify}
 * writes it, while the codec writes it back as notepack writes an invalid date.
 */
public final class InvalidDateNode extends NullNode {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final InvalidDateNode INSTANCE = new InvalidDateNode();

    private InvalidDateNode() {
    }
}
