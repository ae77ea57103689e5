package dev.switchboard.adminui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin UI's live feeds in development mode: each socket that connects, upgrades or
 * disconnects, each room joined or left, each event received or sent, in every namespace, sent
 * to the admin namespace as the reference sends them ({@code socket_connected},
 * {@code socket_updated}, {@code socket_disconnected}, {@code room_joined}, {@code room_left},
 * {@code event_received}, {@code event_sent}). The admin namespace's emits go through its adapter,
 * so in a cluster a UI connected to one server sees what happens on all of them.
 */
public final class Feeds {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Namespace admin;
    /** The namespaces watched so far: one may be both listed and announced as new. */
    private final Set<Namespace> watched = ConcurrentHashMap.newKeySet();

    /**
     * Feeds for one admin namespace.
     *
     * @param admin where the feeds go
     */
    public Feeds(Namespace admin) {
        this.admin = admin;
    }

    /**
     * Starts reporting what happens in a namespace; a namespace already watched is left as it is.
     *
     * @param nsp the namespace
     */
    public void watch(Namespace nsp) {
        if (!watched.add(nsp)) {
            return;
        }
        String name = nsp.name();
        nsp.onConnection(socket -> onConnection(nsp, socket));
        nsp.adapter().onJoinRoom((room, id) -> admin.emit("room_joined", name, room, id, SocketJson.now()));
        nsp.adapter().onLeaveRoom((room, id) -> admin.emit("room_left", name, room, id, SocketJson.now()));
    }

    private void onConnection(Namespace nsp, Socket socket) {
        String name = nsp.name();
        String id = socket.id();
        admin.emit("socket_connected", SocketJson.of(socket, name), SocketJson.now());
        socket.conn().onUpgrade(transport -> {
            ObjectNode update = JSON.objectNode()
                    .put("id", id)
                    .put("nsp", name)
                    .put("transport", transport.wireName());
            admin.emit("socket_updated", update);
        });
        if (nsp != admin) {
            // The admin namespace's own traffic is left out: reporting it would feed itself.
            socket.onAny((event, args) -> admin.emit("event_received", name, id, eventArgs(event, args), SocketJson.now()));
            socket.onAnyOutgoing((event, args) -> admin.emit("event_sent", name, id, eventArgs(event, args), SocketJson.now()));
        }
        socket.onDisconnect((reason, description) ->
                admin.emit("socket_disconnected", name, id, reason.text(), SocketJson.now()));
    }

    /** {@return {@code [event, ...args]}, as the UI reads an event} */
    private static ArrayNode eventArgs(String event, EventArgs args) {
        ArrayNode out = JSON.arrayNode(args.size() + 1);
        out.add(event);
        for (JsonNode arg : args) {
            out.add(arg);
        }
        return out;
    }
}
