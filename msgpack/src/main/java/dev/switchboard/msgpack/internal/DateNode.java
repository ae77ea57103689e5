package dev.switchboard.msgpack.internal;

import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A JavaScript {@code Date} read from MessagePack: to everything else it is the string
 * {@code JSON.stringify} writes for the date ({@code "2024-01-31T12:00:00.000Z"}, what a JSON
 * client would have sent), while the codec writes it back as the date it was.
 */
public final class DateNode extends TextNode {
    private static final long serialVersionUID = 1L;

    private final long millis;

    /**
     * A valid date.
     *
     * @param millis the time value, within 8.64e15 ms of the epoch
     */
    public DateNode(long millis) {
        super(Js.isoString(millis));
        this.millis = millis;
    }

    /** {@return the time value, in ms since the epoch} */
    public long millis() {
        return millis;
    }
}
