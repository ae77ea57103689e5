package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DisconnectReasonTest {

    @Test
    void reasonsAreSpelledAsTheReference() {
        assertThat(Arrays.stream(DisconnectReason.values()).map(DisconnectReason::text)).containsExactly(
                "transport error", "transport close", "forced close", "ping timeout", "parse error",
                "server shutting down", "forced server close", "client namespace disconnect",
                "server namespace disconnect");
        assertThat(DisconnectReason.PING_TIMEOUT).hasToString("ping timeout");
    }

    @Test
    void engineReasonsMapOneToOne() {
        for (CloseReason r : CloseReason.values()) {
            assertThat(DisconnectReason.of(r).text()).isEqualTo(r.text());
        }
    }

    @Test
    void recoverableReasonsAreTheReferenceSet() {
        assertThat(Arrays.stream(DisconnectReason.values()).filter(DisconnectReason::recoverable)
                .map(DisconnectReason::text)).containsExactlyInAnyOrder("transport error", "transport close",
                "forced close", "ping timeout", "server shutting down", "forced server close");
    }

    @Test
    void fromTextFindsTheReason() {
        assertThat(DisconnectReason.fromText("client namespace disconnect"))
                .isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        assertThat(DisconnectReason.fromText("nope")).isNull();
    }
}
