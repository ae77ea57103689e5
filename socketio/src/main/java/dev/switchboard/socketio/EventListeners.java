package dev.switchboard.socketio;

import java.util.Arrays;
import org.slf4j.Logger;

/**
 * Listeners by event name, for a socket's events and a namespace's server-side events.
 * Registration may happen on any thread; dispatch reads a snapshot, so a listener added or removed
 * while an event is dispatched takes effect from the next event, as with Node's EventEmitter.
 */
final class EventListeners {

    private static final Entry[] NONE = {};

    /** One registration: {@code key} is what the user registered (for {@code off}). */
    record Entry(Object key, EventHandler handler, boolean once) {
    }

    /**
     * Event names and their registrations, alternating ({@code name, Entry[], name, Entry[], ...}),
     * in the order the events were first registered; null until then. Guarded by this. Every
     * connected socket carries one and registers a handful of events, so a flat array scanned by
     * name costs a fraction of a hash map's table and nodes.
     */
    private Object[] table;
    /** Slots of {@link #table} in use: twice the number of events. */
    private int used;

    private int indexOf(String event) {
        for (int i = 0; i < used; i += 2) {
            if (table[i].equals(event)) {
                return i;
            }
        }
        return -1;
    }

    private Entry[] get(String event) {
        int i = indexOf(event);
        return i < 0 ? null : (Entry[]) table[i + 1];
    }

    private void put(String event, Entry[] entries) {
        int i = indexOf(event);
        if (i >= 0) {
            table[i + 1] = entries;
            return;
        }
        if (table == null) {
            table = new Object[4];
        } else if (used == table.length) {
            table = Arrays.copyOf(table, used * 2);
        }
        table[used] = event;
        table[used + 1] = entries;
        used += 2;
    }

    private void removeEvent(String event) {
        int i = indexOf(event);
        if (i >= 0) {
            System.arraycopy(table, i + 2, table, i, used - i - 2);
            used -= 2;
            table[used] = null;
            table[used + 1] = null;
        }
    }

    synchronized void add(String event, Object key, EventHandler handler, boolean once) {
        Entry[] current = get(event);
        if (current == null) {
            current = NONE;
        }
        Entry[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = new Entry(key, handler, once);
        put(event, next);
    }

    /** Removes the last registration of {@code key} for the event, as EventEmitter does. */
    synchronized boolean remove(String event, Object key) {
        Entry[] current = get(event);
        if (current == null) {
            return false;
        }
        for (int i = current.length - 1; i >= 0; i--) {
            if (current[i].key() == key) {
                return removeAt(event, current, i);
            }
        }
        return false;
    }

    private boolean removeAt(String event, Entry[] current, int i) {
        if (current.length == 1) {
            removeEvent(event);
        } else {
            Entry[] next = new Entry[current.length - 1];
            System.arraycopy(current, 0, next, 0, i);
            System.arraycopy(current, i + 1, next, i, current.length - i - 1);
            put(event, next);
        }
        return true;
    }

    /** Removes one entry by identity; false when it was already gone (a once-listener that fired). */
    private synchronized boolean removeEntry(String event, Entry entry) {
        Entry[] current = get(event);
        if (current == null) {
            return false;
        }
        for (int i = 0; i < current.length; i++) {
            if (current[i] == entry) {
                return removeAt(event, current, i);
            }
        }
        return false;
    }

    synchronized void removeAll(String event) {
        removeEvent(event);
    }

    synchronized void clear() {
        table = null;
        used = 0;
    }

    synchronized int count(String event) {
        Entry[] current = get(event);
        return current == null ? 0 : current.length;
    }

    private synchronized Entry[] snapshot(String event) {
        Entry[] current = get(event);
        return current == null ? NONE : current;
    }

    /**
     * Calls the event's listeners in registration order. A listener that throws is logged with
     * the event name and the owner; the others still run.
     *
     * @return the number of listeners called
     */
    int fire(String event, EventArgs args, Ack ack, Logger log, String owner) {
        Entry[] entries = snapshot(event);
        int called = 0;
        for (Entry e : entries) {
            if (e.once() && !removeEntry(event, e)) {
                continue;
            }
            called++;
            try {
                e.handler().handle(args, ack);
            } catch (RuntimeException | Error ex) {
                log.error("handler for event \"{}\" on {} threw", event, owner, ex);
            }
        }
        return called;
    }
}
