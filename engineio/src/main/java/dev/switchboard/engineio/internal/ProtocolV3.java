package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.PacketCodec;
import dev.switchboard.engineio.PayloadCodec;
import dev.switchboard.engineio.spi.WebSocketConnection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Engine.IO protocol 3, spoken by Socket.IO v2 clients (engine.io-client 3.x,
 * {@code io.socket:engine.io-client} 1.x):
 * <ul>
 * <li>a text polling payload is each packet prefixed by its length and a colon:
 *     {@code 6:4hello2:40}, the length counted in UTF-16 units as JavaScript counts a string;
 * <li>a binary message is {@code b4} + base64 in text ({@code 10:b4AQIDBA==}), and its type byte
 *     {@code 4} followed by the bytes in a WebSocket binary frame;
 * <li>a client that takes binary (no {@code b64} query value) gets polling responses with a binary
 *     message in the binary payload form: per packet a marker byte (0 for a string, 1 for bytes),
 *     the decimal digits of its length as bytes 0 to 9, the byte 255, then the packet (a string
 *     packet in UTF-8, a binary one as its type byte and bytes); it may post the same form as
 *     {@code application/octet-stream};
 * <li>the client pings and the server answers with a pong.
 * </ul>
 */
final class ProtocolV3 extends ProtocolCodec {

    static final ProtocolV3 INSTANCE = new ProtocolV3();
    /** The type byte of a message packet in binary forms. */
    private static final byte MESSAGE = 4;
    /** The reference refuses a binary payload length of more than 310 digits. */
    private static final int MAX_LENGTH_DIGITS = 310;

    private ProtocolV3() {
    }

    @Override
    int revision() {
        return 3;
    }

    @Override
    boolean serverPings() {
        return false;
    }

    @Override
    boolean acceptsBinaryPayload() {
        return true;
    }

    /** {@return one packet as text: binary messages as {@code b4} + base64} */
    static String encodePacket(Packet p) {
        if (p instanceof Packet.Binary b) {
            return "b4".concat(Base64.getEncoder().encodeToString(b.bytes()));
        }
        return PacketCodec.encode(p);
    }

    @Override
    String encodeTextPayload(List<Packet> packets) {
        StringBuilder sb = new StringBuilder(16 * packets.size());
        for (int i = 0; i < packets.size(); i++) {
            String encoded = encodePacket(packets.get(i));
            sb.append(encoded.length()).append(':').append(encoded);
        }
        return sb.toString();
    }

