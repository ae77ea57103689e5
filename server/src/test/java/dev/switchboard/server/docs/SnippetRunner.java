package dev.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a page's Java program as a reader would, against the test class path (the project's
 * modules and their dependencies), and runs it in a JVM of its own, as {@code java} would.
 * The one change made to the text: its port, {@code .listen(3000)}, becomes a free one, so that
 * the test never depends on port 3000 being free.
 */
final class SnippetRunner implements AutoCloseable {

    static final String DOC_PORT = ".listen(3000)";

    private final Path dir;
    private final int port;
    private Process process;
    private Path log;

    SnippetRunner() throws IOException {
        dir = Files.createTempDirectory("switchboard-snippet");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
    }

    /** The port the program listens on instead of 3000. */
    int port() {
        return port;
    }

    /**
     * Compiles {@code source} as {@code className}.java (after the port change) and starts its
     * {@code main} in a new JVM.
     */
    void start(String className, String source) throws IOException, InterruptedException {
        assertThat(source).as("the program listens on 3000 once, as the page says").containsOnlyOnce(DOC_PORT);
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source.replace(DOC_PORT, ".listen(" + port + ")"), StandardCharsets.UTF_8);
        // The JDK's javac, as a reader runs it (the test module does not read java.compiler).
        Path javacLog = dir.resolve(className + ".javac.log");
        Process javac = new ProcessBuilder(tool("javac"), "-proc:none",
                "-d", dir.toString(), "-cp", classPath(), file.toString())
                .redirectErrorStream(true).redirectOutput(javacLog.toFile()).start();
        assertThat(javac.waitFor(120, TimeUnit.SECONDS)).as("javac %s finished", className).isTrue();
        assertThat(javac.exitValue()).as("javac %s:\n%s", className, Files.readString(javacLog, StandardCharsets.UTF_8))
                .isZero();
        log = dir.resolve(className + ".log");
        process = new ProcessBuilder(tool("java"), "-cp", dir + File.pathSeparator + classPath(), className)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** What the program printed so far, for a failure message. */
    String output() throws IOException {
        return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Whether the program is still running (a server's main returns, its threads go on). */
    boolean running() {
        return process != null && process.isAlive();
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String classPath() {
        // Surefire names the whole test class path here; java.class.path may be its booter jar.
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** The imports a README fragment relies on without writing them. */
    static final List<String> FRAGMENT_IMPORTS = List.of(
            "dev.switchboard.engineio.*", "dev.switchboard.server.*", "dev.switchboard.socketio.*",
            "org.slf4j.Logger", "org.slf4j.LoggerFactory");

    /** A class whose {@code main} is the fragment, with the {@code log} the fragments use. */
    static String program(String className, String fragment) {
        StringBuilder s = new StringBuilder();
        FRAGMENT_IMPORTS.forEach(i -> s.append("import ").append(i).append(";\n"));
        s.append("\npublic final class ").append(className).append(" {\n")
                .append("    private static final Logger log = LoggerFactory.getLogger(").append(className).append(".class);\n\n")
                .append("    public static void main(String[] commandLine) {\n");
        fragment.lines().forEach(l -> s.append("        ").append(l).append('\n'));
        return s.append("    }\n}\n").toString();
    }
}
