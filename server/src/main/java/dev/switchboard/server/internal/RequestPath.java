package dev.switchboard.server.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path, decoded and checked: segments that are safe to look up under a root.
 *
 * @param segments the path's segments, none empty, none starting with a dot
 * @param directory whether the path ends with {@code /} (or is {@code /})
 */
record RequestPath(List<String> segments, boolean directory) {

    RequestPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses a request target.
     *
     * @param uri the raw target, e.g. {@code /css/app.css?v=2}
     * @return the path, or {@code null} if it is refused (answered 404)
     * @throws IllegalArgumentException if the percent-encoding is malformed (answered 400)
     */
    static RequestPath parse(String uri) {
        int end = uri.length();
        int q = uri.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int hash = uri.indexOf('#');
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        String raw = uri.substring(0, end);
        if (!raw.startsWith("/")) {
            return null;
        }
        String path = percentDecode(raw);
        List<String> segments = new ArrayList<>();
        int start = 1;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                slash = path.length();
            }
            String segment = path.substring(start, slash);
            boolean last = slash == path.length();
            if (segment.isEmpty()) {
                if (!last) {
                    return null;
                }
            } else {
                if (!safe(segment)) {
                    return null;
                }
                segments.add(segment);
            }
            start = slash + 1;
        }
        return new RequestPath(segments, path.endsWith("/"));
    }

    private static boolean safe(String segment) {
        if (segment.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') {
                return false;
            }
        }
        return true;
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    /** {@return the segments joined with {@code /}, without a leading one} */
    String joined() {
        return String.join("/", segments);
    }

    /** {@return the last segment, or {@code ""} for the root} */
    String lastSegment() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }
}
