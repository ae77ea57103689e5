package dev.switchboard.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method called for each socket that joins the namespace (socket.io's
 * {@code io.of(ns).on("connection", ...)}, netty-socketio's {@code @OnConnect}). Its parameters may
 * be the {@link dev.switchboard.socketio.Socket}, the {@link java.security.Principal} that
 * authenticated the handshake (or {@code null}) and the {@link dev.switchboard.socketio.Handshake}.
 *
 * <pre>{@code
 * @OnConnect
 * void welcome(Socket socket) {
 *     socket.emit("welcome", "Hello " + socket.id());
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnConnect {

    /** {@return the namespace; empty for the class's {@link SocketIoController#namespace()}, else {@code /}} */
    String namespace() default "";
}
