package dev.switchboard.socketio;

import java.util.Arrays;
import java.util.HashMap;
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

    private HashMap<String, Entry[]> map; // guarded by this, created on first registration

    synchronized void add(String event, Object key, EventHandler handler, boolean once) {
        if (map == null) {
            map = new HashMap<>(4);
        }
        Entry[] current = map.getOrDefault(event, NONE);
        Entry[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = new Entry(key, handler, once);
        map.put(event, next);
    }

    /** Removes the last registration of {@code key} for the event, as EventEmitter does. */
    synchronized boolean remove(String event, Object key) {
        if (map == null) {
            return false;
        }
        Entry[] current = map.get(event);
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
            map.remove(event);
        } else {
            Entry[] next = new Entry[current.length - 1];
            System.arraycopy(current, 0, next, 0, i);
            System.arraycopy(current, i + 1, next, i, current.length - i - 1);
            map.put(event, next);
        }
        return true;
    }

    /** Removes one entry by identity; false when it was already gone (a once-listener that fired). */
    private synchronized boolean removeEntry(String event, Entry entry) {
        if (map == null) {
            return false;
        }
        Entry[] current = map.get(event);
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
        if (map != null) {
            map.remove(event);
        }
    }

    synchronized void clear() {
        map = null;
    }

    synchronized int count(String event) {
        if (map == null) {
            return 0;
        }
        Entry[] current = map.get(event);
        return current == null ? 0 : current.length;
    }

    private synchronized Entry[] snapshot(String event) {
        if (map == null) {
            return NONE;
        }
        return map.getOrDefault(event, NONE);
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
