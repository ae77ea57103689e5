package dev.switchboard.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles one event from clients (socket.io's
 * {@code socket.on("chat message", ...)}, netty-socketio's {@code @OnEvent}).
 *
 * <p>Parameters are resolved by type: the {@link dev.switchboard.socketio.Socket}, the
 * {@link dev.switchboard.socketio.Ack} (to answer a client that asked for an acknowledgement), the
 * whole {@link dev.switchboard.socketio.EventArgs}, the {@link java.security.Principal} that
 * authenticated the handshake (or {@code null}); every other parameter is a payload, the event's
 * arguments in order, read by Jackson into the parameter's declared type ({@code String}, a record,
 * {@code List<Item>}, {@code JsonNode}, {@code byte[]}); a missing argument is {@code null}.
 *
 * <p>A method that returns a value answers the acknowledgement with it when the client asked for
 * one (a {@link java.util.concurrent.CompletionStage} answers when it completes); a method that
 * takes the {@code Ack} answers it itself.
 *
 * <pre>{@code
 * @OnEvent("chat message")
 * void chat(Socket socket, String text) {
 *     io.emit("chat message", text);
 * }
 *
 * @OnEvent("join room")
 * Result join(Socket socket, String room) {      // the client's ack receives the Result
 *     socket.join(room);
 *     return new Result(true);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnEvent {

    /** {@return the event name} */
    String value();

    /** {@return the namespace; empty for the class's {@link SocketIoController#namespace()}, else {@code /}} */
    String namespace() default "";
}
