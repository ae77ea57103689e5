package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * The tests run on the Spring Boot their module names ({@code spring-boot.version}: 4.0 in
 * spring-boot-starter, 3.5 in spring-boot-starter-boot3-test), so a dependency change cannot
 * quietly run both sets on one version.
 */
class SpringBootVersionTest {

    @Test
    void theTestsRunOnTheSpringBootTheirModuleNames() {
        assertThat(System.getProperty("switchboard.expected-spring-boot")).as("set by the module's surefire").isNotBlank();
        assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("switchboard.expected-spring-boot"));
    }
}
