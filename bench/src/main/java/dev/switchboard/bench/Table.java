package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * One Markdown table: a column per server, then Switchboard's ratio to each other server. A figure
 * of a result that stands for several runs shows how far the runs spread ({@code ±n%}, see
 * {@link Repeats#spread}).
 */
final class Table {

    private static final String US = "switchboard";

    private final List<String> servers;
    private final JsonNode results;
    private final List<String> ratioTo = new ArrayList<>();
    private final StringBuilder sb = new StringBuilder();

    Table(List<String> servers, JsonNode results, String corner, boolean ratios) {
        // a column per server that ran the scenario: the Tomcat binding runs only a few
        this.servers = servers.stream().filter(s -> !results.isObject() || results.has(s)).toList();
        this.results = results;
        if (ratios && this.servers.contains(US)) {
            this.servers.stream().filter(s -> !s.equals(US)).forEach(ratioTo::add);
        }
        sb.append("| ").append(corner);
        this.servers.forEach(s -> sb.append(" | ").append(Side.label(s)));
        ratioTo.forEach(s -> sb.append(" | ").append(Side.label(US)).append(" ÷ ").append(Side.label(s)));
        sb.append(" |\n|---");
        this.servers.forEach(s -> sb.append("|---:"));
        ratioTo.forEach(s -> sb.append("|---:"));
        sb.append("|\n");
    }

    void section(String title) {
        sb.append("| **").append(title).append("**");
        for (int i = 0; i <= servers.size() + ratioTo.size(); i++) {
            sb.append(" |");
        }
        sb.append('\n');
    }

    void row(String label, Function<JsonNode, Double> value, DoubleFunction<String> format) {
        row(label, value, format, true, res -> false);
    }

    void row(String label, Function<JsonNode, Double> value, DoubleFunction<String> format, boolean ratio) {
        row(label, value, format, ratio, res -> false);
    }

    void row(String label, Function<JsonNode, Double> value, DoubleFunction<String> format, boolean ratio,
             Function<JsonNode, Boolean> generatorBound) {
        row(label, value, format, ratio, generatorBound, " (generator-bound)");
    }

    void row(String label, Function<JsonNode, Double> value, DoubleFunction<String> format, boolean ratio,
             Function<JsonNode, Boolean> flagged, String flag) {
        sb.append("| ").append(label);
        for (String s : servers) {
            JsonNode res = results.path(s);
            Double v = res.has("error") || res.isMissingNode() ? null : value.apply(res);
            sb.append(" | ").append(res.has("error") ? "failed" : v == null ? "—" : format.apply(v)
                    + (flagged.apply(res) ? flag : ""));
        }
        for (String other : ratioTo) {
            Double us = safe(value, results.path(US));
            Double them = safe(value, results.path(other));
            sb.append(" | ").append(ratio && us != null && them != null && them != 0
                    ? String.format(Locale.ROOT, "%.2f×", us / them) : "");
        }
        sb.append(" |\n");
    }

    void textRow(String label, Function<JsonNode, String> value) {
        sb.append("| ").append(label);
        for (String s : servers) {
            JsonNode res = results.path(s);
            String v = res.has("error") || res.isMissingNode() ? null : value.apply(res);
            sb.append(" | ").append(res.has("error") ? "failed" : v == null ? "—" : v);
        }
        ratioTo.forEach(s -> sb.append(" | "));
        sb.append(" |\n");
    }

    private static Double safe(Function<JsonNode, Double> value, JsonNode res) {
        return res.isMissingNode() || res.has("error") ? null : value.apply(res);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
