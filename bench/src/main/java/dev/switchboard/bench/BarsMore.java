package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bench.Bars.Bar;
import java.util.Locale;
import java.util.function.Function;

/** The bars of the second wave (issue 9): RSS, pipelined acks, connects, the cluster and the demo. */
final class BarsMore {

    private static final String US = "switchboard";
    private static final String NODE = "node";

    private BarsMore() {
    }

    private static JsonNode result(JsonNode scenario, String server) {
        return scenario.path("results").path(server);
    }

    private static String spreads(JsonNode a, JsonNode b, Function<JsonNode, Double> figure) {
        Double x = Repeats.spread(a, figure);
        Double y = Repeats.spread(b, figure);
        return x == null || y == null ? "" : String.format(Locale.ROOT, " (runs ±%.0f%% / ±%.0f%%)", 100 * x, 100 * y);
    }

    static Bar rss(JsonNode idle) {
        String bar = "RSS per idle WebSocket socket at most half of Node's";
        JsonNode us = result(idle, US);
        JsonNode them = result(idle, NODE);
        double a = us.path("rssPerSocket").asDouble();
        double b = them.path("rssPerSocket").asDouble();
        if (!Bars.usable(us) || !Bars.usable(them) || a <= 0 || b <= 0) {
            return new Bar("rss-node", bar, "—", null, "");
        }
        double ratio = a / b;
        return new Bar("rss-node", bar, Report.bytes(a) + " vs " + Report.bytes(b) + ": " + Bars.times(ratio),
                ratio <= 0.5, String.format(Locale.ROOT, "%.0f%% over the bar", 100 * (ratio / 0.5 - 1)));
    }

    static Bar pipelined(JsonNode s, String other, String target, double limit) {
        String id = "pipelined-" + other;
        String bar = "acknowledgements per server CPU second with pipelined clients " + target;
        JsonNode us = result(s, US);
        JsonNode them = result(s, other);
        double a = us.path("serverMicrosPerMessage").asDouble();
        double b = them.path("serverMicrosPerMessage").asDouble();
        if (!Bars.usable(us) || !Bars.usable(them) || a <= 0 || b <= 0) {
            return new Bar(id, bar, "—", null, "");
        }
        double ratio = b / a;
        String measured = Report.cpuMicros(a) + " vs " + Report.cpuMicros(b) + " per ack: " + Bars.times(ratio)
                + spreads(us, them, r -> r.path("serverMicrosPerMessage").asDouble());
        return new Bar(id, bar, measured, ratio >= limit, Bars.shortBy(ratio, limit));
    }

    private static JsonNode defaultFlow(JsonNode res) {
        for (JsonNode f : res.path("flows")) {
            if (f.path("flow").asText().equals("default")) {
                return f;
            }
        }
        return null;
    }

    static Bar connectRate(JsonNode connect) {
        String bar = "default-flow connects per second at least 1.2× Node";
        JsonNode a = defaultFlow(result(connect, US));
        JsonNode b = defaultFlow(result(connect, NODE));
        if (a == null || b == null || b.path("perSecond").asDouble() <= 0) {
            return new Bar("connect-rate", bar, "—", null, "");
        }
        double ratio = a.path("perSecond").asDouble() / b.path("perSecond").asDouble();
        String measured = Report.rate(a.path("perSecond").asDouble()) + " vs " + Report.rate(b.path("perSecond").asDouble())
                + " per second: " + Bars.times(ratio) + spreads(result(connect, US), result(connect, NODE),
                r -> defaultFlow(r) == null ? null : defaultFlow(r).path("perSecond").asDouble());
        return new Bar("connect-rate", bar, measured, ratio >= 1.2, Bars.shortBy(ratio, 1.2));
    }

    static Bar connectP99(JsonNode connect) {
        String bar = "default-flow connect time p99 at most Node's";
        JsonNode a = defaultFlow(result(connect, US));
        JsonNode b = defaultFlow(result(connect, NODE));
        if (a == null || b == null || b.path("latency").path("p99").asDouble() <= 0) {
            return new Bar("connect-p99", bar, "—", null, "");
        }
        double x = a.path("latency").path("p99").asDouble();
        double y = b.path("latency").path("p99").asDouble();
        return new Bar("connect-p99", bar, Report.micros(x) + " vs " + Report.micros(y) + ": " + Bars.times(x / y),
                x <= y, String.format(Locale.ROOT, "%.0f%% over the bar", 100 * (x / y - 1)));
    }

    static Bar clusterRedis(JsonNode cluster) {
        String bar = "two-node cluster: Redis CPU per message at most Node's pair's";
        JsonNode us = result(cluster, US);
        JsonNode them = result(cluster, NODE);
        double a = us.path("redisMicrosPerMessage").asDouble();
        double b = them.path("redisMicrosPerMessage").asDouble();
        if (!Bars.usable(us) || !Bars.usable(them) || b <= 0) {
            return new Bar("cluster-redis", bar, "—", null, "");
        }
        return new Bar("cluster-redis", bar, Report.cpuMicros(a) + " vs " + Report.cpuMicros(b) + ": "
                + Bars.times(a / b) + spreads(us, them, r -> r.path("redisMicrosPerMessage").asDouble()),
                a <= b, String.format(Locale.ROOT, "%.0f%% over the bar", 100 * (a / b - 1)));
    }

    static Bar clusterNodes(JsonNode cluster) {
        String bar = "two-node cluster: node CPU per delivery at least 3× less than Node's";
        JsonNode us = result(cluster, US);
        JsonNode them = result(cluster, NODE);
        double a = us.path("serverMicrosPerDelivery").asDouble();
        double b = them.path("serverMicrosPerDelivery").asDouble();
        if (!Bars.usable(us) || !Bars.usable(them) || a <= 0 || b <= 0) {
            return new Bar("cluster-nodes", bar, "—", null, "");
        }
        double ratio = b / a;
        return new Bar("cluster-nodes", bar, Report.cpuMicros(a) + " vs " + Report.cpuMicros(b) + ": "
                + Bars.times(ratio) + " less" + spreads(us, them, r -> r.path("serverMicrosPerDelivery").asDouble()),
                ratio >= 3, Bars.shortBy(ratio, 3));
    }

    static Bar demo(JsonNode demo, JsonNode plan) {
        String bar = "the chat demo with " + Report.count(plan.path("demoUsers").asDouble())
                + " users: every message delivered, no session dropped, everyone knows who is online";
        JsonNode us = result(demo, US);
        if (!Bars.usable(us) || us.isMissingNode()) {
            return new Bar("demo", bar, us.has("error") ? "failed: " + us.path("error").asText() : "—",
                    us.has("error") ? false : null, "the run failed");
        }
        long connected = us.path("connected").asLong();
        long users = us.path("users").asLong();
        long delivered = us.path("delivered").asLong();
        long expected = us.path("expected").asLong();
        long dropped = us.path("dropped").asLong();
        long known = us.path("usersKnown").asLong();
        long knownExpected = us.path("usersKnownExpected").asLong();
        String measured = Report.count(connected) + " of " + Report.count(users) + " connected, "
                + Report.count(delivered) + " of " + Report.count(expected) + " deliveries, "
                + Report.count(dropped) + " sessions dropped, " + Report.count(known) + " of "
                + Report.count(knownExpected) + " users known";
        boolean met = connected == users && delivered == expected && dropped == 0 && known == knownExpected;
        return new Bar("demo", bar, measured, met, Report.count(expected - delivered) + " deliveries missing, "
                + Report.count(dropped) + " dropped, " + Report.count(knownExpected - known) + " users unknown");
    }
}
