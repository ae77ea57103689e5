package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcTest {

    @Test
    void readsThisProcessCpuTimeAndResidentMemory() {
        long spin = 0;
        for (int i = 0; i < 50_000_000; i++) {
            spin += i ^ spin;
        }
        assertThat(spin).isNotZero();
        assertThat(Proc.cpuNanos(Proc.self())).isPositive();
        assertThat(Proc.rssBytes(Proc.self())).isGreaterThan(1024 * 1024);
    }

    @Test
    void unknownProcessReadsAsMinusOne() {
        assertThat(Proc.cpuNanos(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(Proc.rssBytes(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
