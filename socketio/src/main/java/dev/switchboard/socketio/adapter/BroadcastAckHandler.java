package dev.switchboard.socketio.adapter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Collects the answers to a broadcast that asked for acknowledgements
 * ({@link Adapter#broadcastWithAck}). Called from any thread; implementations synchronise.
 */
public interface BroadcastAckHandler {

    /**
     * How many clients one server sent the packet to: called once per server (this one and, for
     * cluster adapters, each other node that answers).
     *
     * @param count the number of clients reached on that server
     */
    void clientCount(int count);

    /**
     * One client's answer.
     *
     * @param response the first argument of the client's acknowledgement ({@code null} JSON when
     *     it sent none)
     */
    void ack(JsonNode response);
}
