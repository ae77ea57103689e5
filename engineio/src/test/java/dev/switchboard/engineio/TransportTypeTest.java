package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransportTypeTest {

    @Test
    void wireNamesAreTheProtocols() {
        assertThat(TransportType.POLLING.wireName()).isEqualTo("polling");
        assertThat(TransportType.WEBSOCKET.wireName()).isEqualTo("websocket");
    }

    @Test
    void fromWireNameFindsEachTransport() {
        for (TransportType t : TransportType.values()) {
            assertThat(TransportType.fromWireName(t.wireName())).isSameAs(t);
        }
    }

    @Test
    void fromWireNameRefusesUnknownNames() {
        assertThat(TransportType.fromWireName(null)).isNull();
        assertThat(TransportType.fromWireName("")).isNull();
        assertThat(TransportType.fromWireName("Polling")).isNull();
        assertThat(TransportType.fromWireName("webtransport")).isNull();
        assertThat(TransportType.fromWireName("__proto__")).isNull();
        assertThat(TransportType.fromWireName("constructor")).isNull();
    }
}
