package dev.switchboard.socketio;

/**
 * An acknowledgement did not arrive within the {@code timeout(...)} of its emit. For a broadcast,
 * {@link #responses()} holds the responses that did arrive.
 */
public class AckTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The partial responses; not part of Java serialisation. */
    private final transient EventArgs responses;

    /**
     * Creates the exception, with the reference's message {@code "operation has timed out"}.
     *
     * @param responses what arrived before the timeout (empty for a single socket)
     */
    public AckTimeoutException(EventArgs responses) {
        super("operation has timed out", null, false, false);
        this.responses = responses;
    }

    /** {@return the responses received before the timeout} */
    public EventArgs responses() {
        return responses;
    }
}
