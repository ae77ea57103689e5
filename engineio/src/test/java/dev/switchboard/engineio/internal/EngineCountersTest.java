package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoStats;
import dev.switchboard.engineio.TransportType;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The counters themselves: what each report adds, and that counting a packet allocates nothing. */
class EngineCountersTest {

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void eachReportAddsToItsOwnCount() {
        EngineCounters c = new EngineCounters();
        c.opened(TransportType.POLLING);
        c.opened(TransportType.POLLING);
        c.opened(TransportType.WEBSOCKET);
        c.upgraded();
        c.received(5);
        c.received(0);
        c.sent(3, 11);
        c.overflowed();
        c.closed(CloseReason.TRANSPORT_ERROR, TransportType.WEBSOCKET);

        EngineIoStats s = c.snapshot();
        assertThat(s.openSessions()).containsEntry(TransportType.POLLING, 1L).containsEntry(TransportType.WEBSOCKET, 1L);
        assertThat(s.handshakes()).isEqualTo(3);
        assertThat(s.upgrades()).isEqualTo(1);
        assertThat(s.packetsIn()).isEqualTo(2);
        assertThat(s.bytesIn()).isEqualTo(5);
        assertThat(s.packetsOut()).isEqualTo(3);
        assertThat(s.bytesOut()).isEqualTo(11);
        assertThat(s.bufferOverflows()).isEqualTo(1);
        assertThat(s.closes()).containsEntry(CloseReason.TRANSPORT_ERROR, 1L).containsEntry(CloseReason.PING_TIMEOUT, 0L);
    }

    @Test
    void countingPacketsAllocatesNothing() {
        EngineCounters c = new EngineCounters();
        for (int i = 0; i < 10_000; i++) {
            c.received(i & 7);
            c.sent(2, i & 15);
        }
        long before = allocatedByThisThread();
        for (int i = 0; i < 1_000_000; i++) {
            c.received(i & 7);
            c.sent(2, i & 15);
        }
        long allocated = allocatedByThisThread() - before;
        // A byte per packet would be a megabyte; what remains is the measurement's own noise.
        assertThat(allocated).isLessThan(64 * 1024);
        assertThat(c.snapshot().packetsIn()).isEqualTo(1_010_000);
    }
}
