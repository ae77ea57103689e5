package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * One server started for a Node suite through the control API: a Java server listening on a
 * loopback port, with the knobs the suites need to observe and steer it from outside.
 *
 * <p>Every kind of fixture (Engine.IO echo, Socket.IO scenarios) answers the same questions about
 * its Engine.IO clients, so the common routes of {@link FixtureControlServer} work for all of
 * them; what is particular to a kind goes through {@link #action}.
 */
interface Fixture extends AutoCloseable {

    /** The id the control API knows this fixture by. */
    String id();

    /** What {@code POST /<kind>} answers: at least {@code id} and {@code port}. */
    ObjectNode describe();

    /**
     * The number of open Engine.IO sessions, as the server itself counts them, once it equals
     * {@code expected} or once {@code timeout} has passed (whichever comes first).
     *
     * @param expected the count to wait for, or a negative number not to wait
     * @param timeout the longest wait
     * @return the count at return
     * @throws InterruptedException if interrupted while waiting
     */
    int awaitClientsCount(int expected, Duration timeout) throws InterruptedException;

    /** The open sessions: {@code {"count": n, "sids": [...]}}. */
    ObjectNode clients();

    /**
     * What the fixture saw of one session, once {@code until} holds or {@code timeout} passed.
     *
     * @param sid the session id
     * @param until {@code null}, {@code "closed"} or {@code "upgraded"}
     * @param timeout the longest wait
     * @return the session's state, or {@code null} if the server never saw that sid
     * @throws InterruptedException if interrupted while waiting
     */
    ObjectNode client(String sid, String until, Duration timeout) throws InterruptedException;

    /**
     * Sends messages to one session from the server side.
     *
     * @param sid the session id
     * @param body {@code {"text": ".."}}, {@code {"binary": "<base64>"}} or
     *     {@code {"messages": [those, ...]}}
     * @return how many messages were sent
     * @throws ControlException 404 for an unknown sid, 400 for a malformed body
     */
    int send(String sid, JsonNode body);

    /**
     * Closes one session from the server side.
     *
     * @param sid the session id
     * @throws ControlException 404 for an unknown sid
     */
    void closeClient(String sid);

    /**
     * A kind-specific request under {@code /servers/{id}/<name>}, for what the common routes do
     * not cover (e.g. a Socket.IO scenario's broadcast).
     *
     * @param method the HTTP method
     * @param name the path below the fixture, without the leading slash
     * @param body the JSON body, or an empty object
     * @return the answer
     * @throws ControlException 404 when the fixture has no such action
     */
    default JsonNode action(String method, String name, JsonNode body) {
        throw new ControlException(404, "no route " + method + " /servers/" + id() + "/" + name);
    }

    /**
     * Stops listening and closes every session, then reports how each session ended.
     *
     * @return {@code {"closed": id, "sessions": {sid: closeReason or null if it never closed}}},
     *     every session this fixture saw
     * @throws InterruptedException if interrupted while waiting for the sessions to close
     */
    ObjectNode shutdown() throws InterruptedException;

    /** Stops listening and closes every session; waits until done. */
    @Override
    void close();
}
