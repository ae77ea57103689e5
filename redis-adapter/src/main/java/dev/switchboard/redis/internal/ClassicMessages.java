package dev.switchboard.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.internal.Json;
import dev.switchboard.msgpack.Notepack;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import java.util.Collection;

/**
 * The messages of the classic protocol ({@code @socket.io/redis-adapter} 8.x {@code createAdapter}),
 * byte for byte as the reference writes them: key order, JSON or msgpack per type.
 */
public final class ClassicMessages {

    /** Request type: socket ids in rooms (legacy {@code sockets()}, still answered). */
    public static final int SOCKETS = 0;
    /** Request type: {@code allRooms()}. */
    public static final int ALL_ROOMS = 1;
    /** Request type: {@code socketsJoin()}. */
    public static final int REMOTE_JOIN = 2;
    /** Request type: {@code socketsLeave()}. */
    public static final int REMOTE_LEAVE = 3;
    /** Request type: {@code disconnectSockets()}. */
    public static final int REMOTE_DISCONNECT = 4;
    /** Request type: {@code fetchSockets()}. */
    public static final int REMOTE_FETCH = 5;
    /** Request type: {@code serverSideEmit()}, and its answers. */
    public static final int SERVER_SIDE_EMIT = 6;
    /** Request type: a broadcast with acknowledgements. */
    public static final int BROADCAST = 7;
    /** Response type: how many clients a node reached for a broadcast with acknowledgements. */
    public static final int BROADCAST_CLIENT_COUNT = 8;
    /** Response type: one client's acknowledgement. */
    public static final int BROADCAST_ACK = 9;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ClassicMessages() {
    }

    /**
     * A broadcast: msgpack {@code [uid, {type: 2, data, nsp}, {rooms, except, flags}]}.
     *
     * @param uid the sender
     * @param data {@code [event, ...args]}
     * @param nsp the namespace
     * @param opts the target and flags
     * @return the bytes
     */
    public static byte[] broadcast(String uid, ArrayNode data, String nsp, BroadcastOptions opts) {
        ArrayNode message = NODES.arrayNode(3);
        message.add(uid);
        message.add(Wire.eventPacket(data, nsp));
        message.add(Wire.encodeOptions(opts, true));
        return Notepack.V3.encode(message);
    }

    /**
     * Where a broadcast goes: the room's channel when it targets exactly one room.
     *
     * @param channel {@code key#nsp#}
     * @param opts the target
     * @return the channel
     */
    public static String broadcastChannel(String channel, BroadcastOptions opts) {
        return opts.rooms().size() == 1 ? channel + opts.rooms().iterator().next() + "#" : channel;
    }

    /**
     * A broadcast with acknowledgements: msgpack {@code {uid, requestId, type: 7, packet, opts}}.
     *
     * @param uid the sender
     * @param requestId the request
     * @param data {@code [event, ...args]}
     * @param nsp the namespace
     * @param opts the target and flags
     * @return the bytes
     */
    public static byte[] broadcastWithAck(String uid, String requestId, ArrayNode data, String nsp,
            BroadcastOptions opts) {
        ObjectNode request = NODES.objectNode();
        request.put("uid", uid);
        request.put("requestId", requestId);
        request.put("type", BROADCAST);
        request.set("packet", Wire.eventPacket(data, nsp));
        request.set("opts", Wire.encodeOptions(opts, true));
        return Notepack.V3.encode(request);
    }

    /**
     * {@code socketsJoin} or {@code socketsLeave}: JSON {@code {uid, type, opts: {rooms, except}, rooms}}.
     *
     * @param uid the sender
     * @param type {@link #REMOTE_JOIN} or {@link #REMOTE_LEAVE}
     * @param opts the target
     * @param rooms the rooms to join or leave
     * @return the bytes
     */
    public static byte[] joinOrLeave(String uid, int type, BroadcastOptions opts, Collection<String> rooms) {
        ObjectNode request = NODES.objectNode();
        request.put("uid", uid);
        request.put("type", type);
        request.set("opts", Wire.encodeOptions(opts, false));
        request.set("rooms", Wire.stringArray(rooms));
        return Json.write(request);
    }

