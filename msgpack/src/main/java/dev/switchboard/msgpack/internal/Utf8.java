package dev.switchboard.msgpack.internal;

/**
 * The ways notepack.io turns text into bytes and back, each reproduced exactly, including what
 * they do with malformed input (lone surrogates when writing, invalid UTF-8 when reading).
 *
 * <ul>
 *   <li>notepack's own loop ({@link #shortLength}, {@link #writeShort}): any surrogate, paired or
 *       not, is combined with the unit after it into one four-byte sequence (a lone surrogate at
 *       the end with 0).
 *   <li>Node's {@code Buffer} ({@link #bufferLength}, {@link #writeBuffer}): well-formed UTF-8 with
 *       each lone surrogate as U+FFFD; given a byte limit it writes whole characters only.
 *   <li>Reading uses {@code buffer.toString("utf8")}: the WHATWG decoder, one U+FFFD per maximal
 *       invalid subsequence ({@link #decode}).
 * </ul>
 * notepack measures a string of at most {@value #SHORT} UTF-16 units with its own loop and a
 * longer one with {@code Buffer}, but then writes it with its own loop only when that length is
 * at most {@value #SHORT} bytes; see {@link NotepackWriter}. For well-formed text all of them agree
 * with standard UTF-8.
 */
final class Utf8 {

    /** notepack's {@code MICRO_OPT_LEN}: the longest string its own encoding loop handles. */
    static final int SHORT = 32;

    private Utf8() {
    }

    /** {@return whether every unit of {@code s} is ASCII (then every encoding is one byte per unit)} */
    static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** {@return notepack's {@code utf8Length}} */
    static int shortLength(String s) {
        int length = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (!Character.isSurrogate(c)) {
                length += 3;
            } else {
                i++;
                length += 4;
            }
        }
        return length;
    }

    /**
     * Notepack's {@code utf8Write} into {@code out} at {@code at}.
     *
     * @return the bytes written
     */
    static int writeShort(String s, byte[] out, int at) {
        int start = at;
        for (int i = 0, n = s.length(); i < n; i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (c < 0xd800 || c >= 0xe000) {
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else {
                i++;
                // charCodeAt past the end is NaN, and NaN & 0x3ff is 0.
                int next = i < n ? s.charAt(i) : 0;
                c = 0x10000 + (((c & 0x3ff) << 10) | (next & 0x3ff));
                out[at++] = (byte) (0xf0 | (c >> 18));
                out[at++] = (byte) (0x80 | ((c >> 12) & 0x3f));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return at - start;
    }

    /** {@return {@code Buffer.byteLength(s)}: UTF-8 with lone surrogates as U+FFFD (three bytes)} */
    static int bufferLength(String s) {
        int length = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                length += 4;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /**
     * {@return {@code buffer.write(s, at, limit, "utf8")}: whole characters only, as many as fit in
     * {@code limit} bytes; returns the bytes written}
     */
    static int writeBuffer(String s, byte[] out, int at, int limit) {
        int start = at;
        int end = at + limit;
        for (int i = 0, n = s.length(); i < n; i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                if (end - at < 1) {
                    break;
                }
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                if (end - at < 2) {
                    break;
                }
                out[at++] = (byte) (0xc0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            } else {
                if (Character.isSurrogate((char) c)) {
                    if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        if (end - at < 4) {
                            break;
                        }
                        int cp = Character.toCodePoint((char) c, s.charAt(++i));
                        out[at++] = (byte) (0xf0 | (cp >> 18));
                        out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                        out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                        out[at++] = (byte) (0x80 | (cp & 0x3f));
                        continue;
                    }
                    c = 0xfffd;
                }
                if (end - at < 3) {
                    break;
                }
                out[at++] = (byte) (0xe0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return at - start;
    }

    /**
     * Decodes {@code len} bytes from {@code off} as the WHATWG UTF-8 decoder does (what Node's
     * {@code buffer.toString("utf8")} does): each maximal subpart of an invalid sequence becomes
     * one U+FFFD, a byte order mark is kept.
     *
     * @return the decoded string
     */
    static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) {
            i++;
        }
        if (i == end) {
            return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[len];
        int n = 0;
        for (int j = off; j < i; j++) {
            out[n++] = (char) b[j];
        }
        int needed = 0;
        int cp = 0;
        int lower = 0x80;
        int upper = 0xbf;
        while (i < end) {
            int x = b[i] & 0xff;
            if (needed == 0) {
                i++;
                if (x < 0x80) {
                    out[n++] = (char) x;
                } else if (x >= 0xc2 && x <= 0xdf) {
                    needed = 1;
                    cp = x & 0x1f;
                } else if (x >= 0xe0 && x <= 0xef) {
                    lower = x == 0xe0 ? 0xa0 : 0x80;
                    upper = x == 0xed ? 0x9f : 0xbf;
                    needed = 2;
                    cp = x & 0xf;
                } else if (x >= 0xf0 && x <= 0xf4) {
                    lower = x == 0xf0 ? 0x90 : 0x80;
                    upper = x == 0xf4 ? 0x8f : 0xbf;
                    needed = 3;
                    cp = x & 0x7;
                } else {
                    out[n++] = '\ufffd';
                }
                continue;
            }
            if (x < lower || x > upper) {
                // The sequence so far is one maximal subpart; this byte starts afresh.
                needed = 0;
                lower = 0x80;
                upper = 0xbf;
                out[n++] = '\ufffd';
                continue;
            }
            i++;
            lower = 0x80;
            upper = 0xbf;
            cp = (cp << 6) | (x & 0x3f);
            if (--needed == 0) {
                if (cp >= 0x10000) {
                    out[n++] = Character.highSurrogate(cp);
                    out[n++] = Character.lowSurrogate(cp);
                } else {
                    out[n++] = (char) cp;
                }
            }
        }
        if (needed != 0) {
            out[n++] = '\ufffd';
        }
        return new String(out, 0, n);
    }
}
