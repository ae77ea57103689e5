package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartsTest {

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String RESULTS = """
            {"servers":["switchboard","node"],
             "scenarios":{
               "idle":{"results":{
                 "switchboard":{"baseline":{"heap":0,"direct":0,"rss":1000},
                   "points":[{"sockets":1000,"memory":{"heap":2048000,"direct":0,"rss":4097000}}]},
                 "node":{"baseline":{"heap":0,"direct":0,"rss":0},
                   "points":[{"sockets":1000,"memory":{"heap":9216000,"direct":0,"rss":12288000}}]}}},
               "ack":{"results":{
                 "switchboard":{"rates":[{"targetRate":5000,"latency":{"count":5,"p50":150,"p99":2000}}]},
                 "node":{"rates":[{"targetRate":5000,"latency":{"count":5,"p50":170,"p99":4000}}]}}},
               "burst":{"results":{
                 "switchboard":{"sizes":[{"sockets":1000,"deliveriesPerServerCpuSecond":2000000}]},
                 "node":{"sizes":[{"sockets":1000,"deliveriesPerServerCpuSecond":100000}]}}}}}
            """;

    @Test
    void drawsEachChartItsFiguresAreThereFor() {
        Map<String, String> charts = Charts.render(json(RESULTS));
        assertThat(charts).containsOnlyKeys(Charts.MEMORY, Charts.LATENCY, Charts.THROUGHPUT);
        assertThat(charts.values()).allSatisfy(svg -> assertThat(svg).startsWith("<svg ").endsWith("</svg>\n"));
        assertThat(charts.get(Charts.MEMORY)).contains("Switchboard RSS", "Node socket.io heap + direct");
        assertThat(charts.get(Charts.LATENCY)).contains("Switchboard p99", "Node socket.io p50");
        // one bar per server in the burst group, its value in the tooltip
        assertThat(charts.get(Charts.THROUGHPUT)).contains("burst to 1k", "<title>Switchboard: 2,000,000</title>",
                "<title>Node socket.io: 100,000</title>");
    }

    @Test
    void noFiguresNoChart() {
        assertThat(Charts.render(json("{\"servers\":[\"switchboard\"],\"scenarios\":{}}"))).isEmpty();
    }

    @Test
    void aRunOfSwitchboardAndTomcatAloneDrawsNoChartThatWouldReplaceTheFullRunsOnes() {
        String tomcatRun = RESULTS.replace("\"node\"", "\"tomcat\"");
        assertThat(tomcatRun).contains("\"servers\":[\"switchboard\",\"tomcat\"]");
        assertThat(Charts.render(json(tomcatRun))).isEmpty();
    }
}
