package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.switchboard.bench.generator.Generator;
import dev.switchboard.bench.scenario.Scenario;
import dev.switchboard.server.IoTransport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one command: runs every scenario against every server, writes the results as JSON and
 * renders the report from that JSON (so every figure in it comes from the run's output).
 *
 * <pre>
 * bench/run.sh [--smoke] [--servers switchboard,raw,node,tomcat] [--scenarios idle,connect,ack,...]
 *              [--repetitions N] [--json FILE] [--markdown FILE] [--no-pin] [--report-only FILE [MARKDOWN]]
 * </pre>
 *
 * <p>The full run writes {@code bench/results/full.json} and {@code docs/BENCHMARKS.md}; the smoke
 * run writes under {@code bench/target/} and leaves the docs alone. The runner is the generator: start
 * it pinned to the other core ({@code taskset -c 1}), as {@code bench/run.sh} does.
 */
public final class Runner {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance));

    /**
     * What to run and where to write.
     *
     * @param plan sizes and durations
     * @param servers the servers to run against
     * @param scenarios the scenario ids to run
     * @param root the repository root (holds {@code bench/node} and {@code docs/})
     * @param json where the results go
     * @param markdown where the report goes
     * @param pin whether to pin the servers
     * @param command the command line to print in the report
     */
    public record Options(Plan plan, List<ServerKind> servers, List<String> scenarios, Path root, Path json,
                          Path markdown, boolean pin, String command) {

        /**
         * These options with another number of repetitions.
         *
         * @param n runs of each scenario on each server
         * @return the options
         */
        public Options repetitions(int n) {
            return new Options(plan.withRepetitions(n), servers, scenarios, root, json, markdown, pin, command);
        }

        /**
         * Parses the command line.
         *
         * @param args the arguments
         * @return the options
         */
        public static Options parse(String... args) {
            boolean smoke = false;
            int repetitions = -1;
            List<ServerKind> servers = List.of(ServerKind.values());
            List<String> scenarios = Scenario.all().stream().map(Scenario::id).toList();
            Path root = Path.of(System.getProperty("bench.root", "."));
            Path json = null;
            Path markdown = null;
            boolean pin = BenchEnv.pinningAvailable();
            String command = System.getProperty("bench.command", "bench/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", args)));
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--smoke" -> smoke = true;
                    case "--no-pin" -> pin = false;
                    case "--repetitions" -> repetitions = Integer.parseInt(args[++i]);
                    case "--servers" -> servers = List.of(args[++i].split(",")).stream().map(ServerKind::of).toList();
                    case "--scenarios" -> {
                        scenarios = List.of(args[++i].split(","));
                        List<String> known = Scenario.all().stream().map(Scenario::id).toList();
                        for (String s : scenarios) {
                            if (!known.contains(s)) {
                                throw new IllegalArgumentException("unknown scenario \"" + s + "\" (" + String.join(", ", known) + ")");
                            }
                        }
                    }
                    case "--root" -> root = Path.of(args[++i]);
                    case "--json" -> json = Path.of(args[++i]);
                    case "--markdown" -> markdown = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (json == null) {
                json = smoke ? root.resolve("bench/target/bench-smoke.json") : root.resolve("bench/results/full.json");
            }
            if (markdown == null) {
                markdown = smoke ? root.resolve("bench/target/BENCHMARKS-smoke.md") : root.resolve("docs/BENCHMARKS.md");
            }
            Options options = new Options(smoke ? Plan.smoke() : Plan.full(), servers, scenarios, root, json, markdown,
                    pin, command);
            return repetitions > 0 ? options.repetitions(repetitions) : options;
        }
    }

    private Runner() {
    }

    /**
     * Runs the benchmarks, or with {@code --report-only FILE} renders the report of earlier results.
     *
     * @param args see the class documentation
     * @throws Exception on a failure outside any one scenario
     */
    public static void main(String[] args) throws Exception {
        if ((args.length == 2 || args.length == 3) && args[0].equals("--report-only")) {
            Path json = Path.of(args[1]);
            Path md = args.length == 3 ? Path.of(args[2])
                    : Path.of(System.getProperty("bench.root", ".")).resolve("docs/BENCHMARKS.md");
            JsonNode results = JSON.readTree(json.toFile());
            Files.writeString(md, Report.render(results), StandardCharsets.UTF_8);
            writeCharts(results, md);
            System.out.println("[bench] wrote " + md);
            return;
        }
        Options options = Options.parse(args);
        JsonNode results = run(options);
        int errors = Report.errors(results).size();
        System.out.println("[bench] wrote " + options.json() + " and " + options.markdown()
                + (errors == 0 ? "" : " (" + errors + " failed measurements: see the report)"));
        System.exit(errors == 0 ? 0 : 1);
    }

    /**
     * Runs what the options say, writes the JSON and the report.
     *
     * @param options what to run
     * @return the results as written
     * @throws IOException if the results cannot be written
     */
    public static JsonNode run(Options options) throws IOException {
        Path nodeDir = options.root().resolve("bench/node");
        BenchEnv env = new BenchEnv(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), nodeDir, options.root().resolve("bench/target/bench-logs"),
                options.pin(), false);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", options.plan().mode());
        out.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        out.put("commit", commit(options.root()));
        out.put("command", options.command());
        out.put("environment", Environment.describe(env, nodeDir));
        out.put("plan", options.plan());
        out.put("servers", options.servers().stream().map(ServerKind::id).toList());
        Map<String, Object> scenarios = new LinkedHashMap<>();
        out.put("scenarios", scenarios);

        Map<ServerKind, ServerProcess> shared = new EnumMap<>(ServerKind.class);
        long started = System.nanoTime();
        try (Generator gen = new Generator()) {
            for (Scenario scenario : Scenario.all()) {
                if (!options.scenarios().contains(scenario.id())) {
                    continue;
                }
                // Repetitions interleave the servers (A B C A B C ...), so a slow minute of the
                // machine does not fall on one server's runs only.
                Map<ServerKind, List<JsonNode>> runs = new EnumMap<>(ServerKind.class);
                int repetitions = scenario.repeats() ? options.plan().repetitions() : 1;
                for (int rep = 0; rep < repetitions; rep++) {
                    for (ServerKind kind : options.servers()) {
                        if (scenario.appliesTo(kind)) {
                            runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(JSON.valueToTree(
                                    runOne(scenario, kind, gen, env, options.plan(), shared)));
                        }
                    }
                }
                Map<String, Object> byServer = new LinkedHashMap<>();
                runs.forEach((kind, list) -> byServer.put(kind.id(), Repeats.median(list)));
                scenarios.put(scenario.id(), Map.of("title", scenario.title(), "results", byServer));
            }
        } finally {
            shared.values().forEach(ServerProcess::close);
        }
        out.put("seconds", Math.round((System.nanoTime() - started) / 1e9));

        Files.createDirectories(options.json().toAbsolutePath().getParent());
        JSON.writeValue(options.json().toFile(), out);
        // the report is rendered from the file just written, never from the objects in memory
        JsonNode written = JSON.readTree(options.json().toFile());
        Files.createDirectories(options.markdown().toAbsolutePath().getParent());
        Files.writeString(options.markdown(), Report.render(written), StandardCharsets.UTF_8);
        writeCharts(written, options.markdown());
        return written;
    }

    /** Writes the report's charts beside it. */
    private static void writeCharts(JsonNode results, Path markdown) throws IOException {
        Path dir = markdown.toAbsolutePath().getParent();
        for (Map.Entry<String, String> chart : Charts.render(results).entrySet()) {
            Files.writeString(dir.resolve(chart.getKey()), chart.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static Object runOne(Scenario scenario, ServerKind kind, Generator gen, BenchEnv env, Plan plan,
                                 Map<ServerKind, ServerProcess> shared) {
        long t0 = System.nanoTime();
        System.out.printf("[bench] %-9s %-11s ...%n", scenario.id(), kind.id());
        ServerProcess server = null;
        Object result;
        // A fresh server per scenario can be started as the scenario needs; the smoke's shared
        // servers are started plain.
        BenchEnv scenarioEnv = env.withPreTouchedHeap(plan.freshServerPerScenario() && !scenario.measuresMemory());
        try {
            if (scenario.startsOwnServers()) {
                server = null;
            } else if (plan.freshServerPerScenario()) {
                server = ServerProcess.start(kind, scenarioEnv, scenario.id() + "-" + kind.id());
            } else {
                server = shared.get(kind);
                if (server == null || !server.alive()) {
                    server = ServerProcess.start(kind, env, plan.mode() + "-" + kind.id());
                    shared.put(kind, server);
                }
            }
            result = scenario.run(new Scenario.Context(gen, server, plan, kind, scenarioEnv));
            if (server != null && !server.alive() && !scenario.toleratesServerExit()) {
                result = Map.of("error", kind.label() + " exited during the run");
            }
        } catch (Exception | OutOfMemoryError e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            result = Map.of("error", message.length() > 600 ? message.substring(0, 600) + "…" : message);
        } finally {
            if (server != null && plan.freshServerPerScenario()) {
                server.close();
            }
        }
        System.out.printf("[bench] %-9s %-11s %s in %.1f s%n", scenario.id(), kind.id(),
                result instanceof Map<?, ?> m && m.containsKey("error") ? "FAILED: " + m.get("error") : "done",
                (System.nanoTime() - t0) / 1e9);
        return result;
    }

    private static String commit(Path root) {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=12")
                    .directory(root.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The machine, the runtimes and the flags, for the report's setup table. */
    static final class Environment {
        private Environment() {
        }

        static Map<String, Object> describe(BenchEnv env, Path nodeDir) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cpu", cpuModel());
            m.put("cores", BenchEnv.onlineCores());
            m.put("memoryBytes", memTotal());
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            m.put("serverJavaFlags", BenchEnv.JAVA_FLAGS);
            m.put("serverJavaFlagsWhereCpuIsMeasured", List.of(BenchEnv.PRE_TOUCH_FLAG));
            m.put("generatorJavaFlags", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> !a.startsWith("-Dbench.")).toList());
            m.put("generatorCpus", status("Cpus_allowed_list"));
            m.put("serverPinning", env.pin() ? "taskset -c " + BenchEnv.SERVER_CORE : "none");
            m.put("netty", io.netty.util.Version.identify().getOrDefault("netty-common",
                    io.netty.util.Version.identify().values().iterator().next()).artifactVersion());
            // What the Java servers resolve -Dbench.transport (default auto) to on this machine.
            m.put("nettyTransport", IoTransport.valueOf(System.getProperty("bench.transport", "auto")
                    .toUpperCase(Locale.ROOT)).resolve().name().toLowerCase(Locale.ROOT));
            m.put("node", toolVersion(List.of("node", "--version")));
            m.put("nodeFlags", BenchEnv.NODE_FLAGS);
            m.put("socketIo", packageVersion(nodeDir.resolve("node_modules/socket.io/package.json")));
            m.put("engineIo", packageVersion(nodeDir.resolve("node_modules/engine.io/package.json")));
            m.put("ws", packageVersion(nodeDir.resolve("node_modules/ws/package.json")));
            return m;
        }

        private static String cpuModel() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException e) {
                // below
            }
            return System.getProperty("os.arch");
        }

        private static long memTotal() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        return Long.parseLong(line.substring(9).trim().split("\\s+")[0]) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // below
            }
            return -1;
        }

        private static String status(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith(field + ":")) {
                        return line.substring(field.length() + 1).trim();
                    }
                }
            } catch (IOException e) {
                // below
            }
            return "unknown";
        }

        private static String toolVersion(List<String> command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unavailable";
            } catch (IOException e) {
                return "unavailable";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unavailable";
            }
        }

        private static String packageVersion(Path packageJson) {
            try {
                return JSON.readTree(packageJson.toFile()).path("version").asText("unknown");
            } catch (IOException e) {
                return "not installed";
            }
        }
    }
}