    /**
     * {@code disconnectSockets}: JSON {@code {uid, type: 4, opts, close}}.
     *
     * @param uid the sender
     * @param opts the target
     * @param close whether to close the connections
     * @return the bytes
     */
    public static byte[] disconnect(String uid, BroadcastOptions opts, boolean close) {
        ObjectNode request = NODES.objectNode();
        request.put("uid", uid);
        request.put("type", REMOTE_DISCONNECT);
        request.set("opts", Wire.encodeOptions(opts, false));
        request.put("close", close);
        return Json.write(request);
    }

    /**
     * {@code fetchSockets}: JSON {@code {uid, requestId, type: 5, opts}}.
     *
     * @param uid the sender
     * @param requestId the request
     * @param opts the target
     * @return the bytes
     */
    public static byte[] fetchSockets(String uid, String requestId, BroadcastOptions opts) {
        ObjectNode request = NODES.objectNode();
        request.put("uid", uid);
        request.put("requestId", requestId);
        request.put("type", REMOTE_FETCH);
        request.set("opts", Wire.encodeOptions(opts, false));
        return Json.write(request);
    }

    /**
     * {@code allRooms}: JSON {@code {uid, requestId, type: 1}}.
     *
     * @param uid the sender
     * @param requestId the request
     * @return the bytes
     */
    public static byte[] allRooms(String uid, String requestId) {
        ObjectNode request = NODES.objectNode();
        request.put("uid", uid);
        request.put("requestId", requestId);
        request.put("type", ALL_ROOMS);
        return Json.write(request);
    }

    /**
     * {@code serverSideEmit}: JSON {@code {uid, [requestId,] type: 6, data}}.
     *
     * @param uid the sender
     * @param requestId the request when answers are wanted, else {@code null}
     * @param packet {@code [event, ...args]}
     * @return the bytes
     */
    public static byte[] serverSideEmit(String uid, String requestId, ArrayNode packet) {
        ObjectNode request = NODES.objectNode();
        request.put("uid", uid);
        if (requestId != null) {
            request.put("requestId", requestId);
        }
        request.put("type", SERVER_SIDE_EMIT);
        request.set("data", packet);
        return Json.write(request);
    }

    /**
     * The answer to a server-side emit: JSON {@code {type: 6, requestId, data}}.
     *
     * @param requestId the request
     * @param answer the listener's first answer argument
     * @return the bytes
     */
    public static byte[] serverSideEmitResponse(String requestId, JsonNode answer) {
        ObjectNode response = NODES.objectNode();
        response.put("type", SERVER_SIDE_EMIT);
        response.put("requestId", requestId);
        response.set("data", answer);
        return Json.write(response);
    }

    /**
     * A node's client count for a broadcast with acknowledgements: JSON {@code {type: 8, requestId, clientCount}}.
     *
     * @param requestId the request
     * @param count the clients reached here, 0 included
     * @return the bytes
     */
    public static byte[] clientCount(String requestId, int count) {
        ObjectNode response = NODES.objectNode();
        response.put("type", BROADCAST_CLIENT_COUNT);
        response.put("requestId", requestId);
        response.put("clientCount", count);
        return Json.write(response);
    }

    /**
     * One client's acknowledgement: msgpack {@code {type: 9, requestId, packet}}.
     *
     * @param requestId the request
     * @param answer the client's first answer argument
     * @return the bytes
     */
    public static byte[] broadcastAck(String requestId, JsonNode answer) {
        ObjectNode response = NODES.objectNode();
        response.put("type", BROADCAST_ACK);
        response.put("requestId", requestId);
        response.set("packet", answer);
        return Notepack.V3.encode(response);
    }

    /**
     * An answer listing things: JSON {@code {requestId, <field>: [...]}} ({@code sockets} or {@code rooms}).
     *
     * @param requestId the request
     * @param field the field name
     * @param items the items
     * @return the bytes
     */
    public static byte[] listResponse(String requestId, String field, JsonNode items) {
        ObjectNode response = NODES.objectNode();
        response.put("requestId", requestId);
        response.set(field, items);
        return Json.write(response);
    }

    /**
     * The answer to a legacy join/leave/disconnect: JSON {@code {requestId}}.
     *
     * @param requestId the request
     * @return the bytes
     */
    public static byte[] done(String requestId) {
        ObjectNode response = NODES.objectNode();
        response.put("requestId", requestId);
        return Json.write(response);
    }
}
