package dev.switchboard.socketio;

/**
 * Receives the answer to an emit that asked for an acknowledgement.
 *
 * <p>For {@link Socket#emit(String, Object, AckCallback) a socket}, {@code args} holds the client's
 * answer; for a {@link BroadcastOperator#emit(String, Object, AckCallback) broadcast}, it holds the
 * responses, one per client. On failure {@code error} is an {@link AckTimeoutException} (carrying
 * the responses received so far, which {@code args} also holds) or a
 * {@link SocketDisconnectedException}, and {@code args} may be empty.
 */
@FunctionalInterface
public interface AckCallback {

    /**
     * Called once with the answer or the failure.
     *
     * @param error {@code null} on success, else why no (complete) answer came
     * @param args the answer's arguments, or the responses of a broadcast
     */
    void onAck(Throwable error, EventArgs args);
}
