package dev.switchboard.engineio.internal.shared;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Listeners of one kind, in call order: the one listener store of Switchboard (sessions, servers,
 * namespaces, sockets, adapters). Copy-on-write: a change makes a new immutable snapshot, and a
 * listener added or removed while the list is being fired takes effect from the next firing, as
 * with Node's {@code EventEmitter}.
 *
 * <p>Changes may come from any thread; they synchronise on this list, which only its owner sees
 * (never on an object of the public API). Reading and firing take no lock.
 *
 * @param <L> the listener type
 */
public final class ListenerList<L> implements Iterable<L> {

    private volatile List<L> snapshot = List.of();

    /**
     * Appends a listener.
     *
     * @param listener the listener
     */
    public synchronized void add(L listener) {
        Objects.requireNonNull(listener, "listener");
        List<L> next = new ArrayList<>(snapshot.size() + 1);
        next.addAll(snapshot);
        next.add(listener);
        snapshot = List.copyOf(next);
    }

    /**
     * Puts a listener before the others.
     *
     * @param listener the listener
     */
    public synchronized void addFirst(L listener) {
        Objects.requireNonNull(listener, "listener");
        List<L> next = new ArrayList<>(snapshot.size() + 1);
        next.add(listener);
        next.addAll(snapshot);
        snapshot = List.copyOf(next);
    }

    /**
     * Appends listeners, in their order.
     *
     * @param listeners the listeners
     */
    public synchronized void addAll(Collection<? extends L> listeners) {
        if (listeners.isEmpty()) {
            return;
        }
        List<L> next = new ArrayList<>(snapshot.size() + listeners.size());
        next.addAll(snapshot);
        next.addAll(listeners);
        snapshot = List.copyOf(next);
    }

    /**
     * Removes the first registration of a listener (the same object).
     *
     * @param listener the listener as given
     * @return whether one was removed
     */
    public synchronized boolean removeFirst(Object listener) {
        List<L> current = snapshot;
        for (int i = 0; i < current.size(); i++) {
            if (current.get(i) == listener) {
                snapshot = without(current, i);
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the last registration that matches, as {@code EventEmitter.removeListener} removes
     * the most recent one.
     *
     * @param match which listeners qualify
     * @return whether one was removed
     */
    public synchronized boolean removeLast(Predicate<? super L> match) {
        List<L> current = snapshot;
        for (int i = current.size() - 1; i >= 0; i--) {
            if (match.test(current.get(i))) {
                snapshot = without(current, i);
                return true;
            }
        }
        return false;
    }

    /**
     * Removes every listener that matches.
     *
     * @param match which listeners go
     * @return whether any was removed
     */
    public synchronized boolean removeAll(Predicate<? super L> match) {
        List<L> current = snapshot;
        List<L> next = new ArrayList<>(current.size());
        for (L l : current) {
            if (!match.test(l)) {
                next.add(l);
            }
        }
        if (next.size() == current.size()) {
            return false;
        }
        snapshot = List.copyOf(next);
        return true;
    }

    private static <L> List<L> without(List<L> list, int index) {
        List<L> next = new ArrayList<>(list);
        next.remove(index);
        return List.copyOf(next);
    }

    /** Removes every listener. */
    public synchronized void clear() {
        snapshot = List.of();
    }

    /** {@return the listeners now, an immutable list} */
    public List<L> snapshot() {
        return snapshot;
    }

    /** {@return whether there is no listener} */
    public boolean isEmpty() {
        return snapshot.isEmpty();
    }

    /** {@return the number of listeners} */
    public int size() {
        return snapshot.size();
    }

    @Override
    public Iterator<L> iterator() {
        return snapshot.iterator();
    }

    /**
     * Calls every listener of the current snapshot. One that throws is reported and the others
     * still run, so one faulty application callback cannot break the caller.
     *
     * @param call what to do with each listener
     * @param failure told of each listener that threw and what it threw
     */
    public void fire(Consumer<? super L> call, BiConsumer<? super L, RuntimeException> failure) {
        List<L> listeners = snapshot;
        for (int i = 0; i < listeners.size(); i++) {
            L listener = listeners.get(i);
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                failure.accept(listener, e);
            }
        }
    }

    @Override
    public String toString() {
        return "ListenerList" + snapshot;
    }
}
