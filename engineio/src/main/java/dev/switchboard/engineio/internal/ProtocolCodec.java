package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.PayloadCodec;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.WebSocketConnection;
import java.util.List;

/**
 * How one revision of the Engine.IO protocol puts packets on the wire and which side pings. A
 * session takes one for life, chosen by its handshake's {@code EIO} query value
 * ({@link #revisionOf}); the transports and the heartbeat ask it instead of testing a version.
 *
 * <p>Revision 4 is the current one ({@link ProtocolV4}); revision 3 ({@link ProtocolV3}) serves
 * Socket.IO v2 clients when {@code allowEIO3} is on.
 */
abstract sealed class ProtocolCodec permits ProtocolV4, ProtocolV3 {

    /**
     * {@return the revision a request names: {@code EIO=4} is 4, anything else (or nothing) 3, as the
     * reference reads it}
     */
    static int revisionOf(RequestInfo req) {
        return "4".equals(req.queryParam("EIO")) ? 4 : 3;
    }

    /** {@return the codec of a revision} */
    static ProtocolCodec of(int revision) {
        return revision == 4 ? ProtocolV4.INSTANCE : ProtocolV3.INSTANCE;
    }

    /** {@return the revision number, as {@code EngineSocket.protocol()} reports it} */
    abstract int revision();

    /**
     * {@return whether the server sends the pings (4) or answers the client's (3)} With client pings the
     * server closes a session that has not pinged for {@code pingInterval + pingTimeout}.
     */
    abstract boolean serverPings();

    /** {@return whether a polling POST may carry a binary ({@code application/octet-stream}) payload} */
    abstract boolean acceptsBinaryPayload();

    /**
     * {@return the text form of a polling response: every packet, binary ones as base64}
     *
     * @param packets at least one packet
     */
    abstract String encodeTextPayload(List<Packet> packets);

    /**
     * {@return the binary form of a polling response for a client that takes binary, or {@code null} when
     * the text form is to be sent (revision 4 always; revision 3 when no packet is binary)}
     */
    abstract byte[] encodeBinaryPayload(List<Packet> packets);

    /**
     * Decodes a text polling payload; decoding stops at the first invalid packet.
     *
     * @return the packets read before the first invalid one
     */
    abstract PayloadCodec.Decoded decodeTextPayload(String payload);

    /**
     * Decodes a binary polling payload; decoding stops at the first invalid packet.
     *
     * @return the packets read before the first invalid one
     */
    abstract PayloadCodec.Decoded decodeBinaryPayload(byte[] payload);

    /**
     * Decodes a WebSocket text frame, or {@code null} if it is not a packet.
     *
     * @return the packet, or {@code null}
     */
    abstract Packet decodeTextFrame(String frame);

    /**
     * Decodes a WebSocket binary frame, or {@code null} if it is not a packet.
     *
     * @return the packet, or {@code null}
     */
    abstract Packet decodeBinaryFrame(byte[] frame);

    /**
     * Queues one packet on a WebSocket as one frame.
     *
     * @param supportsBinary whether the client takes binary frames (it did not ask for {@code b64})
     */
    abstract void writeFrame(WebSocketConnection connection, Packet packet, boolean supportsBinary);

    /**
     * Writes the only packet since the connection's last flush as its frame, then flushes.
     *
     * @param connection where the frame goes
     * @param packet the packet
     * @param supportsBinary whether the client takes binary frames
     */
    void writeLoneFrame(WebSocketConnection connection, Packet packet, boolean supportsBinary) {
        writeFrame(connection, packet, supportsBinary);
        connection.flush();
    }
}
