package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {

    @Test
    void twoPackagesThatImportEachOtherFail() {
        assertThatThrownBy(() -> PackageCycles.check(Path.of("target", "test-classes", "dev", "switchboard",
                "testing", "fixture")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("fixture.up")
                .hasMessageContaining("fixture.down");
    }

    @Test
    void anImplementationAndABindingContractBelongToTheirPackage() {
        assertThat(PackageCycles.layer("dev.switchboard.engineio.internal")).isEqualTo("dev.switchboard.engineio");
        assertThat(PackageCycles.layer("dev.switchboard.engineio.internal.shared")).isEqualTo("dev.switchboard.engineio");
        assertThat(PackageCycles.layer("dev.switchboard.engineio.spi")).isEqualTo("dev.switchboard.engineio");
        assertThat(PackageCycles.layer("dev.switchboard.socketio.adapter.internal"))
                .isEqualTo("dev.switchboard.socketio.adapter");
        assertThat(PackageCycles.layer("dev.switchboard.socketio.adapter")).isEqualTo("dev.switchboard.socketio.adapter");
        assertThat(PackageCycles.layer("dev.switchboard.socketio.internalish")).isEqualTo("dev.switchboard.socketio.internalish");
    }
}
