package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The targets Switchboard is held to, judged from a results JSON: each bar's figure is computed from
 * the measurements the same run wrote, with the margin by which it is met or missed. For a missed
 * bar the report adds what profiling the server showed about it ({@link #PROFILE_NOTES}).
 */
final class Bars {

    private static final String US = "switchboard";
    private static final String RAW = "raw";
    private static final String NODE = "node";

    /**
     * What profiling showed for a bar that can be missed, by bar id, as found with JFR and class
     * histograms of the benchmark server. Shown under a missed bar in a full run; prose about the
     * code, never a figure (figures come from the JSON).
     */
    static final Map<String, String> PROFILE_NOTES = Map.of(
            "pipelined-node", Notes.ACKS,
            "pipelined-raw", Notes.ACKS,
            "ack-raw", Notes.ACKS,
            "burst-raw", Notes.FAN_OUT,
            "broadcast-raw", Notes.FIXED_RATE,
            "connect-rate", Notes.CONNECTS,
            "connect-p99", Notes.CONNECTS,
            "p99", "What the profile shows (JFR over the ack scenario): G1 young collections of several to tens of "
                    + "milliseconds, with one GC thread on the server's core; Switchboard allocates far more per "
                    + "acknowledged message than raw Netty's echo (inbound text copies, the JSON tree, the answer's "
                    + "string and bytes), so its pauses come more often and reach the tail");

    /** The profile notes shared by several bars. */
    private static final class Notes {
        static final String ACKS = "What the profile shows (JFR CPU and allocation samples over the pipelined "
                + "acks): answers read in one batch already leave in one write (the per-turn flush), and the read "
                + "buffers, the frame decoding and the write cost what they cost raw Netty's echo. What raw Netty does "
                + "not do is the JSON: each ack's text is decoded to a string and checked as UTF-8, parsed into a tree "
                + "(strings, nodes) and written back (the answer's text, its ack id's digits, its UTF-8 bytes), about "
                + "a fifth of the samples and most of the bytes allocated per ack. Answering without the tree, from "
                + "the inbound text where the handler does not read the arguments, is what is left to try";
        static final String FAN_OUT = "What the profile shows (perf and JFR over the burst): the whole-namespace "
                + "broadcasts of one event-loop turn reach each recipient together, as one shared list written once "
                + "per recipient and turn; what is left per recipient is the first touch of its socket, client and "
                + "session objects (cache misses once thousands of sessions no longer fit the cache), one copy of "
                + "each frame into its combined buffer and one pipeline write and flush, as raw Netty. A burst lasts "
                + "well under a second of CPU, so JIT compilation still under way weighs on it: the core busy row "
                + "says how much was left after the warm-up bursts";
        static final String FIXED_RATE = "What the measurements show (each thread's CPU from /proc over the measured "
                + "windows, and perf with JIT symbols, Switchboard and raw Netty alike): at fixed rates each broadcast has "
                + "an event-loop turn of its own, so every delivery is one frame and one write submitted whichever server "
                + "sends it (io_uring counted the same submissions per broadcast for both). Under epoll the two cost the "
                + "same per delivery (three runs: 1.00×, 1.00×, 1.10× at 1,000 sockets, 0.93×, 1.02×, 0.92× at 10,000). "
                + "io_uring makes raw Netty's event loop much cheaper and Switchboard's less: at 10,000 recipients the "
                + "loop's Java time is 2.5 to 3 times raw Netty's, stalled on loads that miss the cache on each "
                + "recipient's socket, client, session and connection objects (raw Netty touches the channel alone), and "
                + "Netty's handling of the write completions that follow costs about four times what it costs in raw "
                + "Netty's loop (one profile), its objects evicted by ours. G1's concurrent refinement adds about a tenth "
                + "more (the card marks of Netty's own outbound buffer, refined more often); on JDK 25 it is gone for "
                + "both. What is left to try is fewer objects between a socket and its channel, or touching them in a pass "
                + "of their own ahead of the writes (bench/README.md: -Dbench.transport measures epoll)";
        static final String CONNECTS = "What the profile shows (JFR CPU samples over the warmed-up default flow): no "
                + "Java hot spot; the CPU per connect is spread over four HTTP requests, two TCP connections accepted and "
                + "closed, and the timers of each connection and session (first-request and keep-alive idle timers, "
                + "heartbeat, upgrade timeout, the noop cycle of the upgrade), most of it kernel time";

        private Notes() {
        }
    }

    /**
     * One bar.
     *
     * @param id a stable key, used for {@link #PROFILE_NOTES}
     * @param bar the target in words
     * @param measured what this run measured, in words
     * @param met true or false, or null when the run has not the figures to judge it
     * @param margin how far from the target, in words (empty when not judged)
     * @param context what else the run shows about it, in words (empty when nothing)
     */
    record Bar(String id, String bar, String measured, Boolean met, String margin, String context) {
        Bar(String id, String bar, String measured, Boolean met, String margin) {
            this(id, bar, measured, met, margin, "");
        }
    }

    private Bars() {
    }

    /**
     * Judges every bar.
     *
     * @param r the results JSON
     * @return the bars in report order
     */
    static List<Bar> judge(JsonNode r) {
        JsonNode s = r.path("scenarios");
        List<Bar> bars = new ArrayList<>();
        bars.add(memory(s.path("idle"), RAW, "at most 2.5× raw Netty", 2.5));
        bars.add(memory(s.path("idle"), NODE, "at most one third of Node", 1 / 3.0));
        bars.add(BarsMore.rss(s.path("idle")));
        bars.add(broadcastPerCpu(s.path("burst"), RAW, "burst", "in the burst at least 0.8× raw Netty", 0.8));
        bars.add(broadcastPerCpu(s.path("burst"), NODE, "burst", "in the burst at least 5× Node", 5));
        bars.add(broadcastPerCpu(s.path("broadcast"), RAW, "broadcast", "at fixed rates at least 0.8× raw Netty", 0.8));
        bars.add(broadcastPerCpu(s.path("broadcast"), NODE, "broadcast", "at fixed rates at least 1.5× Node", 1.5));
        bars.add(BarsMore.pipelined(s.path("pipelined"), RAW, "at least 0.8× raw Netty echo", 0.8));
        bars.add(BarsMore.pipelined(s.path("pipelined"), NODE, "at least 2× Node", 2));
        bars.add(ackPerCpu(s.path("ack"), RAW, "at least 0.6× raw Netty echo", 0.6));
        bars.add(p99(s.path("ack"), r.path("plan").path("ackRates")));
        bars.add(BarsMore.connectRate(s.path("connect")));
        bars.add(BarsMore.connectP99(s.path("connect")));
        bars.add(BarsMore.clusterRedis(s.path("cluster")));
        bars.add(BarsMore.clusterNodes(s.path("cluster")));
        bars.add(BarsMore.demo(s.path("demo"), r.path("plan")));
        bars.add(connected(s.path("idle"), r.path("plan").path("idlePoints")));
        return bars;
    }

    /**
     * Appends the bars' table, and for each missed bar a paragraph with its shortfall and what the
     * profile shows.
     *
     * @param md the report
     * @param r the results JSON
     */
    static void render(StringBuilder md, JsonNode r) {
        boolean smoke = r.path("mode").asText().equals("smoke");
        List<Bar> bars = judge(r);
        if (bars.stream().allMatch(b -> b.met() == null)) {
            return; // a run of scenarios no bar reads (the soak alone): no table of "not measured"
        }
        md.append("## The bars\n\n");
        md.append("The targets Switchboard is held to, judged from the tables below. Throughput bars compare server "
                + "CPU per message or delivery (messages per server CPU second); the acknowledged round trip is "
                + "judged at the highest fixed rate that both servers kept up with, p99 at the rate nearest a quarter "
                + "of the highest one, broadcasts at every fan-out size.\n\n");
        md.append("| bar | measured | met |\n|---|---|---|\n");
        // A run of some scenarios (the Tomcat row, an A/B) lists what it measured; the full run lists all.
        long unmeasured = bars.stream().filter(b -> b.met() == null).count();
        boolean partial = !smoke && unmeasured > 0 && r.path("command").asText().contains("--scenarios");
        for (Bar b : partial ? bars.stream().filter(b -> b.met() != null).toList() : bars) {
            md.append("| ").append(b.bar()).append(" | ").append(b.measured()).append(" | ")
                    .append(b.met() == null ? "not measured" : b.met() ? "yes" : "**no**, " + b.margin())
                    .append(" |\n");
        }
        md.append('\n');
        if (partial) {
            md.append(unmeasured).append(" other bars read scenarios this run did not include; the full run "
                    + "(`docs/BENCHMARKS.md`) judges every bar.\n\n");
        }
        List<Bar> missed = bars.stream().filter(b -> Boolean.FALSE.equals(b.met())).toList();
        if (!missed.isEmpty() && !smoke) {
            md.append("### Bars not met\n\n");
            for (Bar b : missed) {
                md.append("- **").append(b.bar()).append("**: ").append(b.measured()).append(", ")
                        .append(b.margin()).append('.');
                if (!b.context().isEmpty()) {
                    md.append(" ").append(b.context()).append('.');
                }
                String note = PROFILE_NOTES.get(b.id());
                if (note != null) {
                    md.append(" ").append(note);
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    static boolean usable(JsonNode res) {
        return !res.isMissingNode() && !res.has("error");
    }

    private static Bar memory(JsonNode idle, String other, String target, double limit) {
        String id = "memory-" + other;
        String bar = "memory per idle socket (heap + direct) " + target;
        JsonNode us = idle.path("results").path(US);
        JsonNode them = idle.path("results").path(other);
        if (!usable(us) || !usable(them) || them.path("heapAndDirectPerSocket").asDouble() <= 0) {
            return new Bar(id, bar, "—", null, "");
        }
        double a = us.path("heapAndDirectPerSocket").asDouble();
        double b = them.path("heapAndDirectPerSocket").asDouble();
        double ratio = a / b;
        String measured = Report.bytes(a) + " vs " + Report.bytes(b) + ": " + times(ratio);
        return new Bar(id, bar, measured, ratio <= limit,
                String.format(Locale.ROOT, "%.0f%% over the bar (%s allowed)", 100 * (ratio / limit - 1),
                        Report.bytes(b * limit)));
    }

    private static Bar ackPerCpu(JsonNode ack, String other, String target, double limit) {
        String id = "ack-" + other;
        String bar = "acknowledged round trips per server CPU second " + target;
        JsonNode us = ack.path("results").path(US).path("rates");
        JsonNode them = ack.path("results").path(other).path("rates");
        if (!us.isArray() || !them.isArray()) {
            return new Bar(id, bar, "—", null, "");
        }
        JsonNode a = null;
        JsonNode b = null;
        for (int i = 0; i < Math.min(us.size(), them.size()); i++) {
            if (kept(us.get(i)) && kept(them.get(i)) && us.get(i).path("serverMicrosPerMessage").asDouble() > 0) {
                a = us.get(i);
                b = them.get(i);
            }
        }
        if (a == null) {
            return new Bar(id, bar, "no rate both kept up with", null, "");
        }
        double ratio = b.path("serverMicrosPerMessage").asDouble() / a.path("serverMicrosPerMessage").asDouble();
        String measured = "at " + Report.count(a.path("targetRate").asDouble()) + " msg/s "
                + Report.cpuMicros(a.path("serverMicrosPerMessage").asDouble()) + " vs "
                + Report.cpuMicros(b.path("serverMicrosPerMessage").asDouble()) + " per message: " + times(ratio);
        String context = "";
        JsonNode raw = ack.path("results").path(RAW).path("rates");
        if (!other.equals(RAW) && raw.isArray()) {
            for (JsonNode rr : raw) {
                if (rr.path("targetRate").asDouble() == a.path("targetRate").asDouble() && kept(rr)
                        && rr.path("serverMicrosPerMessage").asDouble() > 0) {
                    context = "Raw Netty's own echo at that rate does only "
                            + times(b.path("serverMicrosPerMessage").asDouble() / rr.path("serverMicrosPerMessage").asDouble())
                            + " " + label(other) + "'s messages per server CPU second";
                }
            }
        }
        return new Bar(id, bar, measured, ratio >= limit, shortBy(ratio, limit), context);
    }

    private static Bar broadcastPerCpu(JsonNode broadcast, String other, String scenario, String target, double limit) {
        String id = scenario + "-" + other;
        String bar = "broadcast deliveries per server CPU second " + target;
        JsonNode us = broadcast.path("results").path(US).path("sizes");
        JsonNode them = broadcast.path("results").path(other).path("sizes");
        if (!us.isArray() || !them.isArray() || us.isEmpty() || us.size() != them.size()) {
            return new Bar(id, bar, "—", null, "");
        }
        List<String> parts = new ArrayList<>();
        List<String> rawParts = new ArrayList<>();
        JsonNode raw = broadcast.path("results").path(RAW).path("sizes");
        double worst = Double.MAX_VALUE;
        for (int i = 0; i < us.size(); i++) {
            double a = us.get(i).path("deliveriesPerServerCpuSecond").asDouble();
            double b = them.get(i).path("deliveriesPerServerCpuSecond").asDouble();
            if (a <= 0 || b <= 0) {
                return new Bar(id, bar, "—", null, "");
            }
            worst = Math.min(worst, a / b);
            parts.add(times(a / b) + " to " + Report.count(us.get(i).path("sockets").asDouble()) + " sockets"
                    + noise(broadcast.path("results").path(US), broadcast.path("results").path(other), i));
            double r = raw.path(i).path("deliveriesPerServerCpuSecond").asDouble();
            if (r > 0) {
                rawParts.add(times(r / b) + " to " + Report.count(raw.path(i).path("sockets").asDouble()) + " sockets");
            }
        }
        String context = other.equals(RAW) || rawParts.size() != us.size() ? ""
                : "Raw Netty's own pre-framed fan-out does only " + String.join(", ", rawParts) + " " + label(other)
                        + "'s deliveries per server CPU second";
        return new Bar(id, bar, String.join(", ", parts), worst >= limit, shortBy(worst, limit), context);
    }

    private static Bar p99(JsonNode ack, JsonNode plannedRates) {
        String id = "p99";
        String bar = "p99 of the acknowledged round trip at a fixed moderate rate at most 1.5× raw Netty";
        JsonNode us = ack.path("results").path(US).path("rates");
        JsonNode them = ack.path("results").path(RAW).path("rates");
        if (!us.isArray() || !them.isArray() || plannedRates.isEmpty()) {
            return new Bar(id, bar, "—", null, "");
        }
        double quarter = plannedRates.get(plannedRates.size() - 1).asDouble() / 4;
        int index = 0;
        for (int i = 1; i < plannedRates.size(); i++) {
            if (Math.abs(plannedRates.get(i).asDouble() - quarter) < Math.abs(plannedRates.get(index).asDouble() - quarter)) {
                index = i;
            }
        }
        JsonNode a = us.path(index);
        JsonNode b = them.path(index);
        if (a.path("latency").path("count").asLong() == 0 || b.path("latency").path("count").asLong() == 0) {
            return new Bar(id, bar, "—", null, "");
        }
        double ratio = a.path("latency").path("p99").asDouble() / b.path("latency").path("p99").asDouble();
        List<String> others = new ArrayList<>();
        for (int i = 0; i < plannedRates.size(); i++) {
            JsonNode ai = us.path(i).path("latency");
            JsonNode bi = them.path(i).path("latency");
            if (i != index && ai.path("count").asLong() > 0 && bi.path("count").asLong() > 0) {
                others.add(Report.count(plannedRates.get(i).asDouble()) + ": "
                        + times(ai.path("p99").asDouble() / bi.path("p99").asDouble()));
            }
        }
        String measured = "at " + Report.count(plannedRates.get(index).asDouble()) + " msg/s "
                + Report.micros(a.path("latency").path("p99").asDouble()) + " vs "
                + Report.micros(b.path("latency").path("p99").asDouble()) + ": " + times(ratio)
                + (others.isEmpty() ? "" : " (other rates " + String.join(", ", others) + ")");
        return new Bar(id, bar, measured, ratio <= 1.5,
                String.format(Locale.ROOT, "%.0f%% over the bar", 100 * (ratio / 1.5 - 1)));
    }

    private static Bar connected(JsonNode idle, JsonNode points) {
        String id = "connected";
        int wanted = points.isEmpty() ? 0 : points.get(points.size() - 1).asInt();
        String bar = "18,000 connected sockets in one process with no error";
        JsonNode us = idle.path("results").path(US);
        if (!usable(us) || us.path("points").isEmpty()) {
            return new Bar(id, bar, "—", null, "");
        }
        JsonNode last = us.path("points").get(us.path("points").size() - 1);
        int open = last.path("sockets").asInt();
        int failures = us.path("failures").asInt();
        String measured = Report.count(open) + " open of " + Report.count(wanted) + " connected, "
                + Report.count(failures) + " failed handshakes";
        if (wanted < 18_000) {
            return new Bar(id, bar, measured + " (this plan connects fewer)", null, "");
        }
        return new Bar(id, bar, measured, open >= 18_000 && failures == 0,
                Report.count(Math.max(0, 18_000 - open)) + " short, " + Report.count(failures) + " failed");
    }

    private static String label(String id) {
        return Side.label(id);
    }

    /** The runs' spread of both sides' deliveries per CPU second at one size, e.g. " (runs ±3% / ±8%)". */
    private static String noise(JsonNode us, JsonNode them, int index) {
        Double a = Repeats.spread(us, res -> num(res.path("sizes").path(index).path("deliveriesPerServerCpuSecond")));
        Double b = Repeats.spread(them, res -> num(res.path("sizes").path(index).path("deliveriesPerServerCpuSecond")));
        return a == null || b == null ? "" : String.format(Locale.ROOT, " (runs ±%.0f%% / ±%.0f%%)", 100 * a, 100 * b);
    }

    private static Double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    /** A fixed rate answered in time: at least 95% of it. */
    private static boolean kept(JsonNode rate) {
        return rate.path("achievedRate").asDouble() >= 0.95 * rate.path("targetRate").asDouble();
    }

    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String shortBy(double ratio, double limit) {
        return String.format(Locale.ROOT, "%.0f%% short of the bar", 100 * (1 - ratio / limit));
    }
}
