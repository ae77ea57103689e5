package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpTimeoutsTest {

    @Test
    void nodesDefaultsAreSixtyThreeHundredAndFiveSeconds() {
        assertThat(HttpTimeouts.NODE).isEqualTo(new HttpTimeouts(60_000, 300_000, 5_000));
    }

    @Test
    void headersMayNotTakeLongerThanTheWholeRequest() {
        assertThatThrownBy(() -> new HttpTimeouts(2_000, 1_000, 5_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("headersTimeout (2000 ms) must not be longer than requestTimeout (1000 ms)");
        assertThat(new HttpTimeouts(1_000, 1_000, 5_000).headersTimeoutMs()).isEqualTo(1_000);
    }

    @Test
    void timeoutsArePositive() {
        assertThatThrownBy(() -> new HttpTimeouts(0, 1_000, 5_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HttpTimeouts(1_000, 1_000, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
