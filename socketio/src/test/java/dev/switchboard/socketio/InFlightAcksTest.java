package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The count of acknowledgements under way, which a graceful close waits to reach zero. */
class InFlightAcksTest {

    private final InFlightAcks acks = new InFlightAcks();

    @Test
    void whenIdleCompletesAtOnceWithNoneUnderWay() {
        assertThat(acks.whenIdle()).isCompleted();
    }

    @Test
    void whenIdleWaitsForTheLastEnd() {
        acks.begin();
        acks.begin();
        CompletableFuture<Void> idle = acks.whenIdle();

        acks.end();
        assertThat(idle).isNotDone();
        assertThat(acks.count()).isEqualTo(1);

        acks.end();
        assertThat(idle).isCompleted();
        assertThat(acks.count()).isZero();
    }

    @Test
    void anAckBegunAndEndedBeforeTheWaitLeavesNothingToWaitFor() {
        acks.begin();
        acks.end();

        assertThat(acks.whenIdle()).isCompleted();
    }

    @Test
    void manyThreadsBeginningAndEndingLeaveTheCountAtZeroAndTheWaitCompleted() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        acks.begin(); // held until the workers are done, so the wait cannot complete early
        CompletableFuture<Void> idle = acks.whenIdle();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            CompletableFuture<?>[] done = new CompletableFuture<?>[threads];
            for (int t = 0; t < threads; t++) {
                done[t] = CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        acks.begin();
                        acks.end();
                    }
                }, pool);
            }
            start.countDown();
            CompletableFuture.allOf(done).get(30, TimeUnit.SECONDS);
            assertThat(idle).isNotDone();

            acks.end();
            assertThat(idle).isCompleted();
            assertThat(acks.count()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
