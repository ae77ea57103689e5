package dev.switchboard.server.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.socketio.SocketIoOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/GUIDE.md} and {@link GuideSnippets} the same code: every {@code java} block of
 * the guide is one tagged region of the snippets (after removing common indentation), and every
 * region is in the guide. The {@code Guide*SnippetsTest}s (see {@link GuideHarness}) run many regions
 * against a real server with a raw Socket.IO client, asserting the exact packets the guide promises.
 */
class GuideSnippetsTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path GUIDE = MODULE.resolveSibling("docs").resolve("GUIDE.md").normalize();
    private static final Path DIR = MODULE.resolve("src/test/java/dev/switchboard/server/guide");
    /**
     * The files holding the guide's snippets, one per group of guide sections; the servlet ones are
     * compiled in the servlet module against the containers.
     */
    private static final List<Path> SNIPPETS = List.of(DIR.resolve("GuideSnippets.java"),
            DIR.resolve("GuideEventSnippets.java"), DIR.resolve("GuideAdvancedSnippets.java"),
            MODULE.resolveSibling("servlet").resolve(
                    "src/test/java/dev/switchboard/servlet/guide/ServletGuideSnippets.java").normalize());
    private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([a-z0-9-]+)\\[\\]\\s*$");

    // ---- the guide and the snippets are the same code ----------------------------------------

    @Test
    void everyJavaBlockOfTheGuideIsExactlyOneTaggedRegion() throws IOException {
        Map<String, String> regions = regions();
        List<String> problems = new ArrayList<>();
        for (Block block : javaBlocks()) {
            List<String> matches = regions.entrySet().stream()
                    .filter(e -> e.getValue().equals(block.code())).map(Map.Entry::getKey).toList();
            if (matches.size() != 1) {
                problems.add("GUIDE.md line " + block.line() + ": the java block matches "
                        + (matches.isEmpty() ? "no region" : "regions " + matches) + nearest(block.code(), regions));
            }
        }
        assertThat(problems).as("java blocks of %s that are not a region of %s", GUIDE, SNIPPETS).isEmpty();
    }

    @Test
    void everyTaggedRegionIsInTheGuideOnce() throws IOException {
        Map<String, String> regions = regions();
        List<String> blocks = javaBlocks().stream().map(Block::code).toList();
        List<String> problems = new ArrayList<>();
        regions.forEach((name, code) -> {
            long uses = blocks.stream().filter(code::equals).count();
            if (uses != 1) {
                problems.add(name + " is in the guide " + uses + " times");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(regions).as("regions").hasSizeGreaterThan(30);
    }

    @Test
    void optionsSnippetSpellsOutTheDefaults() {
        SocketIoOptions spelled = GuideSnippets.options().options();
        assertThat(spelled.toString()).isEqualTo(SocketIoOptions.DEFAULT.toString());
        assertThat(spelled.engine().cookie()).isNull();
        assertThat(spelled.engine().cors()).isNull();
        assertThat(spelled.engine().allowRequest()).isNull();
    }

    /** A fenced {@code java} block of the guide, dedented, and the line it starts on. */
    record Block(int line, String code) {
    }

    private static List<Block> javaBlocks() throws IOException {
        assertThat(GUIDE).as("the guide").exists();
        List<String> lines = Files.readAllLines(GUIDE, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            if (end == lines.size()) {
                fail("GUIDE.md line " + (i + 1) + ": unterminated java block");
            }
            blocks.add(new Block(i + 1, dedent(lines.subList(start, end))));
            i = end;
        }
        assertThat(blocks).as("java blocks in the guide").isNotEmpty();
        return blocks;
    }

    /** The tagged regions of the snippets, by name, dedented. */
    private static Map<String, String> regions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        for (Path file : SNIPPETS) {
            addRegions(file, regions);
        }
        return regions;
    }

    /** Adds the tagged regions of one snippets file; a name may be used once across the files. */
    private static void addRegions(Path file, Map<String, String> regions) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String where = file.getFileName().toString();
        String open = null;
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = TAG.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String name = m.group(2);
            if (m.group(1).equals("tag")) {
                assertThat(open).as("%s line %d opens %s inside %s", where, i + 1, name, open).isNull();
                open = name;
                start = i + 1;
            } else {
                assertThat(name).as("%s line %d closes a region", where, i + 1).isEqualTo(open);
                assertThat(regions).as("region names").doesNotContainKey(name);
                regions.put(name, dedent(lines.subList(start, i)));
                open = null;
            }
        }
        assertThat(open).as("unclosed region in %s", where).isNull();
    }

    /** The lines joined with {@code \n}, without the indentation they all share (blank lines aside). */
    static String dedent(List<String> lines) {
        int common = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                int indent = 0;
                while (indent < line.length() && line.charAt(indent) == ' ') {
                    indent++;
                }
                common = Math.min(common, indent);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(line.isBlank() ? "" : line.substring(common).stripTrailing());
        }
        return sb.toString();
    }

    /** Where a block differs from the region it resembles most: the first differing line of each. */
    private static String nearest(String code, Map<String, String> regions) {
        List<String> lines = code.lines().toList();
        String best = null;
        int bestScore = -1;
        for (Map.Entry<String, String> e : regions.entrySet()) {
            List<String> other = e.getValue().lines().toList();
            int score = (int) lines.stream().filter(other::contains).count();
            if (score > bestScore) {
                bestScore = score;
                best = e.getKey();
            }
        }
        if (best == null) {
            return "";
        }
        List<String> other = regions.get(best).lines().toList();
        int i = 0;
        while (i < lines.size() && i < other.size() && lines.get(i).equals(other.get(i))) {
            i++;
        }
        return "; nearest region " + best + " differs at its line " + (i + 1) + ":\n  guide:    "
                + (i < lines.size() ? lines.get(i) : "<end>") + "\n  snippets: " + (i < other.size() ? other.get(i) : "<end>");
    }
}
