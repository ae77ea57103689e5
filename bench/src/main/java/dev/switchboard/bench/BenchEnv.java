package dev.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How server processes are started: which java and classpath, where the Node baseline lives,
 * whether to pin, and the flags. The flags are those of the benchmark method (one core, one event
 * loop, fixed heap, no leak detection, no logging) and are printed into the results.
 *
 * @param java the java executable
 * @param classpath the classpath holding the bench classes and their dependencies
 * @param nodeDir the directory of {@code server.js} with its {@code node_modules}
 * @param logDir where server output goes
 * @param pin whether servers run under {@code taskset -c 0}
 * @param preTouchHeap whether Java servers start with their heap pre-touched
 *     ({@link #PRE_TOUCH_FLAG}); see {@link #withPreTouchedHeap}
 */
public record BenchEnv(Path java, String classpath, Path nodeDir, Path logDir, boolean pin, boolean preTouchHeap) {

    /** The server JVM's flags. */
    public static final List<String> JAVA_FLAGS = List.of(
            "-XX:ActiveProcessorCount=1",
            "-XX:+UseG1GC",
            "-XX:ParallelGCThreads=1",
            "-XX:ConcGCThreads=1",
            "-Xms1g",
            "-Xmx1g",
            "-Dio.netty.leakDetection.level=disabled",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=off");

    /**
     * The flag a Java server gets in the scenarios that measure CPU, not memory: the kernel maps and
     * zeroes the whole heap at start instead of page by page the first time each page is written.
     * Without it, a server that allocates goes on faulting in new heap pages until the young
     * generation has grown to its size once (about 600 MB of a 1 GB heap, seconds into the load):
     * {@code clear_page_erms} alone was 8% of Switchboard's event-loop samples in a pipelined-acks
     * window. A server that has run for a while has paid that once; the window should not.
     */
    public static final String PRE_TOUCH_FLAG = "-XX:+AlwaysPreTouch";

    /** The Node server's flags. */
    public static final List<String> NODE_FLAGS = List.of("--expose-gc");

    /** The core the servers are pinned to; the generator is meant to run on {@link #GENERATOR_CORE}. */
    public static final int SERVER_CORE = 0;

    /** The generator's core. */
    public static final int GENERATOR_CORE = 1;

    /**
     * This environment with Java servers started with their heap pre-touched or not: pre-touched
     * for scenarios measuring CPU, not for those measuring memory (the RSS of a pre-touched heap
     * is the whole heap from the start).
     *
     * @param preTouch whether to pre-touch
     * @return the environment
     */
    public BenchEnv withPreTouchedHeap(boolean preTouch) {
        return new BenchEnv(java, classpath, nodeDir, logDir, pin, preTouch);
    }

    /**
     * Whether pinning is possible here: {@code taskset} is installed and there are two cores.
     *
     * @return whether servers and generator can get a core each
     */
    public static boolean pinningAvailable() {
        boolean taskset = Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset"));
        return taskset && onlineCores() >= 2;
    }

    /** Cores the machine has online, whatever this process's affinity. */
    public static int onlineCores() {
        try {
            String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
            int count = 0;
            for (String range : online.split(",")) {
                String[] ends = range.split("-");
                count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
            }
            return count;
        } catch (Exception e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * The command that starts a server.
     *
     * @param kind which server
     * @return the command line
     */
    public List<String> command(ServerKind kind) {
        Class<?> main = switch (kind) {
            case RAW_NETTY -> RawNettyServer.class;
            case TOMCAT -> TomcatBenchServer.class;
            default -> SwitchboardBenchServer.class;
        };
        return command(kind, main, List.of());
    }

    /**
     * The command that starts a server with another main class (Java) and extra system
     * properties (Java; ignored for Node, which takes its settings from the environment).
     *
     * @param kind which server
     * @param main the Java main class
     * @param properties extra {@code -D} flags, e.g. {@code -Dbench.redis=redis://...}
     * @return the command line
     */
    public List<String> command(ServerKind kind, Class<?> main, List<String> properties) {
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", Integer.toString(SERVER_CORE)));
        }
        switch (kind) {
            case NODE -> {
                cmd.add("node");
                cmd.addAll(NODE_FLAGS);
                cmd.add("server.js");
            }
            case RAW_NETTY, SWITCHBOARD, TOMCAT -> {
                cmd.add(java.toString());
                cmd.addAll(JAVA_FLAGS);
                if (preTouchHeap) {
                    cmd.add(PRE_TOUCH_FLAG);
                }
                String transport = System.getProperty("bench.transport");
                if (transport != null) {
                    cmd.add("-Dbench.transport=" + transport);
                }
                // -Dbench.serverJvmArgs="-XX:StartFlightRecording=..." profiles the Java servers
                String extra = System.getProperty("bench.serverJvmArgs", "").trim();
                if (!extra.isEmpty()) {
                    cmd.addAll(List.of(extra.split("\\s+")));
                }
                cmd.add("-cp");
                // bench.serverClasspath runs another build of the servers (an A/B against an older
                // commit's bench jar) under this generator.
                cmd.add(System.getProperty("bench.serverClasspath", classpath));
                cmd.addAll(properties);
                cmd.add(main.getName());
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return cmd;
    }
}
