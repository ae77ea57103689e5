package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A polling session that ends while its WebSocket probe is pending closes the probe's WebSocket
 * promptly, over real connections to the Netty binding: at once when the client still polls (probe
 * not answered, client close, ping timeout, the engine's close), and right after the client's
 * {@code 5} when the probe was answered and the client paused polling for it. The upgrade timeout
 * is a minute, so a probe left to it misses the deadline by far.
 */
class CloseDuringUpgradeTest {

    /** How long the probe may stay open after its session ends. */
    private static final long DEADLINE_MS = 1_000;

    private EchoServer echo;

    @AfterEach
    void stop() {
        if (echo != null) {
            echo.close();
        }
    }

    private EchoServer start(Duration pingInterval, Duration pingTimeout) {
        echo = EchoServer.start(b -> b.upgradeTimeout(Duration.ofSeconds(60))
                .pingInterval(pingInterval).pingTimeout(pingTimeout));
        return echo;
    }

    /** Opens the probe WebSocket of {@code sid} and has it answered with {@code 3probe}. */
    private JdkWebSocket probe(String sid) {
        JdkWebSocket ws = JdkWebSocket.open(echo.http, echo.wsUri("EIO=4&transport=websocket&sid=" + sid));
        ws.sendText("2probe");
        ws.expectText("3probe");
        return ws;
    }

    /** Asserts that the server's close reached the probe within {@link #DEADLINE_MS}. */
    private static void assertClosedWithinDeadline(JdkWebSocket ws) {
        try {
            // A close frame without status, as the engine closes a WebSocket; the JDK reports 1005.
            assertThat(ws.closeStatus.get(DEADLINE_MS, TimeUnit.MILLISECONDS)).isEqualTo(1005);
        } catch (TimeoutException e) {
            throw new AssertionError("the probe was still open " + DEADLINE_MS + " ms after its session ended", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void serverSideCloseBeforeTheProbeIsAnsweredClosesItAtOnce() {
        start(Duration.ofSeconds(25), Duration.ofSeconds(20));
        String sid = echo.handshake();
        JdkWebSocket ws = JdkWebSocket.open(echo.http, echo.wsUri("EIO=4&transport=websocket&sid=" + sid));

        echo.engine.client(sid).close();

        assertClosedWithinDeadline(ws);
        // The client, still polling, learns of the close there.
        HttpResponse<String> poll = echo.get(EchoServer.polling(sid));
        assertThat(poll.body()).isEqualTo("6\u001e1");
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        echo.assertServesFreshClient();
    }

    /**
     * Answered, with no poll waiting: the client has paused polling and sends {@code 5} next, so
     * the close goes over the upgraded WebSocket right after it (what GracefulCloseTest's
     * upgrading Java client relies on to see {@code transport close}).
     */
    @Test
    void serverSideCloseAfterTheProbeWasAnsweredClosesItRightAfterTheUpgrade() {
        start(Duration.ofSeconds(25), Duration.ofSeconds(20));
        String sid = echo.handshake();
        JdkWebSocket ws = probe(sid);

        echo.engine.client(sid).close();
        ws.sendText("5");

        assertClosedWithinDeadline(ws);
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        echo.assertServesFreshClient();
    }

    @Test
    void clientCloseOverPollingClosesThePendingProbeAtOnce() {
        start(Duration.ofSeconds(25), Duration.ofSeconds(20));
        String sid = echo.handshake();
        JdkWebSocket ws = probe(sid);

        echo.postOk(sid, "1");

        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertClosedWithinDeadline(ws);
        echo.assertServesFreshClient();
    }

    @Test
    void pingTimeoutClosesThePendingProbeAtOnce() {
        start(Duration.ofMillis(200), Duration.ofMillis(200));
        String sid = echo.handshake();
        JdkWebSocket ws = probe(sid);

        // Neither the ping nor its pong is ever fetched: the session ends by ping timeout.
        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.PING_TIMEOUT);
        assertClosedWithinDeadline(ws);
    }

    @Test
    void serverCloseClosesThePendingProbeAtOnce() {
        start(Duration.ofSeconds(25), Duration.ofSeconds(20));
        String sid = echo.handshake();
        JdkWebSocket ws = probe(sid);

        echo.engine.close();

        assertThat(echo.awaitClose(sid).reason()).isEqualTo(CloseReason.FORCED_CLOSE);
        assertClosedWithinDeadline(ws);
    }
}
