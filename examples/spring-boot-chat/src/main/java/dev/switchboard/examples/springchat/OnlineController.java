package dev.switchboard.examples.springchat;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** REST beside Socket.IO, on the same port: who is in the chat now. */
@RestController
public class OnlineController {

    private final ChatHandlers chat;

    /**
     * A controller over the chat's handlers.
     *
     * @param chat the handlers, which know the users
     */
    public OnlineController(ChatHandlers chat) {
        this.chat = chat;
    }

    /**
     * The users online, sorted by name: {@code [{"id":"...","name":"Ada"}, ...]}.
     *
     * @return the users, once every server of the cluster answered
     */
    @GetMapping("/api/online")
    public CompletableFuture<List<ChatHandlers.User>> online() {
        return chat.online().thenApply(users -> users.stream()
                .sorted(Comparator.comparing(ChatHandlers.User::name)).toList());
    }
}
