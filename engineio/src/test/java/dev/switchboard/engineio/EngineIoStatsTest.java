package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot record: complete, immutable maps and the totals derived from them. */
class EngineIoStatsTest {

    private static Map<CloseReason, Long> closes() {
        Map<CloseReason, Long> m = new EnumMap<>(CloseReason.class);
        long n = 1;
        for (CloseReason r : CloseReason.values()) {
            m.put(r, n++);
        }
        return m;
    }

    @Test
    void totalsAddEveryTransportAndEveryReason() {
        EngineIoStats s = new EngineIoStats(Map.of(TransportType.POLLING, 2L, TransportType.WEBSOCKET, 5L),
                0, 0, 0, 0, 0, 0, 0, closes());
        assertThat(s.openSessionCount()).isEqualTo(7);
        assertThat(s.closeCount()).isEqualTo(1 + 2 + 3 + 4 + 5);
    }

    @Test
    void mapsAreCopiedAndCannotBeChanged() {
        Map<CloseReason, Long> source = closes();
        EngineIoStats s = new EngineIoStats(Map.of(TransportType.POLLING, 0L, TransportType.WEBSOCKET, 0L),
                0, 0, 0, 0, 0, 0, 0, source);
        source.put(CloseReason.PING_TIMEOUT, 99L);
        assertThat(s.closes().get(CloseReason.PING_TIMEOUT)).isEqualTo(3L);
        assertThatThrownBy(() -> s.closes().put(CloseReason.PING_TIMEOUT, 1L))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMissingKeyIsRefused() {
        assertThatThrownBy(() -> new EngineIoStats(Map.of(TransportType.POLLING, 0L), 0, 0, 0, 0, 0, 0, 0, closes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no count for WEBSOCKET");
    }
}
