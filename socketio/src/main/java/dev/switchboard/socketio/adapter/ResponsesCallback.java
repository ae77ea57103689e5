package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Receives the answers of the other servers to a {@link Adapter#serverSideEmitWithAck}. */
@FunctionalInterface
public interface ResponsesCallback {

    /**
     * Called once.
     *
     * @param error {@code null}, or why not every server answered (e.g. a timeout)
     * @param responses the answers received, one per server
     */
    void done(Throwable error, List<JsonNode> responses);
}
