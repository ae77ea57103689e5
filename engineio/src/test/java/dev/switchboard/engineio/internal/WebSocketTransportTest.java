package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.WEBSOCKET;
import static dev.switchboard.engineio.internal.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.internal.EngineFixture.Closed;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import dev.switchboard.engineio.spi.FakeWebSocketConnection;
import dev.switchboard.engineio.spi.FakeWebSocketConnection.Frame;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketTransportTest {

    private EngineFixture fx;
    private FakeWebSocketConnection ws;
    private String sid;

    private void open(EngineIoOptions options, String query) {
        fx = new EngineFixture(options);
        FakeUpgradeExchange up = fx.upgrade(query);
        ws = up.connection();
        assertThat(ws.nextText()).startsWith("0{\"sid\":\"");
        sid = fx.sidOf(up);
    }

    private void open() {
        open(EngineIoOptions.DEFAULT, WEBSOCKET);
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private EngineSession session() {
        return fx.session(sid);
    }

    @Test
    void textFramesAreTextMessages() {
        open();
        ws.receiveText("4hello \u00e9");
        ws.receiveText("4");
        assertThat(fx.events(sid).nextMessage()).isEqualTo(Packet.text("hello \u00e9"));
        assertThat(fx.events(sid).nextMessage()).isEqualTo(Packet.text(""));
    }

    @Test
    void binaryFramesAreBinaryMessagesWithoutATypeByte() {
        open();
        ws.receiveBinary(new byte[] {4, 1, 2});
        assertThat(fx.events(sid).nextMessage()).isEqualTo(Packet.binary(new byte[] {4, 1, 2}));
    }

    @Test
    void base64TextFramesAreBinaryMessages() {
        open();
        ws.receiveText("bAQID");
        assertThat(fx.events(sid).nextMessage()).isEqualTo(Packet.binary(new byte[] {1, 2, 3}));
    }

    @Test
    void messagesGoOutOnePerFrame() {
        open();
        session().send(List.of(Packet.text("451-[\"e\",{\"_placeholder\":true,\"num\":0}]"),
                Packet.binary(new byte[] {1, 2})));
        session().send("after");
        assertThat(ws.nextText()).isEqualTo("4451-[\"e\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(ws.nextFrame()).isEqualTo(new Frame(true, new byte[] {1, 2}));
        assertThat(ws.nextText()).isEqualTo("4after");
    }

    @Test
    void binaryGoesOutAsBase64TextForAClientThatAskedForIt() {
        open(EngineIoOptions.DEFAULT, WEBSOCKET + "&b64=1");
        session().send(new byte[] {1, 2, 3, 4});
        assertThat(ws.nextFrame()).isEqualTo(new Frame(false, "bAQIDBA==".getBytes()));
    }

    @Test
    void messagesSentWithCompressionOffGoOutAsUncompressedFrames() {
        open();
        session().send(List.of(Packet.text("42[\"raw\"]").withCompress(false), Packet.binary(new byte[] {1, 2}).withCompress(false),
                Packet.text("42[\"deflatable\"]")));
        assertThat(ws.nextFrame()).isEqualTo(Frame.uncompressed(false, "442[\"raw\"]".getBytes()));
        assertThat(ws.nextFrame()).isEqualTo(Frame.uncompressed(true, new byte[] {1, 2}));
        assertThat(ws.nextFrame()).isEqualTo(new Frame(false, "442[\"deflatable\"]".getBytes()));
    }

    @Test
    void uncompressedBinaryForABase64ClientIsAnUncompressedTextFrame() {
        open(EngineIoOptions.DEFAULT, WEBSOCKET + "&b64=1");
        session().send(Packet.binary(new byte[] {1, 2, 3, 4}).withCompress(false));
        assertThat(ws.nextFrame()).isEqualTo(Frame.uncompressed(false, "bAQIDBA==".getBytes()));
    }

    @Test
    void protocol3FramesKeepTheirFormWithCompressionOff() {
        open(EngineIoOptions.builder().allowEIO3(true).build(), "EIO=3&transport=websocket");
        session().send(List.of(Packet.text("2[\"v2\"]").withCompress(false), Packet.binary(new byte[] {7}).withCompress(false)));
        assertThat(ws.nextFrame()).isEqualTo(Frame.uncompressed(false, "42[\"v2\"]".getBytes()));
        assertThat(ws.nextFrame()).isEqualTo(Frame.uncompressed(true, new byte[] {4, 7}));
    }

    @Test
    void closePacketIsIgnored() {
        open();
        ws.receiveText("1");
        ws.receiveText("4after close packet");
        assertThat(fx.events(sid).nextMessage()).isEqualTo(Packet.text("after close packet"));
        assertThat(session().readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(ws.isClosed()).isFalse();
        assertThat(fx.events(sid).packets).contains(Packet.CLOSE);
    }

    @Test
    void clientClosingTheConnectionIsTransportClose() {
        open();
        ws.clientClose();
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        assertThat(fx.core.clientsCount()).isZero();
    }

    @Test
    void connectionErrorIsTransportError() {
        open();
        ws.fail("message too big");
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("message too big");
    }

    @Test
    void invalidFrameIsAParseErrorAndClosesTheConnection() {
        open();
        ws.receiveText("4before");
        ws.receiveText("x");
        ws.receiveText("4after");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.PARSE_ERROR);
        assertThat(await(ws.closedByServer())).isEqualTo(-1);
        assertThat(fx.events(sid).messages).containsExactly(Packet.text("before"));
    }

    @Test
    void emptyTextFrameIsAParseError() {
        open();
        ws.receiveText("");
        assertThat(fx.events(sid).awaitClose().reason()).isEqualTo(CloseReason.PARSE_ERROR);
    }

    @Test
    void clientPingIsATransportError() {
        open();
        ws.receiveText("2");
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("invalid heartbeat direction");
        assertThat(await(ws.closedByServer())).isEqualTo(-1);
    }

    @Test
    void writabilityFollowsTheConnection() {
        open();
        assertThat(fx.onLoop(() -> session().isWritable())).isTrue();
        ws.writable(false);
        assertThat(fx.onLoop(() -> session().isWritable())).isFalse();
        ws.drained();
        assertThat(fx.onLoop(() -> session().isWritable())).isTrue();
    }

    @Test
    void bytesQueuedInTheConnectionCountAgainstMaxBufferedBytes() {
        sendFiveBytesWith95OfALimitOf100Pending();
        session().send("123456");
        Closed c = fx.events(sid).awaitClose();
        assertThat(c.reason()).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(c.description()).isEqualTo("outbound buffer full");
        assertThat(await(ws.closedByServer())).isEqualTo(-1);
        assertThat(ws.drainFrames()).isEmpty();
    }

    @Test
    void bytesTheConnectionSentSinceTheLastTurnNoLongerCountAgainstMaxBufferedBytes() {
        sendFiveBytesWith95OfALimitOf100Pending();
        ws.pendingOutboundBytes(0);
        String ninety = "x".repeat(90);
        session().send(ninety);
        assertThat(ws.nextText()).isEqualTo("4" + ninety);
        assertThat(fx.onLoop(() -> session().isWritable())).isTrue();
    }

    /** A WebSocket session bounded at 100 bytes whose connection holds 95: 5 more still fit, and go. */
    private void sendFiveBytesWith95OfALimitOf100Pending() {
        open(EngineIoOptions.builder().maxBufferedBytes(100).build(), WEBSOCKET);
        ws.pendingOutboundBytes(95);
        session().send("12345");
        assertThat(ws.nextText()).isEqualTo("412345");
    }

    @Test
    void framesAfterTheSessionClosedAreIgnored() {
        open();
        session().close();
        fx.events(sid).awaitClose();
        ws.receiveText("4late");
        fx.settle();
        assertThat(fx.events(sid).messages).isEmpty();
    }
}
