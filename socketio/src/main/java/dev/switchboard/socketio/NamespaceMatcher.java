package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides, possibly asynchronously, whether a CONNECT to an unknown namespace creates it as a child
 * of a dynamic namespace ({@link SocketIoServer#of(NamespaceMatcher)}).
 *
 * <pre>{@code
 * io.of((name, auth, result) -> tenants.exists(name).thenAccept(ok -> result.done(null, ok)));
 * }</pre>
 */
@FunctionalInterface
public interface NamespaceMatcher {

    /**
     * Checks a namespace name.
     *
     * @param name the requested namespace, e.g. {@code /tenant-42}
     * @param auth the CONNECT payload
     * @param result to be called once, from any thread
     */
    void match(String name, JsonNode auth, Result result);

    /** The answer of a {@link NamespaceMatcher}. */
    @FunctionalInterface
    interface Result {
        /**
         * Gives the answer. An error counts as a refusal.
         *
         * @param error {@code null}, or why the check failed
         * @param allowed whether the namespace is accepted
         */
        void done(Throwable error, boolean allowed);
    }
}
