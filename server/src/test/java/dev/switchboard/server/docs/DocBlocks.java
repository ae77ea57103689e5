package dev.switchboard.server.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the code blocks of the repository's Markdown pages and the tagged regions of Java sources,
 * so that tests can hold the pages to code that compiles and runs.
 *
 * <p>A page marks a block that a test checks with an HTML comment on the line before it, which
 * neither GitHub nor the docs site shows: {@code <!-- snippet: NAME -->}. A Java source marks a
 * region with {@code // tag::NAME[]} and {@code // end::NAME[]} lines.
 */
final class DocBlocks {

    /** The repository's root (the tests run in the {@code server} module's directory). */
    static final Path ROOT = Paths.get("").toAbsolutePath().getParent();

    private static final Pattern MARKED = Pattern.compile(
            "^<!-- snippet: ([\\w.-]+) -->\\n(```|~~~)([\\w-]*)\\n(.*?)^\\2[ \\t]*$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w.-]+)\\[]\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// end::([\\w.-]+)\\[]\\s*$");

    private DocBlocks() {
    }

    /** A marked code block of a page: its name, the language after the fence, and its text. */
    record Block(String name, String language, String code) {
    }

    /** A file of the repository, read as UTF-8. */
    static String read(String relativePath) throws IOException {
        return Files.readString(ROOT.resolve(relativePath), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** The marked blocks of a page, by name, in page order. */
    static Map<String, Block> marked(String page) throws IOException {
        Map<String, Block> blocks = new LinkedHashMap<>();
        Matcher m = MARKED.matcher(read(page));
        while (m.find()) {
            Block previous = blocks.put(m.group(1), new Block(m.group(1), m.group(3), m.group(4)));
            if (previous != null) {
                throw new IllegalStateException(page + " marks two blocks \"" + m.group(1) + "\"");
            }
        }
        return blocks;
    }

    /** The {@code tag::name[]} regions of a Java source, each without its common indentation. */
    static Map<String, String> regions(String source) throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        Map<String, List<String>> open = new LinkedHashMap<>();
        for (String line : read(source).split("\n", -1)) {
            Matcher tag = TAG.matcher(line);
            Matcher end = END.matcher(line);
            if (tag.matches()) {
                open.put(tag.group(1), new ArrayList<>());
            } else if (end.matches()) {
                List<String> lines = open.remove(end.group(1));
                if (lines == null) {
                    throw new IllegalStateException(source + ": end::" + end.group(1) + "[] without its tag");
                }
                regions.put(end.group(1), dedent(lines));
            } else {
                open.values().forEach(lines -> lines.add(line));
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException(source + ": tags never ended: " + open.keySet());
        }
        return regions;
    }

    /** The lines joined with a final newline, less the indentation they all share. */
    static String dedent(List<String> lines) {
        int common = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(common)).append('\n');
        }
        return out.toString();
    }
}
