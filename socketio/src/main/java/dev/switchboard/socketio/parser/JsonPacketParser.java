package dev.switchboard.socketio.parser;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.socketio.protocol.Packet;
import java.util.List;

/**
 * The default parser, wire-compatible with {@code socket.io-parser} 4.2.
 * (Skeleton: being written.)
 */
public final class JsonPacketParser implements PacketParser {

    /**
     * A parser writing JSON with the given mapper's tree support.
     *
     * @param mapper the mapper
     */
    public JsonPacketParser(ObjectMapper mapper) {
    }

    @Override
    public List<Message> encode(Packet packet) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public Decoder newDecoder() {
        throw new UnsupportedOperationException("being written");
    }
}
