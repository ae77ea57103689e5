package dev.switchboard.socketio.adapter;

/**
 * Room events of an adapter, for metrics and admin tools. Called on the thread that made the
 * change; must not block. A socket's own room counts: its creation and join come when the socket
 * connects. For one change, {@code create-room} comes before {@code join-room} and
 * {@code leave-room} before {@code delete-room}; joining a room twice reports nothing the second time.
 */
public interface AdapterListener {

    /**
     * A room got its first member ({@code create-room}).
     *
     * @param room the room
     */
    default void onCreateRoom(String room) {
    }

    /**
     * A room lost its last member ({@code delete-room}).
     *
     * @param room the room
     */
    default void onDeleteRoom(String room) {
    }

    /**
     * A socket joined a room ({@code join-room}).
     *
     * @param room the room
     * @param id the socket id
     */
    default void onJoinRoom(String room, String id) {
    }

    /**
     * A socket left a room ({@code leave-room}).
     *
     * @param room the room
     * @param id the socket id
     */
    default void onLeaveRoom(String room, String id) {
    }
}
