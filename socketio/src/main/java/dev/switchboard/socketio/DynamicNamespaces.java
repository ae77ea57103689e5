package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dynamic namespaces of a server ({@link SocketIoServer#of(Pattern)} and its kin), in
 * registration order, and the search that finds which of them accepts an unknown name. The server
 * creates the child itself, under its namespace lock.
 */
final class DynamicNamespaces {

    private static final Logger log = LoggerFactory.getLogger(SocketIoServer.class);

    private record Parent(NamespaceMatcher matcher, Pattern pattern, ParentNamespace namespace) {
    }

    private final CopyOnWriteArrayList<Parent> parents = new CopyOnWriteArrayList<>();

    /** Adds a dynamic namespace; {@code pattern} is set when the matcher only tests it. */
    ParentNamespace add(SocketIoServer io, NamespaceMatcher matcher, Pattern pattern) {
        ParentNamespace parent = new ParentNamespace(io);
        parents.add(new Parent(matcher, pattern, parent));
        return parent;
    }

    /**
     * {@return the first parent whose pattern finds {@code name}, or null} What {@code of(name)}
     * uses: a pattern answers at once, where another matcher may need a CONNECT payload or time.
     */
    ParentNamespace byPattern(String name) {
        for (Parent p : parents) {
            if (p.pattern() != null && p.pattern().matcher(name).find()) {
                return p.namespace();
            }
        }
        return null;
    }

    /**
     * Asks the parents, in registration order, whether one accepts {@code name}.
     *
     * @param io the server, whose callback executor runs the matchers
     * @param result called once with the first parent that accepts, or null when none does
     */
    void check(SocketIoServer io, String name, ObjectNode auth, Consumer<ParentNamespace> result) {
        List<Parent> candidates = List.copyOf(parents);
        if (candidates.isEmpty()) {
            result.accept(null);
            return;
        }
        io.runCallback(() -> tryParent(candidates, 0, name, auth, result));
    }

    private static void tryParent(List<Parent> candidates, int i, String name, ObjectNode auth,
            Consumer<ParentNamespace> result) {
        if (i >= candidates.size()) {
            result.accept(null);
            return;
        }
        Parent parent = candidates.get(i);
        NamespaceMatcher.Result answer = new NamespaceMatcher.Result() {
            private boolean called;

            @Override
            public void done(Throwable error, boolean allowed) {
                synchronized (this) {
                    if (called) {
                        return;
                    }
                    called = true;
                }
                if (error != null || !allowed) {
                    tryParent(candidates, i + 1, name, auth, result);
                    return;
                }
                result.accept(parent.namespace());
            }
        };
        try {
            parent.matcher().match(name, auth, answer);
        } catch (RuntimeException e) {
            log.warn("dynamic namespace check for {} threw", name, e);
            answer.done(e, false);
        }
    }
}
