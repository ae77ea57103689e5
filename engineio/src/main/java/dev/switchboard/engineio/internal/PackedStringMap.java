package dev.switchboard.engineio.internal;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, insertion-ordered {@code Map<String, String>} packed into one byte array.
 *
 * <p>Every open session keeps the headers and query of the request that opened it for as long as it
 * lives, so what they cost is paid once per connected client. As a {@code LinkedHashMap} of
 * separate strings, ten headers are some thirty objects and about a kilobyte and a half; packed,
 * they are two objects and little more than their characters: one byte each when a string is
 * Latin-1, as header text is, two when it is not. An array of offsets beside a string of the
 * characters cost two objects more and four bytes per string, which at 10,000 idle sockets was a
 * twentieth of a socket's memory. Lookups scan the keys without making strings, which is quick for
 * the dozen entries of a request, and {@link #get} and the entries create their strings when asked:
 * these maps are read rarely (the handshake, a middleware), held long.
 *
 * <p>Layout: the number of entries, then each key and value in turn; every number is a base-128
 * varint, every string its header {@code length << 1 | wide} followed by {@code length} bytes,
 * Latin-1 when {@code wide} is 0, UTF-16 big-endian code units (any {@code char}, a lone surrogate
 * too) when it is 1.
 */
public final class PackedStringMap extends AbstractMap<String, String> {

    private static final PackedStringMap EMPTY = new PackedStringMap(new byte[] {0});

    private final byte[] packed;

    private PackedStringMap(byte[] packed) {
        this.packed = packed;
    }

    /**
     * An immutable copy of a map, in its iteration order; a {@code PackedStringMap} is returned as it is.
     *
     * @param map a map without null keys or values
     * @return the copy
     * @throws NullPointerException if a key or value is null
     */
    public static Map<String, String> copyOf(Map<String, String> map) {
        if (map instanceof PackedStringMap packed) {
            return packed;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        int length = varintSize(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            length += packedSize(Objects.requireNonNull(e.getKey(), "key"))
                    + packedSize(Objects.requireNonNull(e.getValue(), "value"));
        }
        byte[] out = new byte[length];
        int at = writeVarint(out, 0, map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            at = writeString(out, at, e.getKey());
            at = writeString(out, at, e.getValue());
        }
        return new PackedStringMap(out);
    }

    @Override
    public int size() {
        return readVarint(packed, 0);
    }

    @Override
    public boolean isEmpty() {
        return packed[0] == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return valueAt(key) >= 0;
    }

    @Override
    public String get(Object key) {
        int at = valueAt(key);
        return at < 0 ? null : readString(packed, at);
    }

    /** {@return where the value of the key starts, or -1} */
    private int valueAt(Object key) {
        if (!(key instanceof String k)) {
            return -1;
        }
        int n = readVarint(packed, 0);
        int at = varintSize(n);
        for (int i = 0; i < n; i++) {
            int header = readVarint(packed, at);
            int start = at + varintSize(header);
            int end = start + (header >>> 1);
            if (sameString(header, start, k)) {
                return end;
            }
            at = skipString(packed, end);
        }
        return -1;
    }

    private boolean sameString(int header, int start, String k) {
        boolean wide = (header & 1) != 0;
        int length = header >>> 1;
        if (length != (wide ? 2 * k.length() : k.length())) {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            char c = wide ? wideChar(packed, start + 2 * i) : (char) (packed[start + i] & 0xff);
            if (c != k.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int left = readVarint(packed, 0);
                    private int at = varintSize(left);

                    @Override
                    public boolean hasNext() {
                        return left > 0;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (left == 0) {
                            throw new NoSuchElementException();
                        }
                        String key = readString(packed, at);
                        at = skipString(packed, at);
                        String value = readString(packed, at);
                        at = skipString(packed, at);
                        left--;
                        return Map.entry(key, value);
                    }
                };
            }

            @Override
            public int size() {
                return PackedStringMap.this.size();
            }
        };
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static int packedSize(String s) {
        int length = latin1(s) ? s.length() : 2 * s.length();
        return varintSize(length << 1) + length;
    }

    private static int writeString(byte[] out, int at, String s) {
        if (latin1(s)) {
            at = writeVarint(out, at, s.length() << 1);
            for (int i = 0; i < s.length(); i++) {
                out[at++] = (byte) s.charAt(i);
            }
            return at;
        }
        at = writeVarint(out, at, (2 * s.length()) << 1 | 1);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[at++] = (byte) (c >>> 8);
            out[at++] = (byte) c;
        }
        return at;
    }

    private static String readString(byte[] in, int at) {
        int header = readVarint(in, at);
        int start = at + varintSize(header);
        int length = header >>> 1;
        if ((header & 1) == 0) {
            return new String(in, start, length, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = wideChar(in, start + 2 * i);
        }
        return new String(chars);
    }

    /** {@return the UTF-16 code unit stored big-endian at {@code at}} */
    private static char wideChar(byte[] in, int at) {
        return (char) ((in[at] & 0xff) << 8 | in[at + 1] & 0xff);
    }

    /** {@return where the string after the one at {@code at} starts} */
    private static int skipString(byte[] in, int at) {
        int header = readVarint(in, at);
        return at + varintSize(header) + (header >>> 1);
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private static int writeVarint(byte[] out, int at, int value) {
        while ((value & ~0x7f) != 0) {
            out[at++] = (byte) (value & 0x7f | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    private static int readVarint(byte[] in, int at) {
        int value = 0;
        for (int shift = 0;; shift += 7) {
            byte b = in[at++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }
}
