package dev.switchboard.msgpack.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.switchboard.msgpack.Notepack;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes values as one notepack.io version does, format for format (see {@link Notepack}).
 * Callers either write a whole tree ({@link #value}) or lay out a map themselves
 * ({@link #mapHeader}, {@link #key}, then the values), as the packet parser does for its
 * envelope. One writer per encoding; not thread-safe.
 */
public final class NotepackWriter {

    private final boolean v3;
    private final ObjectMapper mapper;
    private final ByteSink out = new ByteSink(64);

    /**
     * A writer.
     *
     * @param version the notepack version to write as
     * @param mapper converts {@code POJONode} values, or {@code null} to refuse them
     */
    public NotepackWriter(Notepack version, ObjectMapper mapper) {
        this.v3 = version == Notepack.V3;
        this.mapper = mapper;
    }

    /** {@return the bytes written so far} */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /**
     * Writes a value.
     *
     * @param node the value; {@code null} is written as nil
     * @throws IllegalArgumentException for a {@code POJONode} the mapper cannot convert
     */
    public void value(JsonNode node) {
        if (node == null) {
            out.write(0xc0);
            return;
        }
        switch (node.getNodeType()) {
            case NULL -> {
                if (node instanceof InvalidDateNode) {
                    date(Double.NaN);
                } else {
                    out.write(0xc0);
                }
            }
            case MISSING -> undefined();
            case BOOLEAN -> out.write(node.booleanValue() ? 0xc3 : 0xc2);
            case NUMBER -> number(Js.number(node));
            case STRING -> {
                if (node instanceof DateNode date) {
                    date(date.millis());
                } else {
                    string(node.textValue(), false);
                }
            }
            case BINARY -> binary(((BinaryNode) node).binaryValue(), node instanceof ArrayBufferNode && !v3);
            case ARRAY -> {
                arrayHeader(node.size());
                for (JsonNode element : node) {
                    value(element);
                }
            }
            case OBJECT -> object(node);
            case POJO -> pojo((POJONode) node);
            default -> throw new IllegalArgumentException("no MessagePack form for a " + node.getNodeType() + " node");
        }
    }

    private void object(JsonNode node) {
        int size = node.size();
        if (v3) {
            // notepack 3 leaves out members whose value is undefined.
            for (JsonNode v : node) {
                if (v.isMissingNode()) {
                    size--;
                }
            }
        }
        mapHeader(size);
        for (Iterator<Map.Entry<String, JsonNode>> it = Js.members((ObjectNode) node);
                it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            if (v3 && member.getValue().isMissingNode()) {
                continue;
            }
            key(member.getKey());
            value(member.getValue());
        }
    }

    private void pojo(POJONode node) {
        if (mapper == null) {
            throw new IllegalArgumentException("a POJONode (" + (node.getPojo() == null ? "null"
                    : node.getPojo().getClass().getName()) + ") has no MessagePack form without a mapper to convert it");
        }
        value(mapper.valueToTree(node.getPojo()));
    }

    /** Writes JavaScript's {@code undefined}: fixext 1 type 0 (notepack 2) or nil (notepack 3). */
    public void undefined() {
        if (v3) {
            out.write(0xc0);
        } else {
            out.write(0xd4);
            out.write(0);
            out.write(0);
        }
    }

    /** Writes a map header for {@code size} members. */
    public void mapHeader(int size) {
        if (size < 0x10) {
            out.write(0x80 | size);
        } else if (size < 0x10000) {
            out.write(0xde);
            out.write2(size);
        } else {
            out.write(0xdf);
            out.write4(size);
        }
    }

    /** Writes an array header for {@code size} elements. */
    public void arrayHeader(int size) {
        if (size < 0x10) {
            out.write(0x90 | size);
        } else if (size < 0x10000) {
            out.write(0xdc);
            out.write2(size);
        } else {
            out.write(0xdd);
            out.write4(size);
        }
    }

    /** Writes a map key (a string; notepack 3 writes long keys through its key cache). */
    public void key(String key) {
        string(key, true);
    }

    /** Writes a string value. */
    public void string(String s) {
        string(s, false);
    }

    /**
     * Writes a JavaScript number as notepack does: float64 unless integral and finite, else the
     * smallest integer format, 64-bit ones with notepack's bit arithmetic.
     *
     * @param v the number
     */
    public void number(double v) {
        if (!Double.isFinite(v) || Math.floor(v) != v) {
            out.write(0xcb);
            out.write8(Double.doubleToLongBits(v));
        } else if (v >= 0) {
            // -0 lands here too, as in JavaScript (-0 >= 0), and is written as 0.
            if (v < 0x80) {
                out.write((int) v);
            } else if (v < 0x100) {
                out.write(0xcc);
                out.write((int) v);
            } else if (v < 0x10000) {
                out.write(0xcd);
                out.write2((int) v);
            } else if (v < Js.TWO_POW_32) {
                out.write(0xce);
                out.write4((long) v);
            } else {
                // hi = (v / 2^32) >> 0, lo = v >>> 0: both taken modulo 2^32, so past 2^64 wrapped.
                out.write(0xcf);
                out.write4(Js.toUint32(v / Js.TWO_POW_32));
                out.write4(Js.toUint32(v));
            }
        } else if (v >= -0x20) {
            out.write((int) v);
        } else if (v >= -0x80) {
            out.write(0xd0);
            out.write((int) v);
        } else if (v >= -0x8000) {
            out.write(0xd1);
            out.write2((int) v);
        } else if (v >= -2147483648.0) {
            out.write(0xd2);
            out.write4((long) v);
        } else {
            out.write(0xd3);
            out.write4(Js.toUint32(Math.floor(v / Js.TWO_POW_32)));
            out.write4(Js.toUint32(v));
        }
    }

    /**
     * Writes a string as notepack does. The length in the header is measured by notepack's own
     * loop up to {@value Utf8#SHORT} UTF-16 units, else by {@code Buffer.byteLength}; the bytes
     * are written by the own loop when that length is at most {@value Utf8#SHORT}, else by
     * {@code buffer.write} limited to that length. The two differ only around lone surrogates,
     * where notepack leaves the bytes it did not write as they were in its (uninitialised)
     * buffer: written as zeros here. notepack 3's key cache writes every key with its own loop.
     */
    private void string(String s, boolean key) {
        int units = s.length();
        if (Utf8.isAscii(s)) {
            stringHeader(units);
            out.ensure(units);
            byte[] target = out.array();
            int at = out.size();
            for (int i = 0; i < units; i++) {
                target[at + i] = (byte) s.charAt(i);
            }
            out.advance(units);
            return;
        }
        int length = units <= Utf8.SHORT ? Utf8.shortLength(s) : Utf8.bufferLength(s);
        stringHeader(length);
        out.ensure(length);
        byte[] target = out.array();
        int at = out.size();
        int written;
        if (key && v3 || length <= Utf8.SHORT) {
            if (Utf8.shortLength(s) == length) {
                written = Utf8.writeShort(s, target, at);
            } else {
                byte[] own = new byte[Utf8.shortLength(s)];
                Utf8.writeShort(s, own, 0);
                written = Math.min(own.length, length);
                System.arraycopy(own, 0, target, at, written);
            }
        } else {
            written = Utf8.writeBuffer(s, target, at, length);
        }
        Arrays.fill(target, at + written, at + length, (byte) 0);
        out.advance(length);
    }

    private void stringHeader(int length) {
        if (length < 0x20) {
            out.write(0xa0 | length);
        } else if (length < 0x100) {
            out.write(0xd9);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0xda);
            out.write2(length);
        } else {
            out.write(0xdb);
            out.write4(length);
        }
    }

    private void binary(byte[] bytes, boolean arrayBuffer) {
        int length = bytes.length;
        if (arrayBuffer) {
            // notepack 2's ArrayBuffer: ext 8/16/32 of type 0.
            if (length < 0x100) {
                out.write(0xc7);
                out.write(length);
            } else if (length < 0x10000) {
                out.write(0xc8);
                out.write2(length);
            } else {
                out.write(0xc9);
                out.write4(length);
            }
            out.write(0);
        } else if (length < 0x100) {
            out.write(0xc4);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0xc5);
            out.write2(length);
        } else {
            out.write(0xc6);
            out.write4(length);
        }
        out.write(bytes, 0, length);
    }

    /**
     * Writes a Date with time value {@code ms} (NaN for an invalid date): notepack 2's fixext 8
     * type 0 (milliseconds), or notepack 3's timestamp 32/64/96 (ext type -1), with the same
     * arithmetic, so an invalid date comes out as notepack writes it (zeros).
     */
    private void date(double ms) {
        if (!v3) {
            out.write(0xd7);
            out.write(0);
            out.write4(Js.toUint32(Math.floor(ms / Js.TWO_POW_32)));
            out.write4(Js.toUint32(ms));
            return;
        }
        double s = Math.floor(ms / 1e3);
        double ns = (ms - s * 1e3) * 1e6;
        if (s >= 0 && ns >= 0 && s <= 0x400000000L - 1) {
            if (ns == 0 && s <= 0xffffffffL) {
                out.write(0xd6);
                out.write(0xff);
                out.write4(Js.toUint32(s));
            } else {
                // The fourth byte is s / 2^32 stored in a byte (its integer part), without the
                // low bits of ns, which are 0 for whole milliseconds.
                long nsBits = Js.toUint32(ns);
                out.write(0xd7);
                out.write(0xff);
                out.write((int) (nsBits >> 22));
                out.write((int) (nsBits >> 14));
                out.write((int) (nsBits >> 6));
                out.write((int) Js.toUint32(s / Js.TWO_POW_32));
                out.write4(Js.toUint32(s));
            }
        } else {
            out.write(0xc7);
            out.write(0x0c);
            out.write(0xff);
            out.write4(Js.toUint32(ns));
            out.write4(Js.toUint32(Math.floor(s / Js.TWO_POW_32)));
            out.write4(Js.toUint32(s));
        }
    }
}
