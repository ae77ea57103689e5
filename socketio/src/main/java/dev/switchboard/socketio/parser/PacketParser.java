package dev.switchboard.socketio.parser;

import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.socketio.protocol.Packet;
import java.util.List;

/**
 * Turns Socket.IO packets into Engine.IO messages and back: the {@code parser} option. The default
 * is {@link JsonPacketParser}, the format of the official {@code socket.io-parser}; other formats
 * (msgpack) plug in here. Client and server must use the same parser.
 *
 * <p>An implementation is shared by every connection and must be thread-safe; the per-connection
 * state of reassembling binary attachments lives in the {@link Decoder}s it creates.
 */
public interface PacketParser {

    /**
     * Encodes a packet. The returned messages are immutable and may be sent to many sessions.
     *
     * @param packet the packet
     * @return the Engine.IO messages carrying it, in order (a header then its attachments)
     */
    List<Message> encode(Packet packet);

    /** {@return a decoder for one connection} */
    Decoder newDecoder();

    /**
     * Reassembles packets from one connection's messages. Not thread-safe: used on the
     * connection's event loop only.
     */
    interface Decoder {
        /**
         * Feeds the next message of the connection.
         *
         * @param message a text or binary Engine.IO message
         * @return a complete packet, or {@code null} while attachments are still expected
         * @throws ParseException when the message breaks the format; the connection must close
         */
        Packet decode(Message message) throws ParseException;

        /** Drops any partly received packet; called when the connection closes. */
        void reset();
    }

    /** A message that does not follow the packet format. */
    final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what is wrong, as the reference words it where it has a word for it
         */
        public ParseException(String message) {
            super(message);
        }
    }
}
