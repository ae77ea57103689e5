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

    /**
     * One registration of a handler as the user gave it, which is also its key for {@code off}.
     * Most registrations are such, and every socket keeps its own for its whole life, so the key of
     * a wrapped handler is a field of the subclass only: eight bytes less per listener per socket.
     */
    static class Entry {
        private final String event;
        private final EventHandler handler;
        private final boolean once;

        Entry(String event, EventHandler handler, boolean once) {
            this.event = event;
            this.handler = handler;
            this.once = once;
        }

        final String event() {
            return event;
        }

        final EventHandler handler() {
            return handler;
        }

        final boolean once() {
            return once;
        }

        /** {@return what the user registered} */
        Object key() {
            return handler;
        }
    }

    /** A registration whose handler wraps what the user registered (a typed handler, a listener). */
    private static final class Wrapped extends Entry {
        private final Object key;

        Wrapped(String event, Object key, EventHandler handler, boolean once) {
            super(event, handler, once);
            this.key = key;
        }

        @Override
        Object key() {
            return key;
        }
    }

    private final ListenerList<Entry> entries = new ListenerList<>();

    void add(String event, Object key, EventHandler handler, boolean once) {
        entries.add(key == handler ? new Entry(event, handler, once) : new Wrapped(event, key, handler, once));
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
