package dev.switchboard.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.nio.file.Path;

/**
 * Fails when the packages of a module import each other in a cycle (ArchUnit, on the compiled
 * main classes), so layers stay layers: the user API above the adapter and parser SPIs, those
 * above the packet model, nothing of a lower package reaching back up.
 *
 * <p>A package's implementation ({@code .internal}, and below it) and a layer's own contract with
 * its bindings ({@code .spi}) count as part of that package: the API delegates to its
 * implementation, which implements it, and the engine's binding contract is written in the
 * engine's own value types, so those edges are the layer itself, not a cycle between layers.
 */
public final class PackageCycles {

    private PackageCycles() {
    }

    /**
     * Checks the classes under a directory.
     *
     * @param classes a module's compiled main classes
     * @throws AssertionError describing each cycle
     */
    public static void check(Path classes) {
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        SlicesRuleDefinition.slices().assignedFrom(LAYERS).should().beFreeOfCycles()
                .allowEmptyShould(false)
                .check(imported);
    }

    /** The layer of a package, as {@link PackageCycles} counts them. */
    static String layer(String packageName) {
        String p = packageName;
        int internal = p.indexOf(".internal");
        if (internal >= 0 && (p.length() == internal + 9 || p.charAt(internal + 9) == '.')) {
            p = p.substring(0, internal);
        }
        if (p.endsWith(".spi")) {
            p = p.substring(0, p.length() - 4);
        }
        return p;
    }

    private static final SliceAssignment LAYERS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String p = javaClass.getPackageName();
            return p.startsWith("dev.switchboard.") ? SliceIdentifier.of(layer(p)) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of dev.switchboard, each with its .internal and .spi";
        }
    };
}
