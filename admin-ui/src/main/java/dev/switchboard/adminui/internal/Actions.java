package dev.switchboard.adminui.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.socketio.Broadcasts;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin UI may do, when not read-only: the reference's features and the events that
 * carry them. Each targets the sockets of a namespace, or those in one room of it (the UI names a
 * socket by its id, which is also its own room), through the namespace's adapter, so in a cluster
 * they reach the sockets of every server:
 * <ul>
 * <li>{@code emit(nsp, filter, event, ...args)}: emits to them;
 * <li>{@code join(nsp, room, filter)}, {@code leave(nsp, room, filter)}: makes them join or leave a room;
 * <li>{@code _disconnect(nsp, close, filter)}: disconnects them, closing their connection when
 *     {@code close} is true.
 * </ul>
 */
public final class Actions {

    private static final Logger log = LoggerFactory.getLogger(Actions.class);

    /** The features the UI is told of when actions are allowed; the M... ones are the bulk forms. */
    public static final List<String> FEATURES =
            List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT");

    private Actions() {
    }

    /**
     * Listens for the UI's actions on one admin socket.
     *
     * @param io the server whose namespaces are acted on
     * @param socket the admin socket
     */
    public static void register(SocketIoServer io, Socket socket) {
        socket.on("emit", (args, ack) -> run("emit", args, () -> {
            Object[] rest = new Object[Math.max(0, args.size() - 3)];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = args.get(i + 3);
            }
            targets(io, text(args, 0), text(args, 1)).emit(required(args, 2), rest);
        }));
        socket.on("join", (args, ack) -> run("join", args,
                () -> targets(io, text(args, 0), text(args, 2)).socketsJoin(required(args, 1))));
        socket.on("leave", (args, ack) -> run("leave", args,
                () -> targets(io, text(args, 0), text(args, 2)).socketsLeave(required(args, 1))));
        socket.on("_disconnect", (args, ack) -> run("_disconnect", args,
                () -> targets(io, text(args, 0), text(args, 2)).disconnectSockets(args.get(1).asBoolean(false))));
    }

    private static Broadcasts targets(SocketIoServer io, String nsp, String filter) {
        if (nsp == null) {
            throw new IllegalArgumentException("no namespace");
        }
        // As the reference does, the namespace is made if this server has none of that name: its
        // sockets may all be on other servers of the cluster.
        Namespace namespace = io.of(nsp);
        return filter == null || filter.isEmpty() ? namespace : namespace.in(filter);
    }

    private static void run(String action, EventArgs args, Runnable body) {
        try {
            log.debug("admin UI action {} {}", action, args);
            body.run();
        } catch (RuntimeException e) {
            // A malformed action from the UI must not reach the socket's error handling.
            log.warn("admin UI action {} {} failed: {}", action, args, e.toString());
        }
    }

    private static String text(EventArgs args, int index) {
        if (index >= args.size()) {
            return null;
        }
        JsonNode node = args.get(index);
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private static String required(EventArgs args, int index) {
        String value = text(args, index);
        if (value == null) {
            throw new IllegalArgumentException("argument " + index + " missing");
        }
        return value;
    }
}
