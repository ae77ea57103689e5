package dev.switchboard.spring;

import dev.switchboard.socketio.SocketIoServer;

/**
 * A bean that sets handlers and middlewares on the auto-configured server, once, before it serves:
 * the place for plain socket.io code.
 *
 * <pre>{@code
 * @Bean
 * SocketIoConfigurer chat() {
 *     return io -> io.on("connection", socket ->
 *             socket.on("chat message", String.class, msg -> io.emit("chat message", msg)));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketIoConfigurer {

    /**
     * Sets handlers on the server.
     *
     * @param io the server
     */
    void configure(SocketIoServer io);
}
