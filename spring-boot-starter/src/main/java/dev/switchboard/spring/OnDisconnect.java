package dev.switchboard.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method called when a socket leaves the namespace (socket.io's
 * {@code socket.on("disconnect", ...)}, netty-socketio's {@code @OnDisconnect}). Its parameters may
 * be the {@link dev.switchboard.socketio.Socket}, the {@link java.security.Principal} that
 * authenticated the handshake (or {@code null}), the {@link dev.switchboard.socketio.DisconnectReason}
 * and a {@code String}: the reason's description (or {@code null}).
 *
 * <pre>{@code
 * @OnDisconnect
 * void left(Socket socket, DisconnectReason reason) {
 *     log.info("{} left: {}", socket.id(), reason.text());
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnDisconnect {

    /** {@return the namespace; empty for the class's {@link SocketIoController#namespace()}, else {@code /}} */
    String namespace() default "";
}
