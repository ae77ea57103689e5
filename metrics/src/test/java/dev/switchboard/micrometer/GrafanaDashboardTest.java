package dev.switchboard.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.socketio.SocketIoServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in {@code metrics/grafana/} queries meters that exist: every query names
 * exactly one series that {@link SwitchboardMetrics} exports under Prometheus's naming (taken from
 * a real {@link PrometheusMeterRegistry}'s scrape, not written down here), with labels that series
 * has; and every exported series is on the dashboard.
 */
class GrafanaDashboardTest {

    /** Names of our series in PromQL: the Prometheus form of {@code socketio.*} and {@code engineio.*}. */
    private static final Pattern SERIES = Pattern.compile("\\b(?:socketio|engineio)_[a-z_]+\\b");
    private static final Pattern BY = Pattern.compile("\\bby \\(([^)]*)\\)");
    private static final Pattern MATCHER = Pattern.compile("\\{([^}]*)}");
    /** Labels Prometheus adds to each scraped target, not exported by the application. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static JsonNode dashboard;
    /** Series name to its label names, as the registry exports them. */
    private static final Map<String, Set<String>> exported = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        dashboard = new ObjectMapper().readTree(Path.of(System.getProperty("metrics.dashboard",
                "grafana/switchboard-dashboard.json")).toFile());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new SwitchboardMetrics(SocketIoServer.builder().build()).bindTo(registry);
        for (String line : registry.scrape().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> labels = exported.computeIfAbsent(name, k -> new TreeSet<>());
            if (brace >= 0 && brace < space) {
                for (String pair : line.substring(brace + 1, line.indexOf('}')).split(",")) {
                    labels.add(pair.substring(0, pair.indexOf('=')).trim());
                }
            }
        }
    }

    /** Every PromQL expression of the dashboard: panel targets and variable queries. */
    private static List<String> queries() {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                out.add(variable.path("query").path("query").asText());
            }
        }
        return out;
    }

    private static List<String> seriesIn(String expr) {
        List<String> names = new ArrayList<>();
        Matcher m = SERIES.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void theRegistryExportsTheNamesTheDashboardIsWrittenFor() {
        assertThat(exported).containsKeys("socketio_connects_total", "socketio_sockets_connected",
                "socketio_bytes_total", "engineio_sessions_open", "engineio_buffer_overflows_total");
        assertThat(exported.get("socketio_disconnects_total")).contains("reason");
    }

    @Test
    void everyQueryNamesExactlyOneExportedSeries() {
        List<String> queries = queries();
        assertThat(queries).hasSizeGreaterThan(10);
        for (String expr : queries) {
            assertThat(seriesIn(expr)).as(expr).hasSize(1);
            assertThat(exported).as(expr).containsKey(seriesIn(expr).get(0));
        }
    }

    @Test
    void everyLabelAQueryGroupsOrFiltersByIsOneItsSeriesHas() {
        for (String expr : queries()) {
            Set<String> has = exported.get(seriesIn(expr).get(0));
            Set<String> used = new HashSet<>();
            Matcher by = BY.matcher(expr);
            while (by.find()) {
                for (String label : by.group(1).split(",")) {
                    used.add(label.trim());
                }
            }
            Matcher filter = MATCHER.matcher(expr);
            while (filter.find()) {
                for (String matcher : filter.group(1).split(",")) {
                    used.add(matcher.split("[=!~]", 2)[0].trim());
                }
            }
            used.removeAll(TARGET_LABELS);
            assertThat(has).as(expr).containsAll(used);
        }
    }

    @Test
    void everyExportedSeriesIsOnTheDashboard() {
        Set<String> shown = new TreeSet<>();
        for (String expr : queries()) {
            shown.addAll(seriesIn(expr));
        }
        assertThat(shown).containsAll(exported.keySet());
    }

    @Test
    void panelsHaveDistinctIdsAndTitlesAndUseTheDataSourceVariable() {
        Set<Integer> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("id of " + panel.path("title")).isTrue();
            assertThat(titles.add(panel.path("title").asText())).isTrue();
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        }
        assertThat(ids).hasSize(10);
    }
}
