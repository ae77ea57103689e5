package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dump of a compiled module, on a module compiled here from two fixture classes. */
class ApiSurfaceTest {

    @TempDir
    Path dir;

    /** Compiles the fixture packages as a module exporting {@code up} only; returns its classes. */
    private Path module() throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        Path info = src.resolve("module-info.java");
        Files.createDirectories(src);
        Files.writeString(info, "module fixture.module { exports dev.switchboard.testing.fixture.up; }");
        Path up = Path.of("src/test/java/dev/switchboard/testing/fixture/up/Up.java");
        Path down = Path.of("src/test/java/dev/switchboard/testing/fixture/down/Down.java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), info.toString(), up.toString(),
                down.toString());
        assertThat(status).isZero();
        return classes;
    }

    @Test
    void rendersTheExportedPackagesOnly() throws IOException {
        String api = ApiSurface.render(module());
        assertThat(api).contains("exports dev.switchboard.testing.fixture.up")
                .contains("public class dev.switchboard.testing.fixture.up.Up")
                .contains("public dev.switchboard.testing.fixture.down.Down dev.switchboard.testing.fixture.up.Up.down()")
                .doesNotContain("class dev.switchboard.testing.fixture.down.Down");
    }

    @Test
    void aChangedSurfaceFailsWithTheDifference() throws IOException {
        Path classes = module();
        Path committed = dir.resolve("api/fixture.api");
        assertThatThrownBy(() -> ApiSurface.check(classes, committed)).hasMessageContaining("missing");
        Files.createDirectories(committed.getParent());
        Files.writeString(committed, ApiSurface.render(classes).replace("down()", "gone()"));
        assertThatThrownBy(() -> ApiSurface.check(classes, committed))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("- ").hasMessageContaining("gone()")
                .hasMessageContaining("+ ").hasMessageContaining("down()");
        Files.writeString(committed, ApiSurface.render(classes));
        ApiSurface.check(classes, committed);
    }
}
