package dev.switchboard.engineio;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes HTTP long-polling payloads: packets in their text form joined by the record
 * separator {@code \u001e}, binary messages as {@code b} + base64 (for example
 * {@code 4hello\u001ebAQIDBA==}).
 */
public final class PayloadCodec {

    /** The record separator that joins packets in a polling payload. */
    public static final char SEPARATOR = '\u001e';

    private PayloadCodec() {
    }

    /**
     * Joins packets into one payload.
     *
     * @param packets at least one packet
     * @return the payload text
     */
    public static String encode(List<? extends Packet> packets) {
        if (packets.size() == 1) {
            return PacketCodec.encode(packets.get(0));
        }
        StringBuilder sb = new StringBuilder(64 * packets.size());
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                sb.append(SEPARATOR);
            }
            sb.append(PacketCodec.encode(packets.get(i)));
        }
        return sb.toString();
    }

    /**
     * The packets of a payload up to the first invalid one.
     *
     * @param packets the valid packets, in order, before any invalid one
     * @param valid whether every record decoded; when false the session must close with
     *     {@code parse error} after dispatching {@code packets}
     */
    public record Decoded(List<Packet> packets, boolean valid) {
    }

    /**
     * Splits a payload and decodes each record. Decoding stops at the first invalid record, as the
     * reference does: the packets before it are still returned for dispatch.
     *
     * @param payload the body of a polling POST, decoded as UTF-8
     * @return the decoded packets and whether the whole payload was valid
     */
    public static Decoded decode(String payload) {
        List<Packet> out = new ArrayList<>(2);
        int start = 0;
        while (true) {
            int end = payload.indexOf(SEPARATOR, start);
            String record = end < 0 ? payload.substring(start) : payload.substring(start, end);
            Packet p = PacketCodec.decode(record);
            if (p == null) {
                return new Decoded(out, false);
            }
            out.add(p);
            if (end < 0) {
                return new Decoded(out, true);
            }
            start = end + 1;
        }
    }
}
