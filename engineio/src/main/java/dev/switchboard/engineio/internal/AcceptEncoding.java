package dev.switchboard.engineio.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the compression of a polling response from the request's {@code Accept-Encoding}, with
 * the rules of the npm {@code accepts} package (negotiator 0.6) that engine.io uses, offered
 * {@code gzip} then {@code deflate}: an encoding takes the quality of the entry that names it,
 * else of {@code *}; quality 0 refuses it; the higher quality wins, then the named entry over
 * {@code *}, then the entry earlier in the header, then {@code gzip}.
 */
final class AcceptEncoding {

    private static final String[] OFFERED = {"gzip", "deflate"};
    private static final Pattern ENTRY = Pattern.compile("^\\s*([^\\s;]+)\\s*(?:;(.*))?$", Pattern.DOTALL);
    private static final Pattern NUMBER_PREFIX = Pattern.compile("^\\s*[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");

    private AcceptEncoding() {
    }

    /**
     * The encoding to compress with.
     *
     * @param header the {@code Accept-Encoding} value, or {@code null}
     * @return {@code "gzip"}, {@code "deflate"} or {@code null} for none
     */
    static String negotiate(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.split(",", -1);
        String[] names = new String[parts.length];
        double[] qualities = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Matcher m = ENTRY.matcher(parts[i].trim());
            if (m.matches()) {
                names[i] = m.group(1).toLowerCase(Locale.ROOT);
                qualities[i] = quality(m.group(2));
            }
        }
        String best = null;
        double bestQ = 0;
        int bestS = 0;
        int bestO = 0;
        for (String offered : OFFERED) {
            // The entry that decides for this encoding: most specific, then best, then last.
            double q = 0;
            int s = 0;
            int o = -1;
            for (int i = 0; i < names.length; i++) {
                if (names[i] == null) {
                    continue;
                }
                int specificity;
                if (names[i].equals(offered)) {
                    specificity = 1;
                } else if (names[i].equals("*")) {
                    specificity = 0;
                } else {
                    continue;
                }
                if (firstDifference(s - specificity, q - qualities[i], o - i) < 0) {
                    q = qualities[i];
                    s = specificity;
                    o = i;
                }
            }
            if (!(q > 0)) {
                continue;
            }
            // Offered in preference order, so an exact tie keeps the earlier one.
            if (best == null || q > bestQ || (q == bestQ && (s > bestS || (s == bestS && o < bestO)))) {
                best = offered;
                bestQ = q;
                bestS = s;
                bestO = o;
            }
        }
        return best;
    }

    /** The {@code q} parameter as JavaScript's parseFloat reads it; 1 when absent, NaN when unreadable. */
    private static double quality(String params) {
        if (params == null) {
            return 1;
        }
        for (String param : params.split(";", -1)) {
            String[] kv = param.trim().split("=", -1);
            if (kv[0].equals("q")) {
                if (kv.length < 2) {
                    return Double.NaN;
                }
                Matcher m = NUMBER_PREFIX.matcher(kv[1]);
                return m.find() ? Double.parseDouble(m.group().trim()) : Double.NaN;
            }
        }
        return 1;
    }

    /** JavaScript's {@code a || b || c}: the first value that is neither 0 nor NaN, else the last. */
    private static double firstDifference(double a, double b, double c) {
        if (a != 0 && !Double.isNaN(a)) {
            return a;
        }
        if (b != 0 && !Double.isNaN(b)) {
            return b;
        }
        return c;
    }
}
