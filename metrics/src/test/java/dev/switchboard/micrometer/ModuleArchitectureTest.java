package dev.switchboard.micrometer;

import dev.switchboard.testing.ApiSurface;
import dev.switchboard.testing.PackageCycles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module's shape, checked on every build: its public API is the committed
 * {@code api/metrics.api} (regenerate with {@code -Dapi.update=true} after an intended change),
 * and its packages import each other without a cycle.
 */
class ModuleArchitectureTest {

    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void thePublicApiIsTheCommittedOne() throws IOException {
        ApiSurface.check(CLASSES, Path.of("api", "metrics.api"));
    }

    @Test
    void packagesImportEachOtherWithoutACycle() {
        PackageCycles.check(CLASSES);
    }
}
