package dev.switchboard.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The count of container WebSockets a stop waits for. */
class OpenWebSocketsTest {

    @Test
    void countsWhatOpenedAndIsNotClosedYet() {
        OpenWebSockets open = new OpenWebSockets();
        open.opened();
        open.opened();
        open.closed();
        assertThat(open.count()).isEqualTo(1);
    }

    @Test
    void awaitingNoneReturnsAtOnceWhenNoneIsOpen() throws InterruptedException {
        OpenWebSockets open = new OpenWebSockets();
        open.opened();
        open.closed();
        assertThat(open.awaitNone(System.nanoTime())).isTrue();
    }

    @Test
    void awaitingNoneGivesUpAtTheDeadlineWhenOneStaysOpen() throws InterruptedException {
        OpenWebSockets open = new OpenWebSockets();
        open.opened();
        long start = System.nanoTime();
        boolean none = open.awaitNone(start + TimeUnit.MILLISECONDS.toNanos(200));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(none).isFalse();
        assertThat(waitedMillis).isBetween(200L, 5_000L);
        assertThat(open.count()).isEqualTo(1);
    }

    @Test
    void awaitingNoneWakesWhenTheLastOneClosesOnAnotherThread() throws Exception {
        OpenWebSockets open = new OpenWebSockets();
        open.opened();
        open.opened();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> none = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return open.awaitNone(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        open.closed();
        assertThat(none).isNotDone();
        open.closed();
        assertThat(none.get(5, TimeUnit.SECONDS)).isTrue();
    }
}
