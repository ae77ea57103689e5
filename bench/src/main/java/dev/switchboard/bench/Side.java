package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The servers of a run, in column order, and the tables that put them side by side. */
final class Side {
    private final List<String> servers = new ArrayList<>();

    Side(JsonNode r) {
        r.path("servers").forEach(n -> servers.add(n.asText()));
    }

    Table table(JsonNode scenario, String corner) {
        return table(scenario, corner, true);
    }

    Table table(JsonNode scenario, String corner, boolean ratios) {
        return new Table(servers, scenario.path("results"), corner, ratios);
    }

    void errors(StringBuilder md, JsonNode scenario) {
        for (String id : servers) {
            JsonNode res = scenario.path("results").path(id);
            if (res.has("error")) {
                md.append("- ").append(label(id)).append(" failed: ").append(res.get("error").asText()
                        .replace("\n", " ")).append('\n');
            }
        }
        md.append('\n');
    }

    /** A server's column heading, from its id. */
    static String label(String id) {
        try {
            return ServerKind.of(id).label();
        } catch (IllegalArgumentException e) {
            return id;
        }
    }
}
