package dev.switchboard.socketio;

import dev.switchboard.socketio.adapter.BroadcastFlags;
import java.util.Arrays;
import java.util.Collection;

/**
 * Where a broadcast goes: rooms to reach, rooms to leave out, this server only. The server, a
 * namespace and an operator have these (a broadcast from them reaches every socket until
 * narrowed), and so has a socket (its broadcasts leave itself out). Written once: a new targeting
 * modifier is one default method here over {@link #broadcast()}.
 */
public interface BroadcastTargets {

    /**
     * The broadcast the modifiers start from: to every socket of the namespace (every other
     * socket, from a socket); for an operator, itself.
     *
     * @return the operator
     */
    BroadcastOperator broadcast();

    /**
     * Adds target rooms: the broadcast reaches the sockets in any of them.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    default BroadcastOperator to(String... rooms) {
        return to(Arrays.asList(rooms));
    }

    /**
     * Adds target rooms: the broadcast reaches the sockets in any of them.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    default BroadcastOperator to(Collection<String> rooms) {
        return broadcast().withRooms(rooms);
    }

    /**
     * Same as {@link #to(String...)}.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    default BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    /**
     * Same as {@link #to(Collection)}.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    default BroadcastOperator in(Collection<String> rooms) {
        return to(rooms);
    }

    /**
     * Leaves out the sockets in these rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    default BroadcastOperator except(String... rooms) {
        return except(Arrays.asList(rooms));
    }

    /**
     * Leaves out the sockets in these rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    default BroadcastOperator except(Collection<String> rooms) {
        return broadcast().withExcept(rooms);
    }

    /**
     * Reaches this server's sockets only, not the other nodes of a cluster.
     *
     * @return a new operator
     */
    default BroadcastOperator local() {
        return broadcast().withFlags(BroadcastFlags::withLocal);
    }
}
