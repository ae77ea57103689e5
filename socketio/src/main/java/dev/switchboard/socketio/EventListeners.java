package dev.switchboard.socketio;

import dev.switchboard.engineio.internal.shared.ListenerList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Listeners by event name, for a socket's events and a namespace's server-side events: one
 * {@link ListenerList} of registrations, each naming its event. A socket registers a handful, so
 * one flat list scanned by name costs less than a table per event. Registration may happen on any
 * thread; dispatch reads a snapshot, so a listener added or removed while an event is dispatched
 * takes effect from the next event, as with Node's EventEmitter.
 */
final class EventListeners {

    /** One registration: {@code key} is what the user registered (for {@code off}). */
    record Entry(String event, Object key, EventHandler handler, boolean once) {
    }

    private final ListenerList<Entry> entries = new ListenerList<>();

    void add(String event, Object key, EventHandler handler, boolean once) {
        entries.add(new Entry(event, key, handler, once));
    }

    /**
     * Removes the last registration of {@code key} for the event, as EventEmitter does.
     *
     * @return whether one was removed
     */
    boolean remove(String event, Object key) {
        return entries.removeLast(e -> e.key() == key && e.event().equals(event));
    }

    void removeAll(String event) {
        entries.removeAll(e -> e.event().equals(event));
    }

    void clear() {
        entries.clear();
    }

    int count(String event) {
        int n = 0;
        for (Entry e : entries) {
            if (e.event().equals(event)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Calls the event's listeners in registration order. A listener that throws is logged with
     * the event name and the owner ({@code ownerKind ownerId}, kept apart so that no label is
     * built for an event that logs nothing); the others still run. The snapshot is walked by
     * index: this runs once per incoming event, and an iterator is an allocation per event.
     *
     * @return the number of listeners called
     */
    int fire(String event, EventArgs args, Ack ack, Logger log, String ownerKind, String ownerId) {
        int called = 0;
        List<Entry> list = entries.snapshot();
        for (int i = 0, n = list.size(); i < n; i++) {
            Entry e = list.get(i);
            if (!e.event().equals(event) || (e.once() && !entries.removeFirst(e))) {
                continue;
            }
            called++;
            try {
                e.handler().handle(args, ack);
            } catch (RuntimeException | Error ex) {
                log.error("handler for event \"{}\" on {} {} threw", event, ownerKind, ownerId, ex);
            }
        }
        return called;
    }
}
