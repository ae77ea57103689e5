package dev.switchboard.engineio.internal.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses a response content coding from an {@code Accept-Encoding} header exactly as Node does
 * ({@code accepts(req).encodings([...])}, i.e. the npm {@code negotiator} package 0.6): engine.io
 * for a polling response (offered gzip, deflate) and socket.io for the client bundle (offered br,
 * gzip, deflate). One implementation for both, so a given header gets the same coding from us as
 * from Node wherever it is negotiated.
 *
 * <p>The rules, including the ones that differ from RFC 9110: among the offered codings the one
 * with the highest {@code q} wins; ties go to an exact name over {@code *}, then to the coding the
 * client listed <em>first</em> (so {@code gzip, deflate, br} picks gzip although br is offered
 * first), then to the server's order. {@code q} is read with JavaScript's {@code parseFloat}
 * ({@code q=0.5x} is 0.5, {@code q=x} is NaN and never acceptable), only from a parameter written
 * exactly {@code q=}; a coding listed twice takes its last entry when both have the same
 * specificity. No header, or nothing acceptable, means identity.
 */
public final class AcceptEncoding {

    /** JavaScript's {@code \s} and {@code String.prototype.trim} set. */
    private static final String JS_SPACE = "\\t\\n\\x0B\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029"
            + "\\u202f\\u205f\\u3000\\ufeff";
    private static final Pattern ENTRY = Pattern.compile(
            "^[" + JS_SPACE + "]*([^" + JS_SPACE + ";]+)[" + JS_SPACE + "]*(?:;([^\\n\\r\\u2028\\u2029]*))?$");
    private static final Pattern JS_FLOAT = Pattern.compile(
            "^[+-]?(?:Infinity|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");
    private static final Pattern JS_TRIM = Pattern.compile("^[" + JS_SPACE + "]+|[" + JS_SPACE + "]+$");

    private AcceptEncoding() {
    }

    /** One entry of the header: a coding, its quality and its position. */
    private record Entry(String coding, double q, int position) {
    }

    /**
     * How well one offered coding is accepted: specificity (1 exact, 0 {@code *}), quality, the
     * position of the header entry that granted it, and the offered coding's own index.
     */
    private record Priority(int specificity, double q, int entryPosition, int offeredIndex) {
    }

    /**
     * The coding to use.
     *
     * @param header the {@code Accept-Encoding} value (repeated headers joined with {@code ", "}),
     *     or {@code null}
     * @param offered the codings the server can produce, in its order of preference
     * @return one of {@code offered}, or {@code null} for identity
     */
    public static String negotiate(String header, List<String> offered) {
        List<Entry> entries = parse(header == null ? "" : header);
        List<Priority> acceptable = new ArrayList<>(offered.size());
        for (int index = 0; index < offered.size(); index++) {
            Priority p = priority(offered.get(index), entries, index);
            if (p != null && p.q() > 0) {
                acceptable.add(p);
            }
        }
        if (acceptable.isEmpty()) {
            return null;
        }
        acceptable.sort((a, b) -> sign(or(or(or(b.q() - a.q(), b.specificity() - a.specificity()),
                a.entryPosition() - b.entryPosition()), a.offeredIndex() - b.offeredIndex())));
        return offered.get(acceptable.get(0).offeredIndex());
    }

    private static List<Entry> parse(String header) {
        // identity is never offered here, so the entry the package adds for it can be left out.
        String[] parts = header.split(",", -1);
        List<Entry> entries = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            Matcher m = ENTRY.matcher(jsTrim(parts[i]));
            if (!m.matches()) {
                continue;
            }
            double q = 1;
            String params = m.group(2);
            if (params != null && !params.isEmpty()) {
                for (String param : params.split(";", -1)) {
                    String[] kv = jsTrim(param).split("=", -1);
                    if (kv[0].equals("q")) {
                        q = kv.length > 1 ? parseFloat(kv[1]) : Double.NaN;
                        break;
                    }
                }
            }
            entries.add(new Entry(m.group(1), q, i));
        }
        return entries;
    }

    private static Priority priority(String coding, List<Entry> entries, int index) {
        Priority best = null;
        String lower = coding.toLowerCase(Locale.ROOT);
        for (Entry e : entries) {
            int specificity;
            if (e.coding().toLowerCase(Locale.ROOT).equals(lower)) {
                specificity = 1;
            } else if (e.coding().equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            Priority candidate = new Priority(specificity, e.q(), e.position(), index);
            // The package starts from {s:0, q:0, o:-1} and replaces it when the candidate compares
            // greater on specificity, then quality, then entry position (NaN differences count as ties).
            int curS = best == null ? 0 : best.specificity();
            double curQ = best == null ? 0 : best.q();
            int curO = best == null ? -1 : best.entryPosition();
            if (or(or(curS - candidate.specificity(), curQ - candidate.q()), curO - candidate.entryPosition()) < 0) {
                best = candidate;
            }
        }
        return best;
    }

    /** JavaScript's {@code a || b} for numbers: {@code a} unless it is 0 or NaN. */
    private static double or(double a, double b) {
        return a == 0 || Double.isNaN(a) ? b : a;
    }

    private static int sign(double d) {
        return d > 0 ? 1 : d < 0 ? -1 : 0;
    }

    private static String jsTrim(String s) {
        return JS_TRIM.matcher(s).replaceAll("");
    }

    /** {@return JavaScript's {@code parseFloat}: the longest numeric prefix after leading space, else NaN} */
    static double parseFloat(String s) {
        Matcher m = JS_FLOAT.matcher(jsTrim(s));
        if (!m.find()) {
            return Double.NaN;
        }
        String n = m.group();
        if (n.endsWith("Infinity")) {
            return n.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(n);
    }
}
