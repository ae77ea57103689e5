package dev.switchboard.adminui;

import dev.switchboard.testing.ApiSurface;
import dev.switchboard.testing.PackageCycles;
import dev.switchboard.testing.SourceLengths;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module's shape, checked on every build: its public API is the committed
 * {@code api/admin-ui.api} (regenerate with {@code -Dapi.update=true} after an intended change),
 * its packages import each other without a cycle, and no Java file (main or test) is longer
 * than {@link SourceLengths#MAX_LINES} lines.
 */
class ModuleArchitectureTest {

    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void thePublicApiIsTheCommittedOne() throws IOException {
        ApiSurface.check(CLASSES, Path.of("api", "admin-ui.api"));
    }

    @Test
    void packagesImportEachOtherWithoutACycle() {
        PackageCycles.check(CLASSES);
    }

    @Test
    void noJavaFileIsLongerThan600Lines() {
        SourceLengths.check(Path.of(""));
    }
}
