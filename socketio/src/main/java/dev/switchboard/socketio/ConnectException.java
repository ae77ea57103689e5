package dev.switchboard.socketio;

/**
 * Refuses a connection from a namespace {@link Middleware}: the client receives a CONNECT_ERROR
 * packet {@code {"message":..., "data":...}} and its {@code connect_error} handler sees both
 * ({@code err.message}, {@code err.data}). {@code data} is mapped to JSON with the server's
 * mapper; without data the member is left out, as in the reference.
 */
public class ConnectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The extra data, serialised with the server's mapper; not part of Java serialisation. */
    private final transient Object data;

    /**
     * An error without data.
     *
     * @param message the message the client sees
     */
    public ConnectException(String message) {
        this(message, null);
    }

    /**
     * An error with data.
     *
     * @param message the message the client sees
     * @param data any value Jackson can write, or {@code null} for none
     */
    public ConnectException(String message, Object data) {
        super(message, null, false, false);
        this.data = data;
    }

    /** {@return the extra data, or {@code null}} */
    public Object data() {
        return data;
    }
}
