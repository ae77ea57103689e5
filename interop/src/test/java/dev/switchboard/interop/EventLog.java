package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.socketio.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a Socket.IO fixture's handlers saw, in the order they saw it: connections, disconnections
 * with their reasons, middleware runs, errors, incoming and outgoing events. A Node suite reads it
 * (or waits for an entry) to check the server's side of a story the client can only half see.
 *
 * <p>Entries are JSON objects with {@code seq} (from 1), {@code type} and, for socket entries,
 * {@code nsp} and {@code id}. Handlers add from event loops; control requests read from their own
 * threads: every method is synchronized, and waiters park on the log itself.
 */
final class EventLog {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<ObjectNode> entries = new ArrayList<>();

    /**
     * Adds an entry about a socket.
     *
     * @param type what happened
     * @param socket the socket it happened to
     * @param fill adds the details
     */
    void add(String type, Socket socket, Consumer<ObjectNode> fill) {
        add(type, e -> {
            e.put("nsp", socket.nsp().name()).put("id", socket.id());
            fill.accept(e);
        });
    }

    /**
     * Adds an entry.
     *
     * @param type what happened
     * @param fill adds the details
     */
    synchronized void add(String type, Consumer<ObjectNode> fill) {
        ObjectNode e = JSON.objectNode().put("seq", entries.size() + 1).put("type", type);
        fill.accept(e);
        entries.add(e);
        notifyAll();
    }

    /** Every entry so far, oldest first. */
    synchronized ArrayNode all() {
        ArrayNode out = JSON.arrayNode();
        entries.forEach(out::add);
        return out;
    }

    /**
     * The entries matching {@code match} once there are at least {@code count} of them, or those
     * there are when {@code timeout} passed (the caller asserts on the count).
     *
     * @param match field values an entry must have (JSON equality), e.g.
     *     {@code {"type": "disconnect", "id": "..."}}
     * @param count how many to wait for
     * @param timeout the longest wait
     * @return the matching entries, oldest first
     * @throws InterruptedException if interrupted while waiting
     */
    synchronized ArrayNode await(ObjectNode match, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ArrayNode found = matching(match);
            long left = deadline - System.nanoTime();
            if (found.size() >= count || left <= 0) {
                return found;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private ArrayNode matching(ObjectNode match) {
        ArrayNode out = JSON.arrayNode();
        for (ObjectNode e : entries) {
            if (matches(e, match)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean matches(ObjectNode entry, ObjectNode match) {
        for (Iterator<Map.Entry<String, JsonNode>> it = match.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().equals(entry.get(m.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
