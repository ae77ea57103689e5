package dev.switchboard.engineio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code Vary} response header, merged as the npm {@code vary} package merges it (for {@link Cors}). */
final class Vary {

    private static final String VARY = "Vary";

    private Vary() {
    }

    /**
     * Adds {@code field} to the response's {@code Vary} header the way the {@code vary} package
     * does: existing lines are read as one comma-separated list, a field already listed (any case)
     * is not repeated, and {@code *} absorbs everything.
     */
    static void add(Headers response, String field) {
        StringBuilder existing = new StringBuilder();
        for (int i = 0; i < response.size(); i++) {
            if (response.name(i).equalsIgnoreCase(VARY)) {
                if (existing.length() > 0) {
                    existing.append(", ");
                }
                existing.append(response.value(i));
            }
        }
        String current = existing.toString();
        List<String> listed = fields(current.toLowerCase(Locale.ROOT));
        String merged;
        if (listed.contains("*")) {
            merged = "*";
        } else if (listed.contains(field.toLowerCase(Locale.ROOT))) {
            merged = current;
        } else {
            merged = current.isEmpty() ? field : current + ", " + field;
        }
        response.set(VARY, merged);
    }

    /** Splits a Vary value on commas, dropping the spaces (only spaces) around each field. */
    private static List<String> fields(String header) {
        List<String> out = new ArrayList<>(4);
        for (String part : header.split(",", -1)) {
            int from = 0;
            int to = part.length();
            while (from < to && part.charAt(from) == ' ') {
                from++;
            }
            while (to > from && part.charAt(to - 1) == ' ') {
                to--;
            }
            out.add(part.substring(from, to));
        }
        return out;
    }
}
