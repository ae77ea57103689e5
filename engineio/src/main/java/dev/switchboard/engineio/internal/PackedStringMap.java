package dev.switchboard.engineio.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, insertion-ordered {@code Map<String, String>} packed into one string and one array
 * of offsets.
 *
 * <p>Every open session keeps the headers and query of the request that opened it for as long as it
 * lives, so what they cost is paid once per connected client. As a {@code LinkedHashMap} of
 * separate strings, ten headers are some thirty objects and about a kilobyte and a half; packed,
 * they are three objects and little more than their characters (one byte each when they are
 * Latin-1, as header text is). Lookups scan the keys, which is quick for the dozen entries of a
 * request, and {@link #get} and the entries create their strings when asked: these maps are read
 * rarely (the handshake, a middleware), held long.
 */
public final class PackedStringMap extends AbstractMap<String, String> {

    private static final PackedStringMap EMPTY = new PackedStringMap("", new int[0]);

    /** Every key and value, one after the other. */
    private final String chars;
    /** {@code ends[2i]}: where key {@code i} ends in {@link #chars}; {@code ends[2i+1]}: where its value ends. */
    private final int[] ends;

    private PackedStringMap(String chars, int[] ends) {
        this.chars = chars;
        this.ends = ends;
    }

    /**
     * An immutable copy of a map, in its iteration order; a {@code PackedStringMap} is returned as it is.
     *
     * @param map a map without null keys or values
     * @return the copy
     * @throws NullPointerException if a key or value is null
     */
    public static Map<String, String> copyOf(Map<String, String> map) {
        if (map instanceof PackedStringMap packed) {
            return packed;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        int[] ends = new int[map.size() * 2];
        int length = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            length += Objects.requireNonNull(e.getKey(), "key").length()
                    + Objects.requireNonNull(e.getValue(), "value").length();
        }
        StringBuilder sb = new StringBuilder(length);
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            ends[i++] = sb.append(e.getKey()).length();
            ends[i++] = sb.append(e.getValue()).length();
        }
        return new PackedStringMap(sb.toString(), ends);
    }

    @Override
    public int size() {
        return ends.length / 2;
    }

    @Override
    public boolean isEmpty() {
        return ends.length == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : value(i);
    }

    private int indexOf(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        for (int i = 0; i < ends.length; i += 2) {
            int start = i == 0 ? 0 : ends[i - 1];
            if (ends[i] - start == k.length() && chars.startsWith(k, start)) {
                return i;
            }
        }
        return -1;
    }

    private String key(int i) {
        return chars.substring(i == 0 ? 0 : ends[i - 1], ends[i]);
    }

    private String value(int i) {
        return chars.substring(ends[i], ends[i + 1]);
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < ends.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (i >= ends.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> e = Map.entry(key(i), value(i));
                        i += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return ends.length / 2;
            }
        };
    }
}