    @Override
    byte[] encodeBinaryPayload(List<Packet> packets) {
        boolean anyBinary = false;
        for (int i = 0; i < packets.size() && !anyBinary; i++) {
            anyBinary = packets.get(i) instanceof Packet.Binary;
        }
        if (!anyBinary) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * packets.size());
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            if (p instanceof Packet.Binary b) {
                lengthHeader(out, 1, b.bytes().length + 1);
                out.write(MESSAGE);
                out.write(b.bytes(), 0, b.bytes().length);
            } else {
                byte[] utf8 = PacketCodec.encode(p).getBytes(StandardCharsets.UTF_8);
                lengthHeader(out, 0, utf8.length);
                out.write(utf8, 0, utf8.length);
            }
        }
        return out.toByteArray();
    }

    private static void lengthHeader(ByteArrayOutputStream out, int marker, int length) {
        out.write(marker);
        String digits = Integer.toString(length);
        for (int i = 0; i < digits.length(); i++) {
            out.write(digits.charAt(i) - '0');
        }
        out.write(255);
    }

    @Override
    PayloadCodec.Decoded decodeTextPayload(String data) {
        List<Packet> out = new ArrayList<>(2);
        if (data.isEmpty()) {
            return new PayloadCodec.Decoded(out, false);
        }
        int i = 0;
        int length = data.length();
        while (i < length) {
            int colon = data.indexOf(':', i);
            if (colon <= i) {
                return new PayloadCodec.Decoded(out, false);
            }
            long n = 0;
            for (int k = i; k < colon; k++) {
                char c = data.charAt(k);
                if (c < '0' || c > '9' || n > length) {
                    return new PayloadCodec.Decoded(out, false);
                }
                n = n * 10 + (c - '0');
            }
            long end = colon + 1 + n;
            if (end > length) {
                return new PayloadCodec.Decoded(out, false);
            }
            if (n > 0) {
                Packet p = decodeTextFrame(data.substring(colon + 1, (int) end));
                if (p == null) {
                    return new PayloadCodec.Decoded(out, false);
                }
                out.add(p);
            }
            i = (int) end;
        }
        return new PayloadCodec.Decoded(out, true);
    }

    @Override
    PayloadCodec.Decoded decodeBinaryPayload(byte[] data) {
        List<Packet> out = new ArrayList<>(2);
        int i = 0;
        while (i < data.length) {
            boolean isString = data[i] == 0;
            int j = i + 1;
            long n = 0;
            while (true) {
                if (j >= data.length || j - i - 1 > MAX_LENGTH_DIGITS) {
                    return new PayloadCodec.Decoded(out, false);
                }
                int digit = data[j] & 0xff;
                if (digit == 255) {
                    break;
                }
                if (digit > 9 || n > data.length) {
                    return new PayloadCodec.Decoded(out, false);
                }
                n = n * 10 + digit;
                j++;
            }
            long end = j + 1 + n;
            if (end > data.length) {
                return new PayloadCodec.Decoded(out, false);
            }
            Packet p = isString
                    ? decodeTextFrame(new String(data, j + 1, (int) n, StandardCharsets.UTF_8))
                    : decodeBinaryFrame(Arrays.copyOfRange(data, j + 1, (int) end));
            if (p == null) {
                return new PayloadCodec.Decoded(out, false);
            }
            out.add(p);
            i = (int) end;
        }
        return new PayloadCodec.Decoded(out, !out.isEmpty());
    }

    @Override
    Packet decodeTextFrame(String frame) {
        if (frame.startsWith("b")) {
            if (frame.length() < 2 || frame.charAt(1) != '4') {
                return null;
            }
            byte[] bytes = decodeBase64(frame.substring(2));
            return bytes == null ? null : Packet.binary(bytes);
        }
        return PacketCodec.decode(frame);
    }

    @Override
    Packet decodeBinaryFrame(byte[] frame) {
        if (frame.length == 0 || frame[0] != MESSAGE) {
            return null;
        }
        return Packet.binary(Arrays.copyOfRange(frame, 1, frame.length));
    }

    @Override
    void writeFrame(WebSocketConnection connection, Packet p, boolean supportsBinary) {
        boolean compress = !(p instanceof Packet.Message m) || m.compress();
        if (p instanceof Packet.Binary b) {
            if (supportsBinary) {
                byte[] framed = new byte[b.bytes().length + 1];
                framed[0] = MESSAGE;
                System.arraycopy(b.bytes(), 0, framed, 1, b.bytes().length);
                if (compress) {
                    connection.writeBinary(framed);
                } else {
                    connection.writeUncompressed(framed, true);
                }
            } else if (compress) {
                connection.writeText(encodePacket(p));
            } else {
                connection.writeUncompressed(encodePacket(p).getBytes(StandardCharsets.UTF_8), false);
            }
        } else if (p instanceof Packet.Text t) {
            if (compress) {
                connection.writeText(t.encodedUtf8());
            } else {
                connection.writeUncompressed(t.encodedUtf8(), false);
            }
        } else {
            connection.writeText(PacketCodec.encode(p));
        }
    }

    /** Standard base64; line breaks skipped, as Node skips them (the Java client wraps at 76). */
    private static byte[] decodeBase64(String data) {
        if (!isBase64(data)) {
            return null;
        }
        try {
            // The MIME decoder skips the line breaks; anything else was refused above.
            return Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isBase64(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
