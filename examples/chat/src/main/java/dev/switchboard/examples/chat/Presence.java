package dev.switchboard.examples.chat;

import dev.switchboard.examples.chat.ChatServer.User;
import dev.switchboard.socketio.RemoteSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online, told in batches: the changes of one short interval (who joined, who was renamed,
 * who left) go to everyone as one {@code presence} event, and the newcomers of that interval get
 * the whole list ({@code online}) once, one list encoded for all of them.
 *
 * <p>Why batches: one event per change sends every user a frame for every arrival, N × N frames
 * when N people arrive, each a write of its own because arrivals come one per event-loop turn. With
 * 10,000 users that is 50 million frames; the measured cost was ~11 µs of server CPU each, which
 * saturated the server before half of them got in. Batched, a user gets at most one presence frame
 * per interval however many people arrive, and the names in it are encoded once for everyone.
 *
 * <p>Exactly once where it can be: the newcomers of a batch are left out of that batch's
 * {@code presence} and get the list instead, taken after it; later changes come in later batches.
 * On one event loop every user thus hears of every other once. Across loops or servers a change
 * may also be in a list taken just before its batch leaves: applying a change twice does no harm
 * (a map keyed by socket id), which is what the page does.
 */
final class Presence {

    /** How long changes gather before they are sent: short enough to feel live. */
    static final Duration INTERVAL = Duration.ofMillis(200);

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    /**
     * One batch of changes, as clients receive it ({@code presence}).
     *
     * @param joined who connected (id and name)
     * @param renamed who took another name (id and the new name)
     * @param left the ids of those who disconnected
     */
    record Change(List<User> joined, List<User> renamed, List<String> left) {
    }

    private final SocketIoServer io;
    private final long intervalNanos;

    // Guarded by this: the changes since the last batch left, in the order they happened.
    private Map<String, User> joined = new LinkedHashMap<>();
    private Map<String, User> renamed = new LinkedHashMap<>();
    private Map<String, String> left = new LinkedHashMap<>();
    private boolean scheduled;

    Presence(SocketIoServer io, Duration interval) {
        this.io = io;
        this.intervalNanos = interval.toNanos();
    }

    /** A socket connected under {@code name}. */
    void joined(Socket socket, String name) {
        synchronized (this) {
            joined.put(socket.id(), new User(socket.id(), name));
        }
        schedule(socket);
    }

    /** A socket took another name. */
    void renamed(Socket socket, String name) {
        synchronized (this) {
            User user = new User(socket.id(), name);
            // Nobody has heard of a newcomer yet: it is announced under its latest name.
            if (joined.containsKey(user.id())) {
                joined.put(user.id(), user);
            } else {
                renamed.put(user.id(), user);
            }
        }
        schedule(socket);
    }

    /** A socket disconnected. */
    void left(Socket socket) {
        synchronized (this) {
            String id = socket.id();
            joined.remove(id);
            renamed.remove(id);
            // Said even when it joined in this very batch: another server's newcomer may have
            // listed it already, and a leaving of someone unknown is ignored by the others.
            left.put(id, id);
        }
        schedule(socket);
    }

    /**
     * Sends the batch after the interval, on the event loop of the socket that opened it, so on a
     * single loop no arrival slips between the batch and the newcomers' list.
     */
    private void schedule(Socket socket) {
        synchronized (this) {
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        EventExecutor loop = socket.conn().executor();
        try {
            loop.schedule(this::send, intervalNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping; the next change, if any, tries again.
            synchronized (this) {
                scheduled = false;
            }
        }
    }

    private void send() {
        Map<String, User> newcomers;
        Change change;
        synchronized (this) {
            newcomers = joined;
            change = new Change(List.copyOf(joined.values()), List.copyOf(renamed.values()),
                    List.copyOf(left.values()));
            joined = new LinkedHashMap<>();
            renamed = new LinkedHashMap<>();
            left = new LinkedHashMap<>();
            scheduled = false;
        }
        if (change.joined().isEmpty() && change.renamed().isEmpty() && change.left().isEmpty()) {
            // A change that came while the previous batch was being taken scheduled this one too.
            return;
        }
        List<String> newcomerIds = List.copyOf(newcomers.keySet());
        // Each socket is in a room named by its id: the newcomers get the list below instead.
        io.except(newcomerIds).emit("presence", change);
        if (newcomerIds.isEmpty()) {
            return;
        }
        io.fetchSockets().whenComplete((sockets, error) -> {
            if (error != null) {
                log.warn("Could not list the online users: {}", error.toString());
                return;
            }
            List<User> users = new ArrayList<>(sockets.size());
            for (RemoteSocket s : sockets) {
                users.add(new User(s.id(), ChatServer.name(s.data(ChatServer.Profile.class))));
            }
            io.to(newcomerIds).emit("online", users);
        });
    }
}
