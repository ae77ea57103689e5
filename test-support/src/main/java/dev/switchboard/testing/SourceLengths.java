package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Fails when a Java source file of a library module, main or test, is longer than
 * {@link #MAX_LINES}: a file that long has more than one job, and splitting it is cheapest before
 * it grows further. Each library module's {@code ModuleArchitectureTest} checks its own sources;
 * {@code test-support}'s tests check every module of the repository that has a
 * {@code module-info.java}, so a new library module is held to it from its first build.
 */
public final class SourceLengths {

    /** The most lines a source file of a library module may have. */
    public static final int MAX_LINES = 600;

    /** Directories that hold no module of ours: build output, npm packages, sources, git. */
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", "src", ".git");

    private SourceLengths() {
    }

    /**
     * Checks the sources of one module.
     *
     * @param module the module's directory (the one holding {@code src})
     * @throws AssertionError naming every file over {@link #MAX_LINES} with its length
     */
    public static void check(Path module) {
        List<String> tooLong = tooLong(module);
        if (!tooLong.isEmpty()) {
            throw new AssertionError("Java files over " + MAX_LINES + " lines in " + module.toAbsolutePath().normalize()
                    + " (split them along behaviour lines):\n  " + String.join("\n  ", tooLong));
        }
    }

    /**
     * The files of a module over the limit.
     *
     * @param module the module's directory
     * @return {@code path: lines} for each file over {@link #MAX_LINES}, in path order
     */
    public static List<String> tooLong(Path module) {
        List<String> found = new ArrayList<>();
        for (String tree : List.of("src/main/java", "src/test/java")) {
            Path root = module.resolve(tree);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    long lines = lines(file);
                    if (lines > MAX_LINES) {
                        found.add(module.relativize(file) + ": " + lines);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /**
     * The library modules of a repository: the directories under it, at any depth outside
     * {@code target}, {@code node_modules}, {@code src} and {@code .git}, that have a
     * {@code src/main/java/module-info.java}.
     *
     * @param repository the repository's root
     * @return the modules' directories, in path order
     */
    public static List<Path> libraryModules(Path repository) {
        List<Path> modules = new ArrayList<>();
        try {
            Files.walkFileTree(repository, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (!dir.equals(repository) && SKIPPED.contains(name)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (Files.isRegularFile(dir.resolve("src/main/java/module-info.java"))) {
                        modules.add(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        modules.sort(null);
        return modules;
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }
}
