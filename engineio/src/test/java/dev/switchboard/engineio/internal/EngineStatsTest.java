package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static dev.switchboard.engineio.internal.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoStats;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import dev.switchboard.engineio.spi.FakeWebSocketConnection;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code EngineIoServer.stats()} counts exactly what sessions did: handshakes, open sessions by
 * transport, upgrades, packets and message bytes each way, buffer overflows and closes by reason.
 */
class EngineStatsTest {

    private EngineFixture fx;

    @AfterEach
    void stop() {
        fx.close();
    }

    private static Map<CloseReason, Long> closes(CloseReason reason, long count) {
        Map<CloseReason, Long> all = new java.util.EnumMap<>(CloseReason.class);
        for (CloseReason r : CloseReason.values()) {
            all.put(r, r == reason ? count : 0L);
        }
        return all;
    }

    private static Map<TransportType, Long> open(long polling, long webSocket) {
        return Map.of(TransportType.POLLING, polling, TransportType.WEBSOCKET, webSocket);
    }

    @Test
    void aNewServerCountsNothing() {
        fx = new EngineFixture();
        assertThat(fx.core.stats()).isEqualTo(new EngineIoStats(open(0, 0), 0, 0, 0, 0, 0, 0, 0, closes(null, 0)));
    }

    @Test
    void pollingSessionCountsItsPacketsAndMessageBytesEachWayAndItsClose() {
        fx = new EngineFixture();
        String sid = fx.handshake();
        assertThat(fx.send(sid, "4hello\u001e4abc\u001e3").status()).isEqualTo(200);
        fx.session(sid).send("hey");
        assertThat(fx.poll(sid).response().text()).isEqualTo("4hey");

        // open out; two messages and an unsolicited pong in; one message out
        assertThat(fx.core.stats()).isEqualTo(new EngineIoStats(open(1, 0), 1, 0, 3, 2, 8, 3, 0, closes(null, 0)));

        fx.send(sid, "1");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        EngineIoStats after = fx.core.stats();
        assertThat(after.openSessions()).isEqualTo(open(0, 0));
        assertThat(after.closes()).isEqualTo(closes(CloseReason.TRANSPORT_CLOSE, 1));
        assertThat(after.packetsIn()).as("the close packet is the transport's, not counted").isEqualTo(3);
        assertThat(after.closeCount()).isEqualTo(1);
    }

    @Test
    void upgradeMovesTheOpenSessionToWebSocketAndTheProbeIsNotCounted() {
        fx = new EngineFixture();
        String sid = fx.handshake();
        FakeHttpExchange paused = fx.poll(sid);
        FakeUpgradeExchange up = fx.upgrade(WEBSOCKET + "&sid=" + sid);
        assertThat(up.awaitAccepted()).isTrue();
        FakeWebSocketConnection ws = up.connection();
        ws.receiveText("2probe");
        assertThat(ws.nextText()).isEqualTo("3probe");
        assertThat(paused.response().text()).isEqualTo("6");
        ws.receiveText("5");
        assertThat(await(fx.events(sid).upgraded)).isEqualTo(TransportType.WEBSOCKET);
        ws.receiveText("4over ws");
        fx.events(sid).nextMessage();

        assertThat(fx.core.stats()).isEqualTo(new EngineIoStats(open(0, 1), 1, 1, 1, 1, 7, 0, 0, closes(null, 0)));

        ws.clientClose();
        fx.events(sid).awaitClose();
        EngineIoStats after = fx.core.stats();
        assertThat(after.openSessions()).isEqualTo(open(0, 0));
        assertThat(after.closes()).isEqualTo(closes(CloseReason.TRANSPORT_CLOSE, 1));
    }

    @Test
    void webSocketHandshakeCountsAnOpenWebSocketSession() {
        fx = new EngineFixture();
        fx.openWebSocket();
        fx.openWebSocket();
        fx.settle();
        EngineIoStats stats = fx.core.stats();
        assertThat(stats.handshakes()).isEqualTo(2);
        assertThat(stats.openSessions()).isEqualTo(open(0, 2));
        assertThat(stats.openSessionCount()).isEqualTo(2);
        assertThat(stats.packetsOut()).as("the two open packets").isEqualTo(2);
    }

    @Test
    void clientThatDoesNotReadFastEnoughCountsABufferOverflowAndATransportError() {
        fx = new EngineFixture(EngineIoOptions.builder().maxBufferedBytes(10).build());
        String sid = fx.handshake();
        EngineSession s = fx.session(sid);
        s.send("12345");
        s.send("67890");
        s.send("x");
        fx.events(sid).awaitClose();

        // The two queued messages never reached a transport: nothing but the open packet went out.
        assertThat(fx.core.stats()).isEqualTo(new EngineIoStats(open(0, 0), 1, 0, 0, 1, 0, 0, 1,
                closes(CloseReason.TRANSPORT_ERROR, 1)));
    }
}
