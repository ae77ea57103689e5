package dev.switchboard.socketio;

/**
 * A namespace middleware ({@code io.use}, {@code namespace.use}): runs for each CONNECT, in
 * registration order, before the socket joins the namespace. The socket is not connected yet
 * ({@link Socket#connected()} is false, it is not in {@link Namespace#sockets()}) but may already
 * {@link Socket#join join} rooms and carry {@link Socket#data(Object) data}.
 *
 * <pre>{@code
 * io.use((socket, next) -> {
 *     String token = socket.handshake().auth().path("token").asText(null);
 *     if (token == null) {
 *         next.error(new ConnectException("not authorized", Map.of("code", 401)));
 *     } else {
 *         next.next();
 *     }
 * });
 * }</pre>
 *
 * A middleware that throws is treated as {@code next.error(thrown)}.
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Checks a connecting socket.
     *
     * @param socket the socket
     * @param next how to go on
     */
    void handle(Socket socket, Next next);
}
