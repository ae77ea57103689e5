package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.adminui.AdminUi;
import dev.switchboard.adminui.AdminUiOptions;
import dev.switchboard.adminui.BasicAuth;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A Socket.IO server instrumented for the admin UI ({@link AdminUi}, user {@code admin}), which
 * also serves the admin UI's own page: the {@code ui/dist} folder of the npm package
 * {@code @socket.io/admin-ui}, installed under {@code interop/node_modules}, as static files on the
 * same origin. Created by {@code POST /admin} with {@code {"password": "..."}}.
 *
 * <p>Its application is the smallest that has rooms: a socket of the main namespace joins the
 * room it names in a {@code join} event. {@code GET /servers/{id}/sockets} answers the main
 * namespace's sockets and their rooms as the server has them: {@code {"<id>": ["room", ...]}}.
 */
final class AdminUiFixture extends EngineSessionsFixture<EngineSessionsFixture.Session> {

    private final SocketIoServer io;
    private final AdminUi admin;

    private AdminUiFixture(String id, SocketIoServer io, AdminUi admin, Path ui) {
        super(id, io.engine());
        this.io = io;
        this.admin = admin;
        listen(Binding.serve(NettyServer.create(io).staticFiles(ui)));
    }

    /**
     * Starts the server from the body of {@code POST /admin}.
     *
     * @param id the id to give it
     * @param body {@code {"password": "..."}}
     * @return the listening fixture
     * @throws ControlException 400 without a password, 500 when the admin UI package is not installed
     */
    static AdminUiFixture start(String id, JsonNode body) {
        String password = body == null ? null : body.path("password").asText(null);
        if (password == null) {
            throw new ControlException(400, "the admin fixture needs {\"password\": \"...\"}");
        }
        Path ui = Paths.get(System.getProperty("interop.dir", "."), "node_modules", "@socket.io", "admin-ui", "ui", "dist");
        if (!Files.isRegularFile(ui.resolve("index.html"))) {
            throw new ControlException(500, "the admin UI page is not installed: " + ui + " (npm ci in interop/)");
        }
        SocketIoServer io = SocketIoServer.builder().build();
        io.onConnection(socket -> socket.on("join", String.class, socket::join));
        AdminUi admin = AdminUi.instrument(io, AdminUiOptions.builder()
                .auth(BasicAuth.ofPassword("admin", password))
                .serverId("switchboard-interop")
                .build());
        return new AdminUiFixture(id, io, admin, ui);
    }

    @Override
    protected Session track(EngineSocket socket) {
        return new Session(socket);
    }

    @Override
    public ObjectNode describe() {
        return JSON.objectNode()
                .put("id", id())
                .put("kind", "admin")
                .put("port", port())
                .put("binding", binding())
                .put("path", io.options().path());
    }

    @Override
    public int send(String sid, JsonNode body) {
        throw new ControlException(400, "the admin fixture is driven by Socket.IO clients and the admin UI, not raw messages");
    }

    @Override
    public JsonNode action(String method, String name, JsonNode body) {
        if (method.equals("GET") && name.equals("sockets")) {
            ObjectNode out = JSON.objectNode();
            for (Socket socket : io.sockets().sockets().values()) {
                ArrayNode rooms = out.putArray(socket.id());
                socket.rooms().forEach(rooms::add);
            }
            return out;
        }
        return super.action(method, name, body);
    }

    @Override
    public ObjectNode shutdown() throws InterruptedException {
        admin.close();
        return super.shutdown();
    }
}
