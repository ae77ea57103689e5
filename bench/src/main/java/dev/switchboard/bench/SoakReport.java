package dev.switchboard.bench;

import static dev.switchboard.bench.Report.bytes;
import static dev.switchboard.bench.Report.count;
import static dev.switchboard.bench.Report.duration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The report's soak section: the curve of every resource over the run, and its slopes. */
final class SoakReport {

    private SoakReport() {
    }

    static void render(StringBuilder md, JsonNode s, JsonNode plan) {
        md.append("## ").append(s.path("title").asText()).append("\n\n");
        md.append(count(plan.path("soakClients").asDouble())).append(" clients kept connected for ")
                .append(duration(plan.path("soakDuration"))).append(" while they churn: each lives about 100 s "
                        + "and leaves with a Socket.IO disconnect (35%), a plain close (35%), a TCP reset (20%) or by "
                        + "no longer reading (10%, left for the server's heartbeat); as many arrive over WebSocket "
                        + "(40%), the official client's polling-then-upgrade (40%) or polling only (20%), join a room, "
                        + "send an acknowledged message every 10 s, and broadcast to a room ten times a second in all. "
                        + "Every ").append(duration(plan.path("soakSample"))).append(" the server collects garbage "
                        + "and reports heap, direct memory and the buffers Netty's leak detector found unreleased; "
                        + "descriptors and threads come from `/proc`. Switchboard only.\n\n");
        JsonNode res = s.path("results").path("switchboard");
        if (res.isMissingNode()) {
            return;
        }
        if (res.has("error")) {
            md.append("- The soak failed: ").append(res.get("error").asText().replace("\n", " ")).append("\n\n");
            return;
        }
        md.append("| minute | clients ready | heap | direct | RSS | descriptors | threads | leaks |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(md, "before", res.path("before"));
        for (JsonNode sample : res.path("samples")) {
            row(md, String.format(Locale.ROOT, "%.1f", sample.path("minute").asDouble()), sample);
        }
        row(md, "all closed", res.path("afterClose"));
        double from = res.path("fromMinute").asDouble();
        md.append('\n').append(String.format(Locale.ROOT, "Slopes from minute %.1f to the end (least squares), per "
                + "minute: heap %s, direct %s, RSS %s, descriptors %.1f, threads %.2f. Leak detection `%s`: %s "
                + "buffers leaked.", from, bytes(res.path("heapPerMinute").asDouble()),
                bytes(res.path("directPerMinute").asDouble()), bytes(res.path("rssPerMinute").asDouble()),
                res.path("fdsPerMinute").asDouble(), res.path("threadsPerMinute").asDouble(),
                res.path("leakDetection").asText(), count(res.path("leaks").asDouble()))).append(" Heap after "
                + "collection is the figure a leak would move; a JVM's RSS grows until every page of the heap it "
                + "was given (`-Xms1g`) has been used once, leak or not.\n\n");
        JsonNode c = res.path("churn");
        md.append("Churn: ").append(count(c.path("arrivals").asDouble())).append(" arrivals (")
                .append(count(c.path("arrivalFailures").asDouble())).append(" failed), ")
                .append(count(c.path("disconnects").asDouble())).append(" disconnects, ")
                .append(count(c.path("closes").asDouble())).append(" closes, ")
                .append(count(c.path("resets").asDouble())).append(" resets, ")
                .append(count(c.path("halfOpen").asDouble())).append(" half-open; ")
                .append(count(c.path("serverCloses").asDouble())).append(" closed by the server; ")
                .append(count(c.path("acksAnswered").asDouble())).append(" of ")
                .append(count(c.path("acksSent").asDouble())).append(" acknowledged messages answered (the rest "
                        + "went to clients that left first); ")
                .append(count(c.path("roomDeliveries").asDouble())).append(" room deliveries of ")
                .append(count(c.path("roomMessages").asDouble())).append(" room broadcasts.\n\n");
    }

    private static void row(StringBuilder md, String label, JsonNode sample) {
        JsonNode m = sample.path("memory");
        md.append("| ").append(label).append(" | ").append(count(sample.path("connected").asDouble()))
                .append(" | ").append(bytes(m.path("heap").asDouble()))
                .append(" | ").append(bytes(m.path("direct").asDouble()))
                .append(" | ").append(bytes(m.path("rss").asDouble()))
                .append(" | ").append(count(sample.path("fds").asDouble()))
                .append(" | ").append(count(sample.path("threads").asDouble()))
                .append(" | ").append(count(m.path("leaks").asDouble())).append(" |\n");
    }
}
