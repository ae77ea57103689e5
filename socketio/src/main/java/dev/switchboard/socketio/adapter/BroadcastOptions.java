package dev.switchboard.socketio.adapter;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which sockets an operation targets, and how: the union of {@code rooms} (every socket of the
 * namespace when empty) minus the sockets in any {@code except} room.
 *
 * @param rooms the target rooms, empty for all
 * @param except the rooms whose sockets are left out
 * @param flags the modifiers
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {

    /** Every socket, no modifier. */
    public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT);

    /**
     * Makes the sets unmodifiable (keeping their order).
     *
     * @param rooms the target rooms, empty for all
     * @param except the rooms whose sockets are left out
     * @param flags the modifiers
     */
    public BroadcastOptions {
        rooms = freeze(rooms);
        except = freeze(except);
        Objects.requireNonNull(flags, "flags");
    }

    private static Set<String> freeze(Set<String> set) {
        if (set == null || set.isEmpty()) {
            return Set.of();
        }
        if (set.size() == 1) {
            return Set.of(set.iterator().next());
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(set));
    }
}
