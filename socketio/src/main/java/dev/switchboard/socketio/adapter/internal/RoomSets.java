package dev.switchboard.socketio.adapter.internal;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Member sets for the adapter's maps, cheap for the common case: most rooms (every socket's own
 * room) and most sockets' room lists hold a handful of entries. Up to {@link #SMALL} entries a set
 * is an immutable array that is copied on change (readers iterate it without locks, it keeps
 * insertion order and costs a few dozen bytes); past that it becomes a concurrent hash set changed
 * in place, so joining a large room stays O(1).
 *
 * <p>The update methods must be called inside {@code ConcurrentHashMap.compute} for the key that
 * holds the set, which serialises writers of one set; readers may iterate at any time.
 */
public final class RoomSets {

    /** The largest set kept as a copied array. */
    static final int SMALL = 8;

    private RoomSets() {
    }

    /**
     * Adds a value.
     *
     * @param set the current set, or {@code null} for none
     * @param value the value
     * @return the set to store (possibly {@code set} itself)
     */
    public static Set<String> add(Set<String> set, String value) {
        if (set == null) {
            return new Small(new String[] {value});
        }
        if (set instanceof Small small) {
            if (small.contains(value)) {
                return small;
            }
            if (small.values.length < SMALL) {
                String[] values = Arrays.copyOf(small.values, small.values.length + 1);
                values[small.values.length] = value;
                return new Small(values);
            }
            Set<String> large = ConcurrentHashMap.newKeySet(SMALL * 4);
            large.addAll(small);
            large.add(value);
            return large;
        }
        set.add(value);
        return set;
    }

    /**
     * Removes a value.
     *
     * @param set the current set, or {@code null}
     * @param value the value
     * @return the set to store, or {@code null} when it became empty
     */
    public static Set<String> remove(Set<String> set, String value) {
        if (set == null) {
            return null;
        }
        if (set instanceof Small small) {
            String[] values = small.values;
            for (int i = 0; i < values.length; i++) {
                if (values[i].equals(value)) {
                    if (values.length == 1) {
                        return null;
                    }
                    String[] copy = new String[values.length - 1];
                    System.arraycopy(values, 0, copy, 0, i);
                    System.arraycopy(values, i + 1, copy, i, values.length - i - 1);
                    return new Small(copy);
                }
            }
            return small;
        }
        set.remove(value);
        return set.isEmpty() ? null : set;
    }

    /** An immutable, insertion-ordered set over an array. */
    private static final class Small extends AbstractSet<String> {
        private final String[] values;

        Small(String[] values) {
            this.values = values;
        }

        @Override
        public boolean contains(Object o) {
            for (String v : values) {
                if (v.equals(o)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public Iterator<String> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < values.length;
                }

                @Override
                public String next() {
                    if (i >= values.length) {
                        throw new NoSuchElementException();
                    }
                    return values[i++];
                }
            };
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
