package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandlerExecutorsTest {

    @Test
    void virtualThreadsWhereTheJdkHasThemElseDaemonThreads() throws Exception {
        boolean expected = Runtime.version().feature() >= 21;
        assertThat(HandlerExecutors.hasVirtualThreads()).isEqualTo(expected);
        ExecutorService executor = HandlerExecutors.virtualThreads();
        try {
            Thread t = CompletableFuture.supplyAsync(Thread::currentThread, executor).get(5, TimeUnit.SECONDS);
            if (expected) {
                assertThat(t.toString()).contains("VirtualThread");
            } else {
                assertThat(t.isDaemon()).isTrue();
                assertThat(t.getName()).startsWith("socketio-handler-");
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
