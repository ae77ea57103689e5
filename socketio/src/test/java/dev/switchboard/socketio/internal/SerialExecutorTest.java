package dev.switchboard.socketio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void runsTasksOneAtATimeInOrderOnAPool() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> order = new CopyOnWriteArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(500);
            for (int i = 0; i < 500; i++) {
                int n = i;
                serial.execute(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    order.add(n);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                expected.add(i);
            }
            assertThat(order).isEqualTo(expected);
            assertThat(maxRunning).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void knowsWhetherTheCallerRunsInsideIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger inside = new AtomicInteger();
            serial.execute(() -> {
                if (serial.inExecutor()) {
                    inside.incrementAndGet();
                }
                done.countDown();
            });
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(inside).hasValue(1);
            assertThat(serial.inExecutor()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheNextOnes() throws Exception {
        SerialExecutor serial = new SerialExecutor(Runnable::run);
        List<String> got = new ArrayList<>();
        serial.execute(() -> {
            throw new IllegalStateException("task bug");
        });
        serial.execute(() -> got.add("after"));
        assertThat(got).containsExactly("after");
    }

    @Test
    void aRejectingExecutorDropsTheQueueAndAcceptsLaterTasks() {
        AtomicInteger calls = new AtomicInteger();
        List<String> got = new ArrayList<>();
        SerialExecutor serial = new SerialExecutor(task -> {
            if (calls.incrementAndGet() == 1) {
                throw new RejectedExecutionException("shut down");
            }
            task.run();
        });
        serial.execute(() -> got.add("rejected"));
        serial.execute(() -> got.add("accepted"));
        assertThat(got).containsExactly("accepted");
    }
}
