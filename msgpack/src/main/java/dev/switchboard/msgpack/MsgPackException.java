package dev.switchboard.msgpack;

/**
 * Bytes that are not one MessagePack value as the codec reads it: truncated data, an unknown
 * format byte, trailing bytes, nesting past {@link Notepack#MAX_DEPTH}, or a map key a
 * JavaScript object could not take as it is.
 */
public final class MsgPackException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Where in the input the problem was found, counted from 0. */
    private final int offset;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     * @param offset where in the input it was found
     */
    public MsgPackException(String message, int offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** {@return where in the input the problem was found, counted from 0} */
    public int offset() {
        return offset;
    }
}
