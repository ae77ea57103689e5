package dev.switchboard.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code docs/CONFORMANCE.md}, the map from each case of the official protocol test suites
 * to the test of ours that covers it, and the TAP reports of the Node suites, so that
 * {@link NodeSuitesTest} can check after a run that every covering test the document names ran
 * and passed.
 */
final class ConformanceTable {

    /** The official cases of each suite, by the heading of its table. */
    static final Map<String, Integer> CASES = Map.of("Engine.IO v4", 25, "Socket.IO v5", 32, "Engine.IO v3", 24);

    private static final Pattern HEADING = Pattern.compile("^## (.+)$");
    private static final Pattern SUBTEST = Pattern.compile("^( *)# Subtest: (.*)$");
    private static final Pattern OK = Pattern.compile("^( *)ok \\d+ - (.*?)(?: # (?:SKIP|TODO).*)?$");

    private ConformanceTable() {
    }

    /**
     * One row: an official case and what covers it.
     *
     * @param suite the table it is in ({@code Engine.IO v4}, {@code Socket.IO v5})
     * @param describePath the case's describe titles in the official suite
     * @param officialCase the case's title
     * @param file the suite file under {@code interop/test/}
     * @param test the covering test: its describe titles and title, joined by {@code " › "}
     */
    record Row(String suite, String describePath, String officialCase, String file, String test) {
    }

    /** The rows of the tables under the {@link #CASES} headings, in order. */
    static List<Row> rows(String markdown) {
        List<Row> rows = new ArrayList<>();
        String suite = null;
        for (String line : markdown.split("\n")) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                suite = CASES.containsKey(h.group(1).trim()) ? h.group(1).trim() : null;
                continue;
            }
            if (suite == null || !line.startsWith("| ") || line.startsWith("| Describe path") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("\\|", -1);
            if (cells.length != 4) {
                throw new IllegalArgumentException("a row has 4 cells (describe path, case, file, test): " + line);
            }
            rows.add(new Row(suite, cells[0].trim(), cells[1].trim(), cells[2].trim().replace("`", ""),
                    cells[3].trim()));
        }
        return rows;
    }

    /** How many rows each table has. */
    static Map<String, Integer> counts(List<Row> rows) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Row r : rows) {
            out.merge(r.suite(), 1, Integer::sum);
        }
        return out;
    }

    /**
     * The tests a TAP report of Node's test runner says passed, each as its describe titles and
     * title joined by {@code " › "}. Suites count as passed tests too, by their own path.
     */
    static Set<String> passed(List<String> tapLines) {
        Set<String> out = new LinkedHashSet<>();
        List<String> path = new ArrayList<>();
        for (String line : tapLines) {
            Matcher s = SUBTEST.matcher(line);
            if (s.matches()) {
                int depth = s.group(1).length() / 4;
                while (path.size() > depth) {
                    path.remove(path.size() - 1);
                }
                path.add(unescape(s.group(2)));
                continue;
            }
            Matcher ok = OK.matcher(line);
            if (ok.matches() && !line.contains("# SKIP") && !line.contains("# TODO")) {
                int depth = ok.group(1).length() / 4;
                List<String> full = new ArrayList<>(path.subList(0, Math.min(depth, path.size())));
                full.add(unescape(ok.group(2)));
                out.add(String.join(" › ", full));
            }
        }
        return out;
    }

    /** Undoes the TAP reporter's escapes in a title: {@code \#}, {@code \\}, {@code \n}. */
    private static String unescape(String title) {
        StringBuilder sb = new StringBuilder(title.length());
        for (int i = 0; i < title.length(); i++) {
            char c = title.charAt(i);
            if (c == '\\' && i + 1 < title.length()) {
                char next = title.charAt(++i);
                sb.append(next == 'n' ? '\n' : next);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
