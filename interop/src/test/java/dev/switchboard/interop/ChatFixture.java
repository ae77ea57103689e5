package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.examples.chat.ChatServer;
import dev.switchboard.socketio.SocketIoServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat example itself ({@link ChatServer}, its page and the client bundle) on a free loopback
 * port, for the browser suite: created by {@code POST /chat} with an empty body, it is set up
 * exactly as {@code java -jar switchboard-chat.jar} sets it up, only the port differs.
 *
 * <p>The common routes report the app's Engine.IO sessions (how each opened, upgraded and
 * ended, seen through a listener of the fixture's own beside the app's; see
 * {@link EngineSessionsFixture}); a session can be closed
 * from the server side. Sending raw messages is refused: the chat is driven through its pages.
 */
final class ChatFixture extends EngineSessionsFixture<EngineSessionsFixture.Session> {

    private final SocketIoServer io;

    private ChatFixture(String id, SocketIoServer io) {
        super(id, io.engine());
        this.io = io;
        listen(Binding.serve(ChatServer.http(io)));
    }

    /**
     * Starts the chat from the body of {@code POST /chat}.
     *
     * @param id the id to give it
     * @param body must be empty: the app has no options to test
     * @return the listening fixture
     * @throws ControlException 400 when the body has any field
     */
    static ChatFixture start(String id, JsonNode body) {
        if (body != null && body.size() > 0) {
            List<String> names = new ArrayList<>();
            body.fieldNames().forEachRemaining(names::add);
            throw new ControlException(400, "the chat fixture takes no options, got " + names);
        }
        return new ChatFixture(id, ChatServer.createServer());
    }

    @Override
    protected Session track(EngineSocket socket) {
        return new Session(socket);
    }

    @Override
    public ObjectNode describe() {
        return JSON.objectNode()
                .put("id", id())
                .put("kind", "chat")
                .put("port", port())
                .put("binding", binding())
                .put("path", io.options().path());
    }

    @Override
    public int send(String sid, JsonNode body) {
        throw new ControlException(400, "the chat fixture is the real app: drive it through its pages, not raw messages");
    }
}
