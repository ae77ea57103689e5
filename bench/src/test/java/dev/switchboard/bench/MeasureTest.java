package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MeasureTest {

    @Test
    void slopeIsTheLeastSquaresBytesPerSocket() {
        // 2,000 bytes per socket over a 20 MB base, with noise that cancels out
        List<Integer> sockets = List.of(5_000, 10_000, 18_000);
        List<Long> heap = List.of(30_000_000L + 100, 40_000_000L - 200, 56_000_000L + 100);
        assertThat(Measure.slope(sockets, heap)).isCloseTo(2_000, within(0.1));
    }

    @Test
    void warmUpEndsAtTheSecondWhoseThroughputMatchesTheOneBefore() {
        // steps of 1,000, then 1,010: within 3% of each other after two whole seconds
        long[] counts = {0, 1_000, 2_010, 3_500};
        int[] call = {0};
        double seconds = Measure.warmUntilSteady(() -> 0, () -> counts[call[0]++], Duration.ZERO, Duration.ofSeconds(10));
        assertThat(call[0]).isEqualTo(3);
        assertThat(seconds).isBetween(2.0, 9.0);
    }

    @Test
    void warmUpGoesOnWhileTheCompilerIsBusyAndStopsAtItsLimit() {
        // steady throughput, but the compiler used half a core every second: never steady
        long[] compiler = {0};
        long[] count = {0};
        double seconds = Measure.warmUntilSteady(() -> compiler[0] += 500_000_000L, () -> count[0] += 1_000,
                Duration.ZERO, Duration.ofSeconds(3));
        assertThat(seconds).isBetween(3.0, 5.0);
        assertThat(count[0]).isGreaterThanOrEqualTo(4_000);
    }

    @Test
    void slopeOfOnePointIsZero() {
        assertThat(Measure.slope(List.of(5), List.of(7))).isZero();
    }

    @Test
    void latencySummarisesPercentilesOfAMicrosecondHistogram() {
        Histogram h = Measure.micros();
        for (int i = 1; i <= 1_000; i++) {
            Measure.record(h, i * 1_000L); // 1..1000 µs
        }
        Measure.Latency l = Measure.Latency.of(h);
        assertThat(l.count()).isEqualTo(1_000);
        assertThat(l.p50()).isCloseTo(500, within(1.0));
        assertThat(l.p99()).isCloseTo(990, within(1.0));
        assertThat(l.max()).isCloseTo(1_000, within(1.0));
    }

    @Test
    void recordClampsNegativeAndHugeDurations() {
        Histogram h = Measure.micros();
        Measure.record(h, -5);
        Measure.record(h, Long.MAX_VALUE);
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMinValue()).isZero();
    }

    @Test
    void cpuPerUnitAndPercentOfACore() {
        Measure.Cpu cpu = new Measure.Cpu(2.0, 1.5, 0.5, 0.1);
        assertThat(cpu.serverPercent()).isEqualTo(75.0);
        assertThat(cpu.generatorPercent()).isEqualTo(25.0);
        assertThat(cpu.serverMicrosPer(300_000)).isCloseTo(5.0, within(1e-9));
        assertThat(cpu.serverMicrosPer(0)).isZero();
    }

    @Test
    void listenDropsIsReadFromTheTcpExtLinePair() {
        List<String> netstat = List.of(
                "TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPBacklogDrop",
                "TcpExt: 0 7 12 3",
                "IpExt: InNoRoutes ListenDrops",
                "IpExt: 0 99");
        assertThat(Measure.listenDrops(netstat)).isEqualTo(12);
        assertThat(Measure.listenDrops(List.of("IpExt: InNoRoutes", "IpExt: 0"))).isEqualTo(-1);
    }
}
