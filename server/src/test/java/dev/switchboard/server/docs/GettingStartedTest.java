package dev.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Ack;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The getting-started code works as written: the Maven coordinates of
 * {@code docs/GETTING-STARTED.md} and of the README name artifacts this build makes, at its
 * version, and the page's
 * server and the README's "Using Socket.IO" server compile as they stand and serve the official
 * Java client.
 */
class GettingStartedTest {

    private static final String PAGE = "docs/GETTING-STARTED.md";
    /** A program on another JVM that is starting: the first connection may take a while. */
    private static final long START_SECONDS = 60;
    private static final long T = OfficialClients.TIMEOUT_SECONDS;
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);

    @Test
    void mavenCoordinatesNameThisBuildsArtifactsAtItsVersion() throws Exception {
        List<String[]> page = dependencies(PAGE, block(PAGE, "maven-dependencies", "xml"));
        // The server and the Socket.IO API, at the build's version: what the page's program imports.
        assertThat(page).extracting(d -> d[1]).containsExactly("switchboard-server", "switchboard-socketio");
        assertThat(page).extracting(d -> d[2]).containsOnly(version());
    }

    @Test
    void readmeBomAndDependenciesNameThisBuildsArtifacts() throws Exception {
        List<String[]> readme = dependencies("README.md", block("README.md", "readme-maven", "xml"));
        assertThat(readme).extracting(d -> d[1])
                .containsExactly("switchboard-bom", "switchboard-server", "switchboard-socketio");
        // The BOM carries the version; the artifacts it manages leave theirs out.
        assertThat(readme).extracting(d -> d[2]).containsExactly(version(), null, null);
    }

    /**
     * The {@code <dependency>} elements of a block as {groupId, artifactId, version or null}, each
     * checked to name this build's group and one of its modules' artifacts.
     */
    private static List<String[]> dependencies(String page, String xml) throws Exception {
        String rootPom = DocBlocks.read("pom.xml");
        List<String> artifacts = new ArrayList<>();
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
        while (modules.find()) {
            String pom = DocBlocks.read(modules.group(1) + "/pom.xml");
            int parent = pom.indexOf("</parent>");
            artifacts.add(tag(parent < 0 ? pom : pom.substring(parent), "artifactId"));
        }
        List<String[]> found = new ArrayList<>();
        Matcher dependency = DEPENDENCY.matcher(xml);
        while (dependency.find()) {
            String element = dependency.group(1);
            String[] d = {tag(element, "groupId"), tag(element, "artifactId"), optionalTag(element, "version")};
            assertThat(d[0]).as("groupId in %s", page).isEqualTo(tag(rootPom, "groupId"));
            assertThat(artifacts).as("modules of pom.xml, for the artifactId in %s", page).contains(d[1]);
            found.add(d);
        }
        return found;
    }

    private static String version() throws Exception {
        String rootPom = DocBlocks.read("pom.xml");
        return tag(rootPom.substring(rootPom.indexOf("<artifactId>switchboard-parent</artifactId>")), "version");
    }

    @Test
    void gettingStartedServerCompilesRunsAndAnswersTheJavaClient() throws Exception {
        try (SnippetRunner program = new SnippetRunner(); OfficialClients clients = new OfficialClients()) {
            program.start("HelloServer", block(PAGE, "hello-server", "java"));
            Socket client = clients.socket("http://127.0.0.1:" + program.port(), true);
            CompletableFuture<Object[]> welcome = OfficialClients.next(client, "welcome");
            connect(program, client);
            assertThat(welcome.get(T, TimeUnit.SECONDS)).containsExactly("Hello, " + client.id());
            assertThat(echo(client, "ping")).containsExactly("ping");
            assertThat(chat(client, "hi")).containsExactly("hi");
        }
    }

    @Test
    void readmeServerCompilesRunsAndAnswersTheJavaClient() throws Exception {
        String fragment = block("README.md", "readme-socketio", "java");
        try (SnippetRunner program = new SnippetRunner(); OfficialClients clients = new OfficialClients()) {
            program.start("ReadmeServer", SnippetRunner.program("ReadmeServer", fragment));
            Socket client = clients.socket("http://127.0.0.1:" + program.port(), true);
            CompletableFuture<Object[]> welcome = OfficialClients.next(client, "welcome");
            connect(program, client);
            assertThat(welcome.get(T, TimeUnit.SECONDS)).containsExactly("Hello, you are connected!");
            assertThat(echo(client, "ping")).containsExactly("ping");
            assertThat(chat(client, "hi")).containsExactly("hi");
        }
    }

    private static String block(String page, String name, String language) throws Exception {
        Map<String, DocBlocks.Block> blocks = DocBlocks.marked(page);
        assertThat(blocks).as("blocks of %s marked <!-- snippet: NAME -->", page).containsKey(name);
        assertThat(blocks.get(name).language()).as("language of %s in %s", name, page).isEqualTo(language);
        return blocks.get(name).code();
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        assertThat(m.find()).as("<%s> in a pom", name).isTrue();
        return m.group(1).trim();
    }

    private static String optionalTag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1).trim() : null;
    }

    private static void connect(SnippetRunner program, Socket client) throws Exception {
        try {
            OfficialClients.connect(client, START_SECONDS);
        } catch (Exception | AssertionError e) {
            throw new AssertionError("the program did not serve (running: " + program.running() + "); it printed:\n"
                    + program.output(), e);
        }
    }

    private static Object[] echo(Socket client, String text) throws Exception {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("echo", new Object[] {text}, (Ack) answer::complete);
        return answer.get(T, TimeUnit.SECONDS);
    }

    private static Object[] chat(Socket client, String text) throws Exception {
        CompletableFuture<Object[]> back = OfficialClients.next(client, "chat message");
        client.emit("chat message", text);
        return back.get(T, TimeUnit.SECONDS);
    }
}
