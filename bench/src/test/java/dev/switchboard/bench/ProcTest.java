package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
    void compilerTimeIsPartOfThisJvmsCpuTimeAndAbsentFromAProcessWithoutCompilerThreads() throws Exception {
        // This JVM has compiled the test framework's code by now, on its C1 and C2 threads.
        long compiler = Proc.compilerCpuNanos(Proc.self());
        assertThat(compiler).isPositive().isLessThanOrEqualTo(Proc.cpuNanos(Proc.self()));
        Process sleep = new ProcessBuilder("sleep", "5").start();
        try {
            assertThat(Proc.compilerCpuNanos(sleep.pid())).isZero();
        } finally {
            sleep.destroy();
        }
        assertThat(Proc.compilerCpuNanos(Long.MAX_VALUE)).isZero();
    }

    @Test
    void unknownProcessReadsAsMinusOne() {
        assertThat(Proc.cpuNanos(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(Proc.rssBytes(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(Proc.openFiles(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(Proc.threads(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void countsTheDescriptorsAndThreadsThisProcessOpens() throws Exception {
        long files = Proc.openFiles(Proc.self());
        long threads = Proc.threads(Proc.self());
        assertThat(files).isPositive();
        assertThat(threads).isPositive();
        // the JVM may start or end a thread or open a file meanwhile; four threads and a listening
        // socket more stand out from that
        CountDownLatch stop = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            started.add(t);
        }
        try (ServerSocketChannel open = ServerSocketChannel.open()) {
            assertThat(Proc.openFiles(Proc.self())).isGreaterThan(files);
            assertThat(Proc.threads(Proc.self())).isGreaterThan(threads + 1);
        } finally {
            stop.countDown();
            for (Thread t : started) {
                t.join();
            }
        }
    }
}
