package dev.switchboard.socketio;

/**
 * The socket disconnected while an acknowledgement was pending: the answer can no longer come.
 */
public class SocketDisconnectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message {@code "socket has been disconnected"}. */
    public SocketDisconnectedException() {
        super("socket has been disconnected", null, false, false);
    }
}
