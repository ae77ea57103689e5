package dev.switchboard.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every Node suite under {@code interop/test/} ({@code **}{@code /*.test.mjs}) against this
 * JVM's fixture servers, each file as its own test so a failure names the file.
 *
 * <p>Each file runs in its own {@code node --test} process with {@code FIXTURE_URL} pointing at a
 * {@link FixtureControlServer}; its output is streamed to the build log, and a TAP copy is read
 * back to make sure tests actually ran: a file that runs no test, skips one, or leaves a fixture
 * server open fails. Missing Node or npm fails the run with what to install; nothing here is
 * skipped silently. When the protocol conformance suites ran, a last test checks
 * {@code docs/CONFORMANCE.md} against what they reported ({@link ConformanceTable}).
 *
 * <p>A file whose header has the line {@code // Parsers: json, msgpack} runs once per Socket.IO
 * parser named there, each run its own test ({@code socketio/acks.test.mjs [msgpack]}) with
 * {@code SOCKETIO_PARSER} set to the parser; other files run once, with the default parser.
 *
 * <p>Every file runs once per HTTP {@link Binding} (Netty, Tomcat, Jetty), the same cases each,
 * through a control server of that binding: {@code engineio/polling.test.mjs} (Netty),
 * {@code engineio/polling.test.mjs [tomcat]}, {@code socketio/acks.test.mjs [msgpack] [jetty]}. A
 * file whose header has {@code // Bindings: netty} runs on the bindings named there alone (the
 * browser suite drives the chat example, whose own server is Netty's).
 *
 * <p>System properties (set by the module's pom): {@code interop.dir} (the module directory),
 * {@code interop.timeoutSeconds} (per file, default 180), {@code interop.suites} (run only the
 * tests whose name contains each word of this text, e.g. {@code -Dinterop.suites=engineio/heartbeat},
 * {@code -Dinterop.suites=[msgpack]} or {@code "-Dinterop.suites=engineio/ [tomcat]"}),
 * {@code interop.bindings} (the bindings to run on, e.g. {@code netty} or {@code tomcat,jetty}; all
 * by default).
 */
class NodeSuitesTest {

    static final String MISSING_NODE =
            "Node 18+ and npm are needed for the interop suites: install them, e.g. apt-get install nodejs npm";
    private static final int MIN_NODE_MAJOR = 18;
    private static final Pattern TAP_TEST = Pattern.compile("^(?:not )?ok \\d+ - (.*?)(?: # (?:SKIP|TODO).*)?$");
    private static final Pattern TAP_COUNT = Pattern.compile("^# (tests|pass|fail|cancelled|skipped|todo) (\\d+)$");
    private static final Pattern PARSERS = Pattern.compile("^// Parsers: (.+)$");
    private static final Pattern BINDINGS = Pattern.compile("^// Bindings: (.+)$");
    /** The Socket.IO parsers a suite may name, as {@code SOCKETIO_PARSER} values. */
    private static final List<String> KNOWN_PARSERS = List.of("json", "msgpack");
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private static final Path DIR = Paths.get(System.getProperty("interop.dir", ".")).toAbsolutePath().normalize();
    private static final long TIMEOUT_SECONDS = Long.getLong("interop.timeoutSeconds", 180);
    private static final String FILTER = System.getProperty("interop.suites", "").trim();
    private static final List<Binding> BINDINGS_RUN = bindingsRun(System.getProperty("interop.bindings", ""));

    /** One control server per binding, started for the first suite run on it. */
    private static final Map<Binding, FixtureControlServer> CONTROLS = new java.util.EnumMap<>(Binding.class);
    /** The tests each suite run ran and passed, by run name: what docs/CONFORMANCE.md is checked against. */
    private static final Map<String, Set<String>> PASSED = new ConcurrentHashMap<>();

    @BeforeAll
    static void startControlServers() throws IOException {
        for (Binding binding : BINDINGS_RUN) {
            CONTROLS.put(binding, FixtureControlServer.start(binding));
        }
    }

    @AfterAll
    static void stopControlServers() {
        CONTROLS.values().forEach(FixtureControlServer::close);
        CONTROLS.clear();
    }

    @TestFactory
    Stream<DynamicTest> nodeSuites() throws IOException, InterruptedException {
        checkNode();
        installPackages();
        Path testDir = DIR.resolve("test");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(testDir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".test.mjs")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Binding binding : BINDINGS_RUN) {
            for (Path f : files) {
                if (!bindings(f).contains(binding)) {
                    continue;
                }
                for (String parser : parsers(f)) {
                    String name = runName(f, parser, binding);
                    if (matchesFilter(name)) {
                        tests.add(DynamicTest.dynamicTest(name, f.toUri(), () -> runSuite(f, parser, binding)));
                    }
                }
            }
        }
        assertThat(tests)
                .as("suite runs under %s matching \"%s\"", testDir, FILTER)
                .isNotEmpty();
        List<String> ran = tests.stream().map(DynamicTest::getDisplayName).toList();
        if (ran.stream().anyMatch(n -> n.endsWith("conformance.test.mjs"))) {
            // Last, once the suites have run: the document names tests that exist, ran and passed.
            Path doc = DIR.resolveSibling("docs").resolve("CONFORMANCE.md");
            tests.add(DynamicTest.dynamicTest("docs/CONFORMANCE.md", doc.toUri(), () -> checkConformanceTable(doc, ran)));
        }
        return tests.stream();
    }

    /**
     * Every official case has its row, and every covering test named in a row ran in this build
     * and passed; rows whose suite file this build did not run (an {@code interop.suites} filter)
     * fail only when no filter is set.
     */
    private static void checkConformanceTable(Path doc, List<String> ran) throws IOException {
        List<ConformanceTable.Row> rows = ConformanceTable.rows(Files.readString(doc, StandardCharsets.UTF_8));
        assertThat(ConformanceTable.counts(rows)).as("rows per official suite in %s", doc)
                .isEqualTo(ConformanceTable.CASES);
        List<String> problems = new ArrayList<>();
        for (ConformanceTable.Row row : rows) {
            if (!ran.contains(row.file())) {
                if (FILTER.isEmpty()) {
                    problems.add(row.officialCase() + ": no suite file " + row.file());
                }
                continue;
            }
            Set<String> passed = PASSED.get(row.file());
            if (passed == null) {
                problems.add(row.officialCase() + ": " + row.file() + " failed, so its tests are not known to pass");
            } else if (!passed.contains(row.test())) {
                problems.add(row.officialCase() + ": no passing test \"" + row.test() + "\" in " + row.file());
            }
        }
        assertThat(problems).as("rows of %s whose covering test did not run and pass", doc).isEmpty();
    }

    /** Whether a run's name contains every word of {@code interop.suites} (all runs when it is empty). */
    private static boolean matchesFilter(String name) {
        return Stream.of(FILTER.split("\\s+")).allMatch(name::contains);
    }

    /**
     * The name of one run: the file, then {@code [parser]} unless it is the default one, then
     * {@code [binding]} unless it is Netty (so the Netty runs keep the names
     * {@code docs/CONFORMANCE.md} refers to).
     */
    private static String runName(Path file, String parser, Binding binding) {
        return relative(file) + ("json".equals(parser) ? "" : " [" + parser + "]")
                + (binding == Binding.NETTY ? "" : " [" + binding.label() + "]");
    }

    /** The bindings a suite file runs on: those of its {@code // Bindings:} line, else all. */
    private static List<Binding> bindings(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            List<String> named = lines.limit(30).map(BINDINGS::matcher).filter(Matcher::matches)
                    .flatMap(m -> Stream.of(m.group(1).split(",")).map(String::trim)).toList();
            List<Binding> out = new ArrayList<>();
            for (Binding b : Binding.values()) {
                if (named.isEmpty() || named.contains(b.label())) {
                    out.add(b);
                }
            }
            assertThat(out).as("bindings named by %s: %s", relative(file), named).isNotEmpty();
            return out;
        }
    }

    /** The bindings {@code interop.bindings} names (by {@link Binding#label()}), or all when it is blank. */
    private static List<Binding> bindingsRun(String property) {
        if (property.isBlank()) {
            return List.of(Binding.values());
        }
        List<String> named = Stream.of(property.split(",")).map(String::trim).toList();
        List<Binding> out = Stream.of(Binding.values()).filter(b -> named.contains(b.label())).toList();
        if (out.size() != named.size()) {
            throw new IllegalArgumentException("interop.bindings=" + property + " names an unknown binding; known: "
                    + Stream.of(Binding.values()).map(Binding::label).toList());
        }
        return out;
    }

    /** The parsers a suite file runs with: those of its {@code // Parsers:} line, else the default. */
    private static List<String> parsers(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            List<String> named = lines.limit(30).map(PARSERS::matcher).filter(Matcher::matches)
                    .flatMap(m -> Stream.of(m.group(1).split(",")).map(String::trim)).toList();
            for (String parser : named) {
                assertThat(KNOWN_PARSERS).as("parser named by %s", relative(file)).contains(parser);
            }
            return named.isEmpty() ? List.of("json") : named;
        }
    }

    private static String relative(Path file) {
        return DIR.resolve("test").relativize(file).toString().replace('\\', '/');
    }

    /** Fails with what to install when Node is missing or too old, or npm is missing. */
    private static void checkNode() throws InterruptedException {
        String version = toolVersion("node");
        Matcher m = Pattern.compile("^v(\\d+)\\.(\\d+)\\.").matcher(version == null ? "" : version);
        if (!m.find()) {
            throw new AssertionError(MISSING_NODE + (version == null
                    ? " (no runnable `node` on the PATH)"
                    : " (`node --version` gave: " + version + ")"));
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        // 18.15 is the first 18.x whose test runner takes --test-reporter-destination.
        if (major < MIN_NODE_MAJOR || (major == MIN_NODE_MAJOR && minor < 15)) {
            throw new AssertionError(MISSING_NODE + " (found Node " + version + "; 18.15 or newer is needed)");
        }
        if (toolVersion(npm()) == null) {
            throw new AssertionError(MISSING_NODE + " (no runnable `npm` on the PATH)");
        }
    }

    /** The first line {@code <tool> --version} prints, or {@code null} if the tool cannot run. */
    private static String toolVersion(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out.lines().findFirst().orElse("") : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String npm() {
        return WINDOWS ? "npm.cmd" : "npm";
    }

    /**
     * Runs {@code npm ci} when {@code node_modules} is missing or older than the lockfile, so the
     * suites always run the exact client versions the lockfile names.
     */
    private static void installPackages() throws IOException, InterruptedException {
        Path lock = DIR.resolve("package-lock.json");
        assertThat(lock).as("the committed lockfile").exists();
        Path installed = DIR.resolve("node_modules").resolve(".package-lock.json");
        if (Files.exists(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        System.out.println("[interop] npm ci in " + DIR);
        List<String> tail = Collections.synchronizedList(new ArrayList<>());
        int exit = run(List.of(npm(), "ci", "--no-audit", "--no-fund"), Map.of(), "npm", tail, 600);
        if (exit != 0) {
            throw new AssertionError("npm ci failed in " + DIR + (exit == TIMED_OUT ? " (timed out)" : " (exit " + exit + ")")
                    + "; its last lines:\n" + String.join("\n", tail));
        }
    }

    private static void runSuite(Path file, String parser, Binding binding) throws IOException, InterruptedException {
        boolean defaultParser = "json".equals(parser);
        String name = runName(file, parser, binding);
        FixtureControlServer control = CONTROLS.get(binding);
        Path reports = DIR.resolve("target").resolve("interop-reports");
        Files.createDirectories(reports);
        Path tap = reports.resolve(relative(file).replace('/', '_') + (defaultParser ? "" : "." + parser)
                + (binding == Binding.NETTY ? "" : "." + binding.label()) + ".tap");
        Files.deleteIfExists(tap);
        List<String> command = List.of("node", "--test",
                "--test-reporter=spec", "--test-reporter-destination=stdout",
                "--test-reporter=tap", "--test-reporter-destination=" + tap,
                file.toString());
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> env = defaultParser ? Map.of("FIXTURE_URL", control.url())
                : Map.of("FIXTURE_URL", control.url(), "SOCKETIO_PARSER", parser);
        int exit = run(command, env, name, output, TIMEOUT_SECONDS);
        // Taken before the fixtures are closed: a control request still stuck in this JVM is
        // what held the suite, and its stack says where.
        String stuck = exit == TIMED_OUT ? controlRequestsInProgress() : "";
        List<String> leftOpen = control.closeAllFixtures();

        String context = name + " (exit " + (exit == TIMED_OUT ? "none: timed out" : String.valueOf(exit)) + ")";
        if (exit == TIMED_OUT) {
            throw new AssertionError(name + " did not finish within " + TIMEOUT_SECONDS
                    + " s and was stopped (-Dinterop.timeoutSeconds to change); " + stuck
                    + "\nits last lines:\n" + tailOf(output));
        }
        Map<String, Integer> counts = tapCounts(tap);
        if (exit != 0 || counts.getOrDefault("fail", 1) != 0 || counts.getOrDefault("cancelled", 1) != 0) {
            throw new AssertionError(context + " failed: " + counts + "\n" + failureReport(output));
        }
        // Node reports a file that declares no test as one passing test named after the file.
        assertThat(topLevelTests(tap)).as("tests run by %s", context).isNotEmpty().doesNotContain(file.toString());
        assertThat(counts.get("pass")).as("passing tests of %s", context).isEqualTo(counts.get("tests"));
        assertThat(counts.getOrDefault("skipped", 0) + counts.getOrDefault("todo", 0))
                .as("skipped and todo tests in %s: every test must run", context)
                .isZero();
        assertThat(leftOpen)
                .as("fixture servers %s left open: every suite closes what it creates", context)
                .isEmpty();
        PASSED.put(name, ConformanceTable.passed(Files.readAllLines(tap, StandardCharsets.UTF_8)));
    }

    /** The summary counts of a TAP report ({@code # tests 3}, {@code # pass 3}, ...). */
    private static Map<String, Integer> tapCounts(Path tap) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        if (!Files.exists(tap)) {
            return counts;
        }
        for (String line : Files.readAllLines(tap, StandardCharsets.UTF_8)) {
            Matcher m = TAP_COUNT.matcher(line);
            if (m.matches()) {
                counts.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return counts;
    }

    /** The names of the top-level tests in a TAP report ({@code ok 1 - name}, {@code not ok 2 - name}). */
    private static List<String> topLevelTests(Path tap) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.exists(tap)) {
            for (String line : Files.readAllLines(tap, StandardCharsets.UTF_8)) {
                Matcher m = TAP_TEST.matcher(line);
                if (m.matches()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** Node's own list of failing tests if it printed one, else the last lines of output. */
    private static String failureReport(List<String> output) {
        synchronized (output) {
            for (int i = 0; i < output.size(); i++) {
                if (output.get(i).contains("failing tests:")) {
                    return String.join("\n", output.subList(i, output.size()));
                }
            }
        }
        return tailOf(output);
    }

    /**
     * The stacks of the threads serving a control request at this moment, or a line saying there
     * is none (then the suite itself, in Node, was waiting on something else).
     */
    static String controlRequestsInProgress() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            if (Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(FixtureControlServer.class.getName())
                    && f.getMethodName().equals("route"))) {
                out.append("\n\"").append(e.getKey().getName()).append("\" ").append(e.getKey().getState());
                for (StackTraceElement frame : stack) {
                    out.append("\n    at ").append(frame);
                }
            }
        }
        return out.isEmpty() ? "no control request was in progress in the JVM"
                : "control requests still in progress in the JVM:" + out;
    }

    private static String tailOf(List<String> output) {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 80), output.size()));
        }
    }

    private static final int TIMED_OUT = Integer.MIN_VALUE;

    /**
     * Runs a command in the module directory, streaming its merged output to the build log with a
     * prefix, and collecting it into {@code output}.
     *
     * @return the exit code, or {@link #TIMED_OUT} if it was stopped after {@code timeoutSeconds}
     */
    private static int run(List<String> command, Map<String, String> env, String prefix, List<String> output,
            long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        // Plain text in the Maven log, whatever the terminal.
        pb.environment().put("NO_COLOR", "1");
        pb.environment().remove("FORCE_COLOR");
        Process process = pb.start();
        process.getOutputStream().close();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    output.add(line);
                    System.out.println("[" + prefix + "] " + line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "output of " + prefix);
        pump.setDaemon(true);
        pump.start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return finished ? process.exitValue() : TIMED_OUT;
    }
}
