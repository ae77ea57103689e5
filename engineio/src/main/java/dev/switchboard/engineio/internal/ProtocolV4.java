package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.PacketCodec;
import dev.switchboard.engineio.PayloadCodec;
import dev.switchboard.engineio.spi.WebSocketConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Engine.IO protocol 4: payloads joined by {@code \u001e} ({@link PayloadCodec}), binary as
 * {@code b} + base64 in text and as bare bytes in WebSocket binary frames, server pings.
 */
final class ProtocolV4 extends ProtocolCodec {

    static final ProtocolV4 INSTANCE = new ProtocolV4();

    private ProtocolV4() {
    }

    @Override
    int revision() {
        return 4;
    }

    @Override
    boolean serverPings() {
        return true;
    }

    @Override
    boolean acceptsBinaryPayload() {
        return false;
    }

    @Override
    String encodeTextPayload(List<Packet> packets) {
        return PayloadCodec.encode(packets);
    }

    @Override
    byte[] encodeBinaryPayload(List<Packet> packets) {
        return null;
    }

    @Override
    PayloadCodec.Decoded decodeTextPayload(String payload) {
        return PayloadCodec.decode(payload);
    }

    @Override
    PayloadCodec.Decoded decodeBinaryPayload(byte[] payload) {
        // Refused before the body is read (400, "invalid content"); never called.
        return new PayloadCodec.Decoded(List.of(), false);
    }

    @Override
    Packet decodeTextFrame(String frame) {
        return PacketCodec.decode(frame);
    }

    @Override
    Packet decodeBinaryFrame(byte[] frame) {
        return Packet.binary(frame);
    }

    @Override
    void writeFrame(WebSocketConnection connection, Packet p, boolean supportsBinary) {
        if (p instanceof Packet.Message m && !m.compress()) {
            writeUncompressed(connection, m, supportsBinary);
        } else if (p instanceof Packet.Binary b && supportsBinary) {
            connection.writeBinary(b.bytes());
        } else if (p instanceof Packet.Text t) {
            // Encoded once per packet, however many sessions it is sent to.
            connection.writeText(t.encodedUtf8());
        } else {
            connection.writeText(PacketCodec.encode(p));
        }
    }

    @Override
    void writeLoneFrame(WebSocketConnection connection, Packet p, boolean supportsBinary) {
        if (p instanceof Packet.Text t && t.compress()) {
            // A broadcast's usual case at a moderate rate: its shared bytes, alone before the flush.
            connection.writeTextAndFlush(t.encodedUtf8());
        } else {
            super.writeLoneFrame(connection, p, supportsBinary);
        }
    }

    private static void writeUncompressed(WebSocketConnection connection, Packet.Message m, boolean supportsBinary) {
        if (m instanceof Packet.Binary b && supportsBinary) {
            connection.writeUncompressed(b.bytes(), true);
        } else if (m instanceof Packet.Text t) {
            connection.writeUncompressed(t.encodedUtf8(), false);
        } else {
            connection.writeUncompressed(PacketCodec.encode(m).getBytes(StandardCharsets.UTF_8), false);
        }
    }
}
