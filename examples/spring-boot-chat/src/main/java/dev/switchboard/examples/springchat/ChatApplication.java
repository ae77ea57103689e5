package dev.switchboard.examples.springchat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The chat of {@code examples/chat} as a Spring Boot application: the Socket.IO handlers are
 * annotated methods of {@link ChatHandlers}, {@link OnlineController} answers {@code GET /api/online}
 * beside them, and Actuator's {@code /actuator/health} shows the {@code switchboard} component, all
 * on one port ({@code PORT}, default 3000).
 */
@SpringBootApplication
public class ChatApplication {

    /** Created by Spring. */
    public ChatApplication() {
    }

    /**
     * Starts the chat.
     *
     * @param args Spring Boot's arguments (e.g. {@code --server.port=8080})
     */
    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
