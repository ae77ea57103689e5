package dev.switchboard.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * A bean whose {@link OnConnect}, {@link OnEvent} and {@link OnDisconnect} methods handle one
 * namespace. A component itself, so classpath scanning finds it; annotated methods on any other
 * bean work too (in namespace {@code /} unless the method names one).
 *
 * <pre>{@code
 * @SocketIoController(namespace = "/chat")
 * class ChatHandlers {
 *     @OnEvent("chat message")
 *     void chat(Socket socket, String text) { socket.broadcast().emit("chat message", text); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
public @interface SocketIoController {

    /** {@return the namespace of the class's handler methods (default {@code /})} */
    String namespace() default "/";
}
