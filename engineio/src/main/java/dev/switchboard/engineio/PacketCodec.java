package dev.switchboard.engineio;

import java.util.Base64;

/**
 * Encodes and decodes single Engine.IO v4 packets in their text form.
 *
 * <p>A text packet is its type digit followed by its data ({@code 4hello}, {@code 2probe}). A binary
 * message has two forms: raw bytes in a WebSocket binary frame (no type byte in v4), or
 * {@code b} + standard base64 with padding in a polling payload or a WebSocket text frame.
 *
 * <p>Decoding never throws for bad input: it returns {@code null}, which the session treats as a
 * parse error and closes with reason {@code parse error}. Unlike Node's lenient base64 decoder,
 * base64 that is not valid is refused rather than decoded to garbage. Line breaks inside it are
 * skipped, as Node skips them: the official Java client ({@code io.socket:engine.io-client} 2.x)
 * wraps its base64 every 76 characters and ends it with {@code \n}.
 */
public final class PacketCodec {

    private PacketCodec() {
    }

    /**
     * The text form of a packet: the type digit and the data, or {@code b} + base64 for binary.
     *
     * @param packet any packet
     * @return the encoded packet
     */
    public static String encode(Packet packet) {
        if (packet instanceof Packet.Text t) {
            return "4".concat(t.text());
        }
        if (packet instanceof Packet.Binary b) {
            return "b".concat(Base64.getEncoder().encodeToString(b.bytes()));
        }
        if (packet instanceof Packet.Open o) {
            return "0".concat(o.json());
        }
        if (packet instanceof Packet.Ping p) {
            return "2".concat(p.data());
        }
        if (packet instanceof Packet.Pong p) {
            return "3".concat(p.data());
        }
        return String.valueOf(packet.type().code());
    }

    /**
     * Decodes one text packet.
     *
     * @param encoded a WebSocket text frame or one record of a polling payload
     * @return the packet, or {@code null} when the text is empty, starts with an unknown type, or is
     *     {@code b} followed by invalid base64
     */
    public static Packet decode(String encoded) {
        if (encoded.isEmpty()) {
            return null;
        }
        char c = encoded.charAt(0);
        if (c == 'b') {
            byte[] bytes = decodeBase64(encoded, 1);
            return bytes == null ? null : new Packet.Binary(bytes);
        }
        PacketType type = PacketType.fromCode(c);
        if (type == null) {
            return null;
        }
        switch (type) {
            case MESSAGE:
                return new Packet.Text(encoded.substring(1));
            case PING:
                return encoded.length() == 1 ? Packet.PING : new Packet.Ping(encoded.substring(1));
            case PONG:
                return new Packet.Pong(encoded.substring(1));
            case OPEN:
                return new Packet.Open(encoded.substring(1));
            case CLOSE:
                return Packet.CLOSE;
            case UPGRADE:
                return Packet.UPGRADE;
            case NOOP:
                return Packet.NOOP;
            default:
                throw new AssertionError(type);
        }
    }

    private static byte[] decodeBase64(String s, int from) {
        String data = s.substring(from);
        if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
            data = withoutLineBreaks(data);
        }
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withoutLineBreaks(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n' && c != '\r') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
