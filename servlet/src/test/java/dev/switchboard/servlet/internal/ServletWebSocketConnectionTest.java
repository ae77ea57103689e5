package dev.switchboard.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The container WebSocket adapter's close-grace timer, against a recording container session
 * whose sends never complete (a peer that does not read).
 */
class ServletWebSocketConnectionTest {

    private final TimerRecordingExecutor executor = new TimerRecordingExecutor();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final RemoteEndpoint.Async remote = recording(RemoteEndpoint.Async.class);
    private final Session session = recording(Session.class);

    @AfterEach
    void stop() {
        executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aCloseWithNothingQueuedGoesOutAtOnceAndLeavesNoTimer() throws Exception {
        ServletWebSocketConnection connection = open();
        connection.close();
        onExecutor(() -> { });

        assertThat(calls).containsExactly("setMaxIdleTimeout", "addMessageHandler", "addMessageHandler", "close");
        assertThat(executor.timers).isEmpty();
    }

    @Test
    void aCloseBehindAnUnsentFrameWaitsOnATimerThatTheConnectionsEndCancels() throws Exception {
        ServletWebSocketConnection connection = open();
        connection.writeText("4hello");
        connection.flush();
        connection.close();
        onExecutor(() -> { });
        assertThat(calls).endsWith("getAsyncRemote", "sendText").doesNotContain("close");
        assertThat(executor.timers).singleElement().matches(t -> !t.isDone(), "pending");

        onExecutor(connection::onClosed);

        assertThat(executor.timers.get(0).isCancelled()).as("close-grace timer cancelled").isTrue();
    }

    private ServletWebSocketConnection open() throws Exception {
        ServletWebSocketConnection connection = new ServletWebSocketConnection(executor, 1_000_000, new OpenWebSockets());
        connection.onOpen(session, null);
        onExecutor(() -> { });
        return connection;
    }

    private void onExecutor(Runnable r) throws Exception {
        executor.submit(r).get(5, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked") // a proxy of the interface asked for
    private <T> T recording(Class<T> type) {
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            calls.add(method.getName());
            if (method.getName().equals("getAsyncRemote")) {
                return remote;
            }
            return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
        });
    }

    /** A single-thread executor, as the binding's, that keeps what it was asked to schedule. */
    private static final class TimerRecordingExecutor extends SingleThreadEventExecutor {
        final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();

        TimerRecordingExecutor() {
            super(null, new DefaultThreadFactory("timer-recording"), true);
        }

        @Override
        protected void run() {
            do {
                Runnable task = takeTask();
                if (task != null) {
                    task.run();
                    updateLastExecutionTime();
                }
            } while (!confirmShutdown());
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            ScheduledFuture<?> f = super.schedule(command, delay, unit);
            timers.add(f);
            return f;
        }
    }
}
