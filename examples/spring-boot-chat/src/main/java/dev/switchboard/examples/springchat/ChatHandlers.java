package dev.switchboard.examples.springchat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.Handshake;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.spring.OnConnect;
import dev.switchboard.spring.OnDisconnect;
import dev.switchboard.spring.OnEvent;
import dev.switchboard.spring.SocketIoController;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat's Socket.IO handlers, the same protocol as {@code examples/chat}'s {@code ChatServer},
 * written as annotated methods: a greeting and the online list on connect, {@code chat message}
 * to everyone, names ({@code set name}), rooms ({@code join room}, {@code room message},
 * {@code leave room}), and who is online: the whole list to a newcomer ({@code online}), then
 * each change to everyone ({@code presence}, the shape the page reads). {@code examples/chat}
 * batches those changes, one frame per user per 200 ms however many people come and go, which is
 * what a chat of thousands needs; this one sends one per change, to keep the annotated handlers
 * the point of the example.
 */
@SocketIoController
public class ChatHandlers {

    private static final Logger log = LoggerFactory.getLogger(ChatHandlers.class);
    private static final int MAX_TEXT = 2000;
    private static final int MAX_NAME = 32;

    /** What a client's name looks like in {@code socket.data}. */
    public record Profile(String name) {
    }

    /** A chat line as clients receive it. */
    public record Message(String room, String from, String text, long at) {
    }

    /** A user in the online list. */
    public record User(String id, String name) {
    }

    /**
     * A change of who is online, as the page reads it ({@code presence}).
     *
     * @param joined who connected
     * @param renamed who took another name
     * @param left the ids of those who disconnected
     */
    public record Presence(List<User> joined, List<User> renamed, List<String> left) {
    }

    /** A system notice, optionally about one room. */
    public record Notice(String room, String text) {
    }

    /** What a client asks to say in a room. */
    public record RoomMessage(String room, String text) {
    }

    /** The answer to {@code set name} and {@code join room}. */
    public record Result(boolean ok) {
    }

    private final SocketIoServer io;

    /**
     * Handlers for a server.
     *
     * @param io the auto-configured server
     */
    public ChatHandlers(SocketIoServer io) {
        this.io = io;
    }

    /**
     * Greets a newcomer, names it (the name it had, from the handshake's auth, else a guest name),
     * sends it who is online and tells the others it joined.
     *
     * @param socket the newcomer
     * @param handshake its handshake
     */
    @OnConnect
    public void connected(Socket socket, Handshake handshake) {
        JsonNode claimed = handshake.auth().get("name");
        String given = clean(claimed != null && claimed.isTextual() ? claimed.textValue() : null, MAX_NAME);
        String name = given != null ? given : "guest-" + socket.id().substring(0, 4);
        socket.data(new Profile(name));
        socket.emit("welcome", "Hello, you are connected! You are " + name + ".");
        online().thenAccept(users -> socket.emit("online", users));
        socket.broadcast().emit("presence", new Presence(List.of(new User(socket.id(), name)), List.of(), List.of()));
    }

    /**
     * A line for everyone.
     *
     * @param socket the sender
     * @param text the line
     */
    @OnEvent("chat message")
    public void chatMessage(Socket socket, String text) {
        String clean = clean(text, MAX_TEXT);
        if (clean != null) {
            io.emit("chat message", new Message("", name(socket), clean, System.currentTimeMillis()));
        }
    }

    /**
     * Renames the sender.
     *
     * @param socket the sender
     * @param requested the new name
     * @return whether the name was taken
     */
    @OnEvent("set name")
    public Result setName(Socket socket, String requested) {
        String name = clean(requested, MAX_NAME);
        if (name == null) {
            return new Result(false);
        }
        String before = name(socket);
        if (!name.equals(before)) {
            socket.data(new Profile(name));
            io.emit("notice", new Notice("", before + " is now " + name));
            io.emit("presence", new Presence(List.of(), List.of(new User(socket.id(), name)), List.of()));
        }
        return new Result(true);
    }

    /**
     * Joins a room.
     *
     * @param socket the sender
     * @param requested the room
     * @return whether it joined
     */
    @OnEvent("join room")
    public Result joinRoom(Socket socket, String requested) {
        String room = clean(requested, MAX_NAME);
        if (room == null || room.equals(socket.id())) {
            return new Result(false);
        }
        socket.join(room);
        io.to(room).emit("notice", new Notice(room, name(socket) + " joined #" + room));
        return new Result(true);
    }

    /**
     * Leaves a room.
     *
     * @param socket the sender
     * @param room the room
     */
    @OnEvent("leave room")
    public void leaveRoom(Socket socket, String room) {
        if (room != null && socket.rooms().contains(room) && !room.equals(socket.id())) {
            socket.leave(room);
            io.to(room).emit("notice", new Notice(room, name(socket) + " left #" + room));
        }
    }

    /**
     * A line for one room, from a member only.
     *
     * @param socket the sender
     * @param m the room and the line
     */
    @OnEvent("room message")
    public void roomMessage(Socket socket, RoomMessage m) {
        String text = m == null ? null : clean(m.text(), MAX_TEXT);
        if (text != null && m.room() != null && socket.rooms().contains(m.room()) && !m.room().equals(socket.id())) {
            io.to(m.room()).emit("room message", new Message(m.room(), name(socket), text, System.currentTimeMillis()));
        }
    }

    /**
     * Tells the others who left.
     *
     * @param socket the one who left
     * @param reason why
     */
    @OnDisconnect
    public void disconnected(Socket socket, DisconnectReason reason) {
        log.info("A client disconnected: {} ({})", socket.id(), reason.text());
        io.emit("presence", new Presence(List.of(), List.of(), List.of(socket.id())));
    }

    /**
     * Who is connected, on every server of the cluster.
     *
     * @return the users
     */
    public CompletableFuture<List<User>> online() {
        return io.fetchSockets().thenApply(sockets -> {
            List<User> users = new ArrayList<>(sockets.size());
            for (RemoteSocket s : sockets) {
                Profile p = s.data(Profile.class);
                users.add(new User(s.id(), p == null ? "?" : p.name()));
            }
            return users;
        });
    }

    private static String name(Socket socket) {
        Profile p = socket.data(Profile.class);
        return p == null ? "?" : p.name();
    }

    /** The text trimmed, or null when it is missing, empty or too long. */
    private static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.isEmpty() || t.length() > max ? null : t;
    }
}
