package dev.switchboard.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Node script of this module's tests that drives the running example with the official JS
 * client or a browser, from the interop module's npm packages (its lockfile), and reports on its
 * standard output one JSON value per line.
 */
final class NodeScript {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path INTEROP = Paths.get(System.getProperty("interop.dir", "../../interop")).toAbsolutePath().normalize();

    private NodeScript() {
    }

    /**
     * Starts a script against the example, after installing the interop module's packages if one
     * it needs is missing.
     *
     * @param script the script
     * @param port the example's port, passed as {@code CHAT_URL}
     * @param environment more of the script's environment
     * @param packages the npm packages the script imports
     * @return the running script
     * @throws Exception if npm or node cannot be run
     */
    static Process start(Path script, int port, Map<String, String> environment, String... packages) throws Exception {
        install(packages);
        ProcessBuilder command = new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        command.environment().put("CHAT_URL", "http://127.0.0.1:" + port);
        command.environment().put("INTEROP_DIR", INTEROP.toString());
        command.environment().putAll(environment);
        return run(command);
    }

    /** Runs {@code npm ci} in the interop module when one of the packages is not installed yet. */
    private static void install(String... packages) throws Exception {
        boolean installed = true;
        for (String p : packages) {
            installed &= Files.exists(INTEROP.resolve("node_modules/" + p + "/package.json"));
        }
        if (installed) {
            return;
        }
        Process npm = run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(INTEROP.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT));
        assertThat(npm.waitFor(600, TimeUnit.SECONDS)).as("npm ci in %s finished", INTEROP).isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s", INTEROP).isZero();
    }

    private static Process run(ProcessBuilder command) {
        try {
            return command.start();
        } catch (IOException e) {
            throw new AssertionError("Node 18+ and npm are needed for this test: install them, e.g. apt-get install nodejs npm", e);
        }
    }

    /**
     * The script's standard output, one JSON value per line, read on a thread of its own; a
     * broken pipe arrives as an {@code {"event":"error"}} line.
     *
     * @param node the script
     * @param name the reading thread's name
     * @return the lines as they come
     */
    static BlockingQueue<JsonNode> lines(Process node, String name) {
        BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null;) {
                    lines.add(JSON.readTree(l));
                }
            } catch (IOException e) {
                lines.add(JSON.createObjectNode().put("event", "error").put("error", e.toString()));
            }
        }, name);
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /**
     * A GET on the example's port over HTTP/1.1, which must answer 200.
     *
     * @param port the port
     * @param path the path
     * @return the body
     * @throws Exception if the request fails
     */
    static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }
}
