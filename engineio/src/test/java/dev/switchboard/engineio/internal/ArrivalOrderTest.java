package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests of one session take effect in the order they were handed to the engine, whichever
 * event loop read them. Two loops stand for two connections: the session's own loop, and another
 * one. A gate holds the session's loop while the other loop hands a request over, so the order
 * in which the two requests reach the engine is fixed, not left to the scheduler.
 */
class ArrivalOrderTest {

    private final EngineFixture fx = new EngineFixture();
    /** The loop of a second connection: not the session's. */
    private final DefaultEventExecutor otherLoop = new DefaultEventExecutor();

    @AfterEach
    void stop() {
        otherLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        fx.close();
    }

    private String pollingUrl(String sid) {
        return fx.path() + "?" + EngineFixture.POLLING + "&sid=" + sid;
    }

    /**
     * The session's loop reads {@code second} (hands it to the engine) only after the other loop
     * has handed {@code first} over, and before the task that carries {@code first} to the session
     * has had a chance to run: what happens when both arrive in the same turn of the session's loop.
     */
    private void firstOnOtherLoopThenSecondOnSessionLoop(FakeHttpExchange first, FakeHttpExchange second)
            throws InterruptedException {
        CountDownLatch firstHandedOver = new CountDownLatch(1);
        CountDownLatch secondHandedOver = new CountDownLatch(1);
        fx.loop.execute(() -> {
            try {
                assertThat(firstHandedOver.await(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            fx.core.handleRequest(second);
            secondHandedOver.countDown();
        });
        otherLoop.execute(() -> {
            fx.core.handleRequest(first);
            firstHandedOver.countDown();
        });
        assertThat(secondHandedOver.await(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void pollHandedOverBeforeAClosePostIsAnsweredWithANoopThoughThePostWasReadOnTheSessionLoop()
            throws InterruptedException {
        String sid = fx.handshake();
        FakeHttpExchange poll = FakeHttpExchange.get(otherLoop, pollingUrl(sid));
        FakeHttpExchange close = FakeHttpExchange.post(fx.loop, pollingUrl(sid), "1");

        firstOnOtherLoopThenSecondOnSessionLoop(poll, close);

        assertThat(poll.response().status()).isEqualTo(200);
        assertThat(poll.response().text()).isEqualTo("6");
        assertThat(close.response().status()).isEqualTo(200);
        assertThat(close.response().text()).isEqualTo("ok");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertThat(fx.poll(sid).response().status()).isEqualTo(400);
    }

    @Test
    void ofTwoPollsTheOneHandedOverFirstIsAnsweredAndTheSecondIsTheOverlap() throws InterruptedException {
        String sid = fx.handshake();
        FakeHttpExchange first = FakeHttpExchange.get(otherLoop, pollingUrl(sid));
        FakeHttpExchange second = FakeHttpExchange.get(fx.loop, pollingUrl(sid));

        firstOnOtherLoopThenSecondOnSessionLoop(first, second);

        assertThat(second.response().status()).isEqualTo(400);
        assertThat(first.response().status()).isEqualTo(200);
        assertThat(first.response().text()).isEqualTo("1");
        assertThat(fx.events(sid).awaitClose().description()).isEqualTo("overlap from client");
    }

    @Test
    void aTaskHandedOverFromAnotherThreadIsNotOvertakenByOneHandedOverLaterOnTheLoop() throws InterruptedException {
        ArrivalOrder order = new ArrivalOrder(fx.loop);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch fromOtherThread = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        fx.loop.execute(() -> {
            try {
                assertThat(fromOtherThread.await(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            order.submit(() -> ran.add("second, on the loop"));
            ran.add("after the second was submitted");
            done.countDown();
        });
        otherLoop.execute(() -> {
            order.submit(() -> ran.add("first, from elsewhere"));
            fromOtherThread.countDown();
        });

        assertThat(done.await(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        fx.settle();
        assertThat(ran).containsExactly("first, from elsewhere", "second, on the loop", "after the second was submitted");
    }

    @Test
    void aTaskSubmittedWhileTheQueueRunsOnTheLoopRunsAfterTheOnesBeforeIt() {
        ArrivalOrder order = new ArrivalOrder(fx.loop);
        List<String> ran = new CopyOnWriteArrayList<>();
        fx.onLoop(() -> {
            order.submit(() -> {
                ran.add("outer starts");
                order.submit(() -> ran.add("inner"));
                ran.add("outer ends");
            });
            return null;
        });
        assertThat(ran).containsExactly("outer starts", "outer ends", "inner");
    }

    @Test
    void aFailingTaskDoesNotStopTheOnesAfterIt() {
        ArrivalOrder order = new ArrivalOrder(fx.loop);
        List<String> ran = new CopyOnWriteArrayList<>();
        otherLoop.submit(() -> {
            order.submit(() -> {
                throw new IllegalStateException("a bug in one request's handling (logged)");
            });
            order.submit(() -> ran.add("next"));
        }).syncUninterruptibly();
        fx.settle();
        assertThat(ran).containsExactly("next");
    }
}
