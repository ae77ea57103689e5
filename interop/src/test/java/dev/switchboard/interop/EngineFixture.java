package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An Engine.IO server on a loopback port that sends every message back as it was received (unless
 * created with {@code "echo": false}), and records what happened to each session so a suite can
 * check the server's side of the story: close reasons, upgrades, heartbeats, message counts.
 */
final class EngineFixture extends EngineSessionsFixture<EngineFixture.EchoSession> {

    /** Names in the creation body that belong to the fixture rather than to the server options. */
    static final Set<String> FIXTURE_NAMES = Set.of("echo");

    private final EngineIoServer engine;
    private final boolean echo;

    private EngineFixture(String id, EngineIoServer engine, boolean echo, Binding binding) {
        super(id, engine);
        this.engine = engine;
        this.echo = echo;
        listen(binding.serve(() -> engine));
    }

    /**
     * Starts a fixture from the body of {@code POST /engineio}.
     *
     * @param id the id to give it
     * @param body the engine.io options plus {@code echo} (default true)
     * @param binding the HTTP binding to serve it over
     * @return the listening fixture
     */
    static EngineFixture start(String id, JsonNode body, Binding binding) {
        EngineIoOptions options = EngineOptionsJson.parse(body, FIXTURE_NAMES);
        JsonNode echo = body == null ? null : body.get("echo");
        if (echo != null && !echo.isBoolean()) {
            throw new ControlException(400, "echo must be a boolean, got " + echo);
        }
        return new EngineFixture(id, EngineIoServer.create(options), echo == null || echo.booleanValue(),
                binding);
    }

    @Override
    protected EchoSession track(EngineSocket socket) {
        EchoSession s = new EchoSession(socket);
        socket.onMessage(message -> {
            s.messages++;
            if (echo) {
                socket.send(message);
            }
        });
        socket.onHeartbeat(() -> s.heartbeats++);
        return s;
    }

    @Override
    public ObjectNode describe() {
        return JSON.objectNode()
                .put("id", id())
                .put("kind", "engineio")
                .put("port", port())
                .put("binding", binding())
                .put("path", engine.options().path());
    }

    @Override
    public int send(String sid, JsonNode body) {
        EngineSocket socket = openSocket(sid);
        List<Packet.Message> messages = new ArrayList<>();
        if (body.has("messages")) {
            for (JsonNode m : body.get("messages")) {
                messages.add(message(m));
            }
        } else {
            messages.add(message(body));
        }
        if (messages.size() == 1) {
            socket.send(messages.get(0));
        } else {
            socket.send(messages);
        }
        return messages.size();
    }

    /** A session's record plus the messages and heartbeats an echo server counts. */
    static final class EchoSession extends EngineSessionsFixture.Session {
        volatile int messages;
        volatile int heartbeats;

        EchoSession(EngineSocket socket) {
            super(socket);
        }

        @Override
        ObjectNode toJson() {
            return super.toJson().put("messages", messages).put("heartbeats", heartbeats);
        }
    }
}
