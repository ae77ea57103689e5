package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The median of repeated runs of one scenario on one server, and how far the runs spread: the
 * report shows the median of every figure, and beside the main ones the spread of the runs (the
 * noise the ratios must be read against).
 */
final class Repeats {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Repeats() {
    }

    /**
     * One result standing for several runs: every number is the median of that number across the
     * runs that did not fail (the same path in each: fields by name, array elements by index),
     * everything else is the first run's; the runs themselves are kept under {@code runs}. When
     * every run failed, the first failure.
     *
     * @param runs the runs' results, in order
     * @return the merged result
     */
    static JsonNode median(List<JsonNode> runs) {
        List<JsonNode> ok = runs.stream().filter(r -> !r.has("error")).toList();
        if (ok.isEmpty()) {
            return runs.get(0);
        }
        JsonNode merged = merge(ok);
        if (merged instanceof ObjectNode o && runs.size() > 1) {
            ArrayNode all = o.putArray("runs");
            runs.forEach(all::add);
            if (ok.size() < runs.size()) {
                o.put("failedRuns", runs.size() - ok.size());
            }
        }
        return merged;
    }

    private static JsonNode merge(List<JsonNode> nodes) {
        JsonNode first = nodes.get(0);
        if (first.isNumber()) {
            double[] values = nodes.stream().filter(JsonNode::isNumber).mapToDouble(JsonNode::asDouble).toArray();
            double m = median(values);
            return first.isIntegralNumber() && m == Math.rint(m) ? F.numberNode((long) m) : F.numberNode(m);
        }
        if (first.isObject()) {
            ObjectNode out = F.objectNode();
            for (Map.Entry<String, JsonNode> e : first.properties()) {
                List<JsonNode> children = new ArrayList<>();
                for (JsonNode n : nodes) {
                    JsonNode c = n.get(e.getKey());
                    if (c != null && c.getNodeType() == e.getValue().getNodeType()) {
                        children.add(c);
                    }
                }
                out.set(e.getKey(), merge(children));
            }
            return out;
        }
        if (first.isArray()) {
            ArrayNode out = F.arrayNode();
            for (int i = 0; i < first.size(); i++) {
                List<JsonNode> children = new ArrayList<>();
                for (JsonNode n : nodes) {
                    if (n.isArray() && n.size() == first.size()) {
                        children.add(n.get(i));
                    }
                }
                out.add(merge(children));
            }
            return out;
        }
        return first;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * How far the runs of a result spread around its median for one figure: the larger distance
     * of the lowest and the highest run from the median, as a fraction of it.
     *
     * @param result a merged result (with {@code runs})
     * @param figure reads the figure from a run
     * @return the spread, or null with fewer than two runs having the figure
     */
    static Double spread(JsonNode result, Function<JsonNode, Double> figure) {
        JsonNode runs = result.path("runs");
        List<Double> values = new ArrayList<>();
        for (JsonNode r : runs) {
            if (!r.has("error")) {
                Double v = figure.apply(r);
                if (v != null && v > 0) {
                    values.add(v);
                }
            }
        }
        if (values.size() < 2) {
            return null;
        }
        double m = median(values.stream().mapToDouble(Double::doubleValue).toArray());
        double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(m);
        double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(m);
        return m == 0 ? null : Math.max(hi - m, m - lo) / m;
    }
}
