package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A client connection that writes exact bytes and reads responses byte for byte, so tests can
 * send what no well-behaved client would and assert the exact response head. Reads time out
 * after five seconds instead of hanging the build.
 */
final class RawHttp implements AutoCloseable {

    private static final int TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to the server on 127.0.0.1. */
    static RawHttp connect(int port) {
        return connectFrom(null, port);
    }

    /**
     * Connects to the server on 127.0.0.1 from a local address (any of 127.0.0.0/8 on Linux), so
     * that the server sees another client address; null for the default.
     */
    static RawHttp connectFrom(String localAddress, int port) {
        try {
            Socket s = new Socket();
            if (localAddress != null) {
                s.bind(new InetSocketAddress(localAddress, 0));
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.setTcpNoDelay(true);
            return new RawHttp(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minimal request: request line, {@code Host}, any extra header lines, blank line, body. */
    static String request(String method, String target, String body, String... headerLines) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headerLines) {
            sb.append(h).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        sb.append("\r\n");
        if (body != null) {
            sb.append(body);
        }
        return sb.toString();
    }

    /** Writes text as UTF-8 and flushes. */
    RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes and flushes. */
    RawHttp send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sends a request and reads its response. */
    RawResponse exchange(String request) {
        send(request);
        return read();
    }

    /** Reads one response: its head, then a body by Content-Length, by chunks, or up to EOF. */
    RawResponse read() {
        try {
            String head = readHead();
            RawResponse partial = RawResponse.parse(head, new byte[0]);
            String length = partial.header("content-length");
            byte[] body;
            if (partial.status() < 200 || partial.status() == 204 || partial.status() == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(partial.header("transfer-encoding"))) {
                body = readChunked();
            } else if (length != null) {
                body = in.readNBytes(Integer.parseInt(length.trim()));
            } else {
                body = in.readAllBytes();
            }
            return RawResponse.parse(head, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + buf.size() + " bytes of a response head: "
                        + buf.toString(StandardCharsets.ISO_8859_1));
            }
            buf.write(b);
            last4 = (last4 << 8) | b;
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a chunked body");
            }
            if (prev == '\r' && b == '\n') {
                byte[] line = buf.toByteArray();
                return new String(line, 0, line.length - 1, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
            prev = b;
        }
    }

    /** Reads exactly {@code n} bytes. */
    byte[] readBytes(int n) {
        try {
            byte[] b = in.readNBytes(n);
            assertThat(b).as("bytes before EOF").hasSize(n);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the server closes the connection without sending anything more. */
    void assertClosedByServer() {
        try {
            int b = in.read();
            assertThat(b).as("expected EOF, got a byte").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + TIMEOUT_MS + " ms", e);
        } catch (IOException e) {
            // A reset also means closed.
        }
    }

    InputStream input() {
        return in;
    }

    /** Closes abruptly: a reset instead of an orderly FIN, as a crashing client would. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One response as it came off the wire.
     *
     * @param status the status code
     * @param head the status line and header lines exactly as sent, with the blank line
     * @param headers the header name-value pairs in order
     * @param body the body bytes, de-chunked
     */
    record RawResponse(int status, String head, List<Map.Entry<String, String>> headers, byte[] body) {

        static RawResponse parse(String head, byte[] body) {
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()));
            }
            return new RawResponse(status, head, headers, body);
        }

        /** The first value of a header, by case-insensitive name, or null. */
        String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return h.getValue();
                }
            }
            return null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
