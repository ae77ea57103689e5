package dev.switchboard.engineio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ordered, mutable list of HTTP response headers with case-insensitive names.
 *
 * <p>The server builds one per response and hands it to the {@code initialHeaders} and
 * {@code headers} hooks before writing it, so applications can add, change or remove headers the
 * way {@code engine.on("headers", ...)} does in Node. Not thread-safe; used on one thread at a time.
 */
public final class Headers {

    private final List<String> names = new ArrayList<>(8);
    private final List<String> values = new ArrayList<>(8);

    /** Creates an empty list. */
    public Headers() {
    }

    /**
     * Replaces every header called {@code name} with one of the given value. Like Node's
     * {@code setHeader}, a header that is already present keeps its place (the first line of that
     * name takes the new name and value, the others go); a new one is appended.
     *
     * @param name the header name, any case
     * @param value the value
     * @return this
     */
    public Headers set(String name, String value) {
        int first = -1;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                if (first >= 0) {
                    names.remove(first);
                    values.remove(first);
                }
                first = i;
            }
        }
        if (first < 0) {
            return add(name, value);
        }
        names.set(first, name);
        values.set(first, value);
        return this;
    }

    /**
     * Adds a header, keeping others of the same name (as for {@code Set-Cookie}).
     *
     * @param name the header name
     * @param value the value
     * @return this
     */
    public Headers add(String name, String value) {
        names.add(name);
        values.add(value);
        return this;
    }

    /**
     * Removes every header called {@code name}.
     *
     * @param name the header name, any case
     * @return this
     */
    public Headers remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
        return this;
    }

    /**
     * The first value of the header, or {@code null}.
     *
     * @param name the header name, any case
     * @return the value or {@code null}
     */
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /**
     * Whether a header of that name is present.
     *
     * @param name the header name, any case
     * @return true if present
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** {@return the number of header lines} */
    public int size() {
        return names.size();
    }

    /**
     * The name of line {@code i}, as it was added.
     *
     * @param i the index, from 0 to {@link #size()} - 1
     * @return the name
     */
    public String name(int i) {
        return names.get(i);
    }

    /**
     * The value of line {@code i}.
     *
     * @param i the index, from 0 to {@link #size()} - 1
     * @return the value
     */
    public String value(int i) {
        return values.get(i);
    }

    /** {@return the lines as name-value entries, in order; a snapshot} */
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(Map.entry(names.get(i), values.get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i).toLowerCase(Locale.ROOT)).append(": ")
                    .append(values.get(i));
        }
        return sb.append(']').toString();
    }
}
