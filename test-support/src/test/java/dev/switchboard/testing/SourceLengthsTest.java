package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLengthsTest {

    @TempDir
    Path dir;

    private void write(String file, int lines) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "//\n".repeat(lines));
    }

    @Test
    void aFileOfExactlyTheLimitPassesAndOneLineMoreFailsWithItsPathAndLength() throws IOException {
        write("src/main/java/a/Fits.java", SourceLengths.MAX_LINES);
        write("src/test/java/a/TooLongTest.java", SourceLengths.MAX_LINES + 1);
        write("src/test/resources/long.java.txt", 5000);

        assertThat(SourceLengths.tooLong(dir)).containsExactly(
                Path.of("src/test/java/a/TooLongTest.java") + ": " + (SourceLengths.MAX_LINES + 1));
        assertThatThrownBy(() -> SourceLengths.check(dir))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("TooLongTest.java: 601");
    }

    @Test
    void libraryModulesAreTheDirectoriesWithAModuleInfo() throws IOException {
        write("lib/src/main/java/module-info.java", 1);
        write("lib/target/x/src/main/java/module-info.java", 1);
        write("app/src/main/java/App.java", 1);
        assertThat(SourceLengths.libraryModules(dir)).containsExactly(dir.resolve("lib"));
    }

    /**
     * Every library module of this repository (and this one), so that a module added later is held
     * to the limit even before its own architecture test checks it.
     */
    @Test
    void noJavaFileOfALibraryModuleIsLongerThanTheLimit() {
        Path here = Path.of("").toAbsolutePath();
        List<Path> modules = SourceLengths.libraryModules(here.getParent());
        assertThat(modules).as("library modules next to %s", here).isNotEmpty();
        SourceLengths.check(here);
        for (Path module : modules) {
            SourceLengths.check(module);
        }
    }
}
