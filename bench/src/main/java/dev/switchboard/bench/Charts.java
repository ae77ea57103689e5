package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's pictures, drawn from the same results JSON as its tables: plain SVG files written
 * beside the report, three servers in each. Nothing is drawn by hand; a chart whose figures are
 * missing from the run is left out.
 *
 * <ul>
 *   <li>{@value #MEMORY}: memory per idle socket against the number of sockets;</li>
 *   <li>{@value #LATENCY}: latency percentiles of the acknowledged round trip against the rate;</li>
 *   <li>{@value #THROUGHPUT}: deliveries (or messages) per server CPU second, per scenario.</li>
 * </ul>
 */
final class Charts {

    static final String MEMORY = "bench-memory.svg";
    static final String LATENCY = "bench-latency.svg";
    static final String THROUGHPUT = "bench-throughput.svg";

    private static final Map<String, String> COLORS = Map.of(
            "switchboard", "#1f77b4", "raw", "#7f7f7f", "node", "#2ca02c");
    private static final int W = 780;
    private static final int H = 400;
    private static final int LEFT = 80;
    private static final int RIGHT = 210;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Charts() {
    }

    /**
     * Every chart the results have figures for.
     *
     * @param r the results JSON
     * @return file name to SVG text
     */
    static Map<String, String> render(JsonNode r) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> servers = new ArrayList<>();
        // the three servers the charts compare; the Tomcat binding has its own rows in the tables
        r.path("servers").forEach(n -> {
            if (COLORS.containsKey(n.asText())) {
                servers.add(n.asText());
            }
        });
        if (servers.size() < 2) {
            return out; // a chart of one server compares nothing (a run of Switchboard and Tomcat alone)
        }
        String memory = memory(r, servers);
        if (memory != null) {
            out.put(MEMORY, memory);
        }
        String latency = latency(r, servers);
        if (latency != null) {
            out.put(LATENCY, latency);
        }
        String throughput = throughput(r, servers);
        if (throughput != null) {
            out.put(THROUGHPUT, throughput);
        }
        return out;
    }

    // ---- the three charts ----------------------------------------------------------------------

    private static String memory(JsonNode r, List<String> servers) {
        JsonNode idle = r.path("scenarios").path("idle").path("results");
        Svg svg = new Svg("Memory per idle WebSocket socket", "sockets", "KiB per socket");
        List<Series> series = new ArrayList<>();
        for (String s : servers) {
            JsonNode res = idle.path(s);
            JsonNode base = res.path("baseline");
            if (res.has("error") || base.isMissingNode()) {
                continue;
            }
            Series rss = new Series(s, Side.label(s) + " RSS", false);
            Series heap = new Series(s, Side.label(s) + " heap + direct", true);
            for (JsonNode p : res.path("points")) {
                double n = p.path("sockets").asDouble();
                if (n <= 0) {
                    continue;
                }
                JsonNode m = p.path("memory");
                rss.add(n, (m.path("rss").asDouble() - base.path("rss").asDouble()) / n / 1024);
                heap.add(n, (m.path("heap").asDouble() + m.path("direct").asDouble()
                        - base.path("heap").asDouble() - base.path("direct").asDouble()) / n / 1024);
            }
            series.add(rss);
            series.add(heap);
        }
        return svg.lines(series, false, true);
    }

    private static String latency(JsonNode r, List<String> servers) {
        JsonNode ack = r.path("scenarios").path("ack").path("results");
        Svg svg = new Svg("Acknowledged round trip: latency against rate", "messages per second", "ms (log scale)");
        List<Series> series = new ArrayList<>();
        for (String s : servers) {
            JsonNode res = ack.path(s);
            if (res.has("error") || !res.path("rates").isArray()) {
                continue;
            }
            Series p50 = new Series(s, Side.label(s) + " p50", false);
            Series p99 = new Series(s, Side.label(s) + " p99", true);
            for (JsonNode rate : res.path("rates")) {
                if (rate.path("latency").path("count").asLong() > 0) {
                    p50.add(rate.path("targetRate").asDouble(), rate.path("latency").path("p50").asDouble() / 1000);
                    p99.add(rate.path("targetRate").asDouble(), rate.path("latency").path("p99").asDouble() / 1000);
                }
            }
            series.add(p50);
            series.add(p99);
        }
        return svg.lines(series, true, false);
    }

    private static String throughput(JsonNode r, List<String> servers) {
        JsonNode sc = r.path("scenarios");
        Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
        sizes(groups, sc.path("broadcast"), "broadcast", servers);
        sizes(groups, sc.path("burst"), "burst", servers);
        for (String s : servers) {
            put(groups, "pipelined acks", s, perCpu(sc.path("pipelined").path("results").path(s).path("serverMicrosPerMessage")));
            put(groups, "polling msgs", s, perCpu(sc.path("polling").path("results").path(s).path("serverMicrosPerMessage")));
            put(groups, "2-node cluster", s,
                    perCpu(sc.path("cluster").path("results").path(s).path("serverMicrosPerDelivery")));
        }
        groups.values().removeIf(Map::isEmpty);
        if (groups.isEmpty()) {
            return null;
        }
        return new Svg("Deliveries (or messages) per server CPU second", "", "per CPU second (log scale)")
                .bars(groups, servers);
    }

    private static void sizes(Map<String, Map<String, Double>> groups, JsonNode scenario, String name,
                              List<String> servers) {
        for (String s : servers) {
            JsonNode res = scenario.path("results").path(s);
            if (res.has("error")) {
                continue;
            }
            for (JsonNode size : res.path("sizes")) {
                put(groups, name + " to " + compact(size.path("sockets").asDouble()), s,
                        size.path("deliveriesPerServerCpuSecond").asDouble());
            }
        }
    }

    private static Double perCpu(JsonNode micros) {
        return micros.isNumber() && micros.asDouble() > 0 ? 1e6 / micros.asDouble() : null;
    }

    private static void put(Map<String, Map<String, Double>> groups, String group, String server, Double value) {
        Map<String, Double> g = groups.computeIfAbsent(group, k -> new LinkedHashMap<>());
        if (value != null && value > 0) {
            g.put(server, value);
        }
    }

    private static String compact(double n) {
        return n >= 1000 && n % 1000 == 0 ? (long) (n / 1000) + "k" : Long.toString((long) n);
    }

    // ---- drawing -------------------------------------------------------------------------------

    /** A line of points, in one server's colour, solid or dashed. */
    private static final class Series {
        final String server;
        final String label;
        final boolean dashed;
        final List<double[]> points = new ArrayList<>();

        Series(String server, String label, boolean dashed) {
            this.server = server;
            this.label = label;
            this.dashed = dashed;
        }

        void add(double x, double y) {
            if (Double.isFinite(y) && y > 0) {
                points.add(new double[] {x, y});
            }
        }
    }

    /** One SVG document with a title, axes and a legend. */
    private static final class Svg {
        private final StringBuilder sb = new StringBuilder();
        private final String xLabel;
        private final String yLabel;

        Svg(String title, String xLabel, String yLabel) {
            this.xLabel = xLabel;
            this.yLabel = yLabel;
            sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H));
            sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
            text(W / 2.0, 22, title, "middle", 15);
        }

        String lines(List<Series> series, boolean logY, boolean zeroY) {
            series.removeIf(s -> s.points.isEmpty());
            if (series.isEmpty()) {
                return null;
            }
            double minX = Double.MAX_VALUE;
            double maxX = 0;
            double minY = Double.MAX_VALUE;
            double maxY = 0;
            for (Series s : series) {
                for (double[] p : s.points) {
                    minX = Math.min(minX, p[0]);
                    maxX = Math.max(maxX, p[0]);
                    minY = Math.min(minY, p[1]);
                    maxY = Math.max(maxY, p[1]);
                }
            }
            Scale x = Scale.linear(0, maxX * 1.05, LEFT, W - RIGHT);
            Scale y = logY ? Scale.log(minY / 1.5, maxY * 1.5, H - BOTTOM, TOP)
                    : Scale.linear(zeroY ? 0 : minY, maxY * 1.15, H - BOTTOM, TOP);
            axes(x, y);
            int row = 0;
            for (Series s : series) {
                StringBuilder path = new StringBuilder();
                for (double[] p : s.points) {
                    path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                            x.at(p[0]), y.at(p[1])));
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                            x.at(p[0]), y.at(p[1]), color(s.server)));
                }
                sb.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                        path, color(s.server), s.dashed ? " stroke-dasharray=\"6 4\"" : ""));
                legend(row++, s.label, color(s.server), s.dashed);
            }
            return end();
        }

        String bars(Map<String, Map<String, Double>> groups, List<String> servers) {
            double min = Double.MAX_VALUE;
            double max = 0;
            for (Map<String, Double> g : groups.values()) {
                for (double v : g.values()) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            Scale y = Scale.log(min / 2, max * 2, H - BOTTOM - 20, TOP);
            axes(null, y);
            double slot = (double) (W - RIGHT - LEFT) / groups.size();
            double bar = Math.min(24, (slot - 10) / servers.size());
            int i = 0;
            for (Map.Entry<String, Map<String, Double>> g : groups.entrySet()) {
                double x0 = LEFT + i * slot + (slot - bar * servers.size()) / 2;
                for (int k = 0; k < servers.size(); k++) {
                    Double v = g.getValue().get(servers.get(k));
                    if (v != null) {
                        double top = y.at(v);
                        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                + "fill=\"%s\"><title>%s: %s</title></rect>\n", x0 + k * bar, top, bar - 2,
                                H - BOTTOM - 20 - top, color(servers.get(k)), Side.label(servers.get(k)), Report.rate(v)));
                    }
                }
                text(LEFT + (i + 0.5) * slot, H - BOTTOM + 2, g.getKey(), "middle", 11);
                i++;
            }
            for (int k = 0; k < servers.size(); k++) {
                legend(k, Side.label(servers.get(k)), color(servers.get(k)), false);
            }
            return end();
        }

        private void axes(Scale x, Scale y) {
            int bottom = x == null ? H - BOTTOM - 20 : H - BOTTOM;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                    LEFT, TOP, LEFT, bottom));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
                    LEFT, bottom, W - RIGHT, bottom));
            for (double t : y.ticks()) {
                double py = y.at(t);
                sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                        LEFT, py, W - RIGHT, py));
                text(LEFT - 6, py + 4, number(t), "end", 11);
            }
            if (x != null) {
                for (double t : x.ticks()) {
                    text(x.at(t), bottom + 16, number(t), "middle", 11);
                }
                text((LEFT + W - RIGHT) / 2.0, H - 12, xLabel, "middle", 12);
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" "
                    + "transform=\"rotate(-90 16 %.1f)\">%s</text>\n", (TOP + bottom) / 2.0, (TOP + bottom) / 2.0,
                    escape(yLabel)));
        }

        private void legend(int row, String label, String color, boolean dashed) {
            double y = TOP + 10 + row * 18;
            double x = W - RIGHT + 12;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"3\"%s/>\n", x, y, x + 22, y, color, dashed ? " stroke-dasharray=\"6 4\"" : ""));
            text(x + 28, y + 4, label, "start", 11);
        }

        private void text(double x, double y, String s, String anchor, int size) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
                    x, y, anchor, size, escape(s)));
        }

        private String end() {
            return sb.append("</svg>\n").toString();
        }
    }

    /** Maps values to pixels, linearly or on a log scale, with round tick values. */
    private record Scale(double min, double max, double from, double to, boolean log) {
        static Scale linear(double min, double max, double from, double to) {
            return new Scale(min, max == min ? min + 1 : max, from, to, false);
        }

        static Scale log(double min, double max, double from, double to) {
            return new Scale(Math.log10(min), Math.log10(max <= min ? min * 10 : max), from, to, true);
        }

        double at(double v) {
            double t = ((log ? Math.log10(v) : v) - min) / (max - min);
            return from + t * (to - from);
        }

        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            if (log) {
                for (int e = (int) Math.floor(min); e <= Math.ceil(max); e++) {
                    double v = Math.pow(10, e);
                    if (e >= min && e <= max) {
                        out.add(v);
                    }
                }
                return out;
            }
            double step = Math.pow(10, Math.floor(Math.log10((max - min) / 4)));
            if ((max - min) / step > 8) {
                step *= 2;
            }
            for (double v = Math.ceil(min / step) * step; v <= max; v += step) {
                out.add(v);
            }
            return out;
        }
    }

    private static String number(double v) {
        if (v >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        } else if (v >= 1_000) {
            return trim(v / 1_000) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String color(String server) {
        return COLORS.getOrDefault(server, "#d62728");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
