package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.switchboard.bench.scenario.Soak;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the CI smoke (every scenario, tiny, against all three servers) and checks that each produced
 * sane figures: everything connected, every message answered, every broadcast delivered, memory
 * and CPU read. Nothing here asserts speed.
 */
class RunnerTest {

    private static final Path BENCH = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath();
    private static JsonNode results;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void runSmoke() throws Exception {
        installNodeBaseline(BENCH.resolve("node"));
        Runner.Options options = Runner.Options.parse("--smoke", "--root", BENCH.getParent().toString(),
                "--json", BENCH.resolve("target/bench-smoke.json").toString(),
                "--markdown", BENCH.resolve("target/BENCHMARKS-smoke.md").toString());
        long t0 = System.nanoTime();
        results = Runner.run(options);
        System.out.printf("[bench] smoke run took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void smokeRunHasNoFailedMeasurement() {
        assertThat(Report.errors(results)).isEmpty();
        assertThat(results.path("servers")).extracting(JsonNode::asText)
                .containsExactly("switchboard", "raw", "node", "tomcat");
    }

    @Test
    void idleMemoryIsReadAtEveryStepAndGivesAPositiveSlope() {
        for (String server : List.of("switchboard", "raw", "node", "tomcat")) {
            JsonNode res = result("idle", server);
            // Tomcat is read at a quarter of the counts (IdleMemory.points)
            int divisor = server.equals("tomcat") ? 4 : 1;
            assertThat(res.path("failures").asInt()).isZero();
            assertThat(res.path("points")).hasSize(Plan.smoke().idlePoints().size());
            for (int i = 0; i < res.path("points").size(); i++) {
                JsonNode p = res.path("points").path(i);
                assertThat(p.path("sockets").asInt()).isEqualTo(Plan.smoke().idlePoints().get(i) / divisor);
                assertThat(p.path("memory").path("heap").asLong()).isPositive();
                assertThat(p.path("memory").path("rss").asLong()).isPositive();
            }
            assertThat(res.path("heapAndDirectPerSocket").asDouble()).isBetween(100.0, 1024.0 * 1024);
        }
    }

    @Test
    void everyConnectFlowCompletesEveryHandshake() {
        for (String server : List.of("switchboard", "raw", "node")) {
            JsonNode res = result("connect", server);
            assertThat(res.path("flows")).hasSize(server.equals("raw") ? 1 : 2);
            for (JsonNode flow : res.path("flows")) {
                assertThat(flow.path("connects").asInt()).as(server + " " + flow.path("flow")).isEqualTo(Plan.smoke().connects());
                assertThat(flow.path("failures").asInt()).isZero();
                assertThat(flow.path("latency").path("p50").asDouble()).isPositive();
                assertThat(flow.path("serverMicrosPerConnect").asDouble()).isPositive();
                // read from /proc/net/netstat, which every Linux machine this runs on has
                assertThat(flow.path("listenDrops").isNumber()).isTrue();
                assertThat(flow.path("listenDrops").asLong()).isNotNegative();
            }
        }
    }

    @Test
    void everyAcknowledgedMessageIsAnsweredAndTimed() {
        for (JsonNode res : each("ack")) {
            assertThat(res.path("sockets").asInt()).isEqualTo(Plan.smoke().ackSockets());
            JsonNode rate = res.path("rates").path(0);
            assertThat(rate.path("sent").asLong()).isPositive();
            assertThat(rate.path("answered").asLong()).isEqualTo(rate.path("sent").asLong());
            assertThat(rate.path("notSent").asLong()).isZero();
            assertThat(rate.path("latency").path("count").asLong()).isEqualTo(rate.path("answered").asLong());
            assertThat(rate.path("serverMicrosPerMessage").asDouble()).isPositive();
        }
    }

    @Test
    void everyBroadcastReachesEverySocket() {
        for (JsonNode res : each("broadcast")) {
            assertThat(res.path("sizes")).hasSize(Plan.smoke().broadcastSockets().size());
            for (JsonNode size : res.path("sizes")) {
                assertThat(size.path("expected").asLong()).isPositive();
                assertThat(size.path("delivered").asLong()).isEqualTo(size.path("expected").asLong());
                // Process CPU is counted in clock ticks (10 ms). A smoke stretch delivers a few hundred
                // messages at a few µs each, less than one tick, so the kernel may truly report zero;
                // the runner then reports no rate rather than dividing by zero.
                assertThat(size.path("cpu").path("wallSeconds").asDouble()).isPositive();
                assertThat(size.path("deliveriesPerServerCpuSecond").asDouble()).isNotNegative();
            }
        }
    }

    @Test
    void everyBurstReachesEverySocket() {
        for (JsonNode res : each("burst")) {
            assertThat(res.path("sizes")).hasSize(Plan.smoke().burstSockets().size());
            for (JsonNode size : res.path("sizes")) {
                assertThat(size.path("expected").asLong()).isPositive();
                assertThat(size.path("delivered").asLong()).isEqualTo(size.path("expected").asLong());
                assertThat(size.path("closed").isInt()).isTrue();
                assertThat(size.path("closed").asInt()).isZero();
                // The smoke plan measures one burst of each size.
                assertThat(size.path("measuredBursts").asInt()).isEqualTo(1);
                // The kernel counts process CPU in clock ticks (10 ms); a smoke burst of a few thousand
                // coalesced deliveries can cost less than one tick, so zero is a true reading here.
                assertThat(size.path("serverMicrosPerDelivery").asDouble()).isNotNegative();
            }
        }
    }

    @Test
    void pipelinedClientsGetTheirAnswers() {
        for (JsonNode res : each("pipelined")) {
            assertThat(res.path("failures").asInt()).isZero();
            assertThat(res.path("messages").asLong()).isPositive();
            assertThat(res.path("serverMicrosPerMessage").asDouble()).isPositive();
        }
    }

    @Test
    void theChatDemoDeliversEveryMessageToEveryUserAndDropsNoSession() {
        JsonNode demo = result("demo", "switchboard");
        assertThat(demo.path("connected").asInt()).isEqualTo(Plan.smoke().demoUsers());
        assertThat(demo.path("dropped").asLong()).isZero();
        assertThat(demo.path("delivered").asLong()).isEqualTo(demo.path("expected").asLong()).isPositive();
        assertThat(demo.path("lists").asLong()).isEqualTo(Plan.smoke().demoUsers());
        assertThat(demo.path("usersKnown").asLong()).isEqualTo(demo.path("usersKnownExpected").asLong()).isPositive();
        // the demo is Switchboard's own app
        assertThat(results.path("scenarios").path("demo").path("results").has("node")).isFalse();
    }

    @Test
    void theSoakChurnsLeaksNoBufferAndGivesBackEveryDescriptor() {
        JsonNode soak = result("soak", "switchboard");
        assertThat(soak.path("leakDetection").asText()).isEqualTo("paranoid");
        assertThat(soak.path("leaks").asLong()).isZero();
        assertThat(soak.path("samples").size()).isGreaterThanOrEqualTo(3);
        JsonNode churn = soak.path("churn");
        assertThat(churn.path("arrivals").asLong()).isPositive();
        assertThat(churn.path("resets").asLong()).isPositive();
        assertThat(churn.path("acksAnswered").asLong()).isPositive();
        assertThat(churn.path("roomDeliveries").asLong()).isPositive();
        // every connection the clients opened is closed on the server too
        assertThat(soak.path("afterClose").path("fds").asLong())
                .isLessThanOrEqualTo(soak.path("before").path("fds").asLong() + Soak.FD_MARGIN);
        assertThat(results.path("scenarios").path("soak").path("results").has("node")).isFalse();
    }

    @Test
    void bothClustersDeliverEveryBroadcastToBothNodesAndRedisCpuIsRead() {
        for (String server : List.of("switchboard", "node")) {
            JsonNode res = result("cluster", server);
            assertThat(res.path("delivered").asLong()).isEqualTo(res.path("expected").asLong()).isPositive();
            assertThat(res.path("redisCpuSeconds").asDouble()).isPositive();
        }
    }

    @Test
    void pollingClientsGetAnswersThroughHttpRequests() {
        for (JsonNode res : each("polling")) {
            assertThat(res.path("failures").asInt()).isZero();
            assertThat(res.path("messages").asLong()).isPositive();
            assertThat(res.path("requestsPerSecond").asDouble()).isPositive();
        }
    }

    @Test
    void slowConsumersLeaveTheReadingClientsServed() {
        for (JsonNode res : each("slow")) {
            assertThat(res.path("broadcasts").asLong()).isPositive();
            assertThat(res.path("fastDeliveredRatio").asDouble()).isGreaterThan(0.99);
            assertThat(res.path("stuck").path("heap").asLong()).isPositive();
            assertThat(res.path("peakRss").asLong()).isPositive();
        }
    }

    @Test
    void reportHasATablePerScenarioFromTheWrittenJson() throws IOException {
        String md = Files.readString(BENCH.resolve("target/BENCHMARKS-smoke.md"), StandardCharsets.UTF_8);
        assertThat(md).startsWith("# Benchmarks").contains("Smoke run")
                .contains("| Switchboard | raw Netty | Node socket.io | Switchboard ÷ raw Netty | Switchboard ÷ Node socket.io |");
        for (String title : List.of("Idle memory per socket", "Connect rate", "Acknowledged round trip at fixed rates",
                "Broadcast fan-out", "Burst broadcast", "Pipelined acknowledgements", "Two nodes on one Redis",
                "The chat demo at scale", "Polling throughput", "Slow consumer")) {
            assertThat(md).contains("## " + title);
        }
        for (String chart : List.of(Charts.MEMORY, Charts.LATENCY, Charts.THROUGHPUT)) {
            assertThat(md).contains("](" + chart + ")");
            assertThat(BENCH.resolve("target").resolve(chart)).exists();
        }
    }

    private static List<JsonNode> each(String scenario) {
        return List.of(result(scenario, "switchboard"), result(scenario, "raw"), result(scenario, "node"));
    }

    private static JsonNode result(String scenario, String server) {
        JsonNode res = results.path("scenarios").path(scenario).path("results").path(server);
        assertThat(res.isMissingNode()).as(scenario + " / " + server + " missing").isFalse();
        assertThat(res.has("error")).as(scenario + " / " + server + ": " + res.path("error").asText()).isFalse();
        return res;
    }

    /** {@code npm ci} when node_modules is missing or older than the lockfile; fails saying what to install. */
    private static void installNodeBaseline(Path dir) throws Exception {
        String missing = "Node 18+ and npm are needed for the Node socket.io baseline: install them, "
                + "e.g. apt-get install nodejs npm";
        Path installed = dir.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
            return;
        }
        Process p;
        try {
            p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(missing + " (npm not found)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("npm ci failed in " + dir + ":\n" + out);
        }
    }
}
