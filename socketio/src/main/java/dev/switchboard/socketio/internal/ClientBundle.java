package dev.switchboard.socketio.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The socket.io client files carried in this jar, as Node's socket.io serves them from its
 * {@code client-dist/}: the {@code dist/} files of the npm package {@code socket.io-client}, put on
 * the classpath at build time by {@code socketio/client-bundle/bundle.sh} together with the bytes Node
 * sends for each of {@code br}, {@code gzip} and {@code deflate} (made by Node's zlib streams with
 * their defaults, so they are Node's bytes too) and the package version used as the ETag.
 *
 * <p>Loaded once, on first use, and kept in memory (about 2 MB): the files never change while
 * the process runs, and serving them then costs no disk read and no compression.
 */
final class ClientBundle {

    /** The codings a response can use, in the order Node offers them to the negotiation. */
    static final List<String> CODINGS = List.of("br", "gzip", "deflate");

    /** The names served, as socket.io 4.8.4's {@code CLIENT_FILES}. */
    static final List<String> FILE_NAMES = List.of(
            "socket.io.js", "socket.io.js.map",
            "socket.io.min.js", "socket.io.min.js.map",
            "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map",
            "socket.io.esm.min.js", "socket.io.esm.min.js.map");

    private static final String RESOURCES = "client-dist/";
    private static final String JAVASCRIPT = "application/javascript; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";

    private static volatile ClientBundle instance;

    private final String version;
    private final Map<String, ClientFile> files;

    /**
     * One client file: its content type and its bytes as each coding sends them.
     *
     * @param name the file name
     * @param contentType the {@code Content-Type} Node sends for it
     * @param identity the file's bytes
     * @param br the bytes of the {@code br} response
     * @param gzip the bytes of the {@code gzip} response
     * @param deflate the bytes of the {@code deflate} response
     */
    record ClientFile(String name, String contentType, byte[] identity, byte[] br, byte[] gzip, byte[] deflate) {

        /**
         * The body for a coding.
         *
         * @param coding one of {@link #CODINGS}, or {@code null} for identity
         * @return the bytes; shared, never to be written to
         */
        byte[] body(String coding) {
            if (coding == null) {
                return identity;
            }
            return switch (coding) {
                case "br" -> br;
                case "gzip" -> gzip;
                case "deflate" -> deflate;
                default -> throw new IllegalArgumentException("unknown coding " + coding);
            };
        }
    }

    private ClientBundle(String version, Map<String, ClientFile> files) {
        this.version = version;
        this.files = files;
    }

    /**
     * The bundle, loaded on the first call.
     *
     * @return the bundle
     * @throws IllegalStateException if the jar was built without it
     */
    static ClientBundle get() {
        ClientBundle b = instance;
        if (b == null) {
            synchronized (ClientBundle.class) {
                b = instance;
                if (b == null) {
                    b = load();
                    instance = b;
                }
            }
        }
        return b;
    }

    private static ClientBundle load() {
        String version = new String(read("version"), StandardCharsets.UTF_8).trim();
        Map<String, ClientFile> files = new LinkedHashMap<>();
        for (String name : FILE_NAMES) {
            String type = name.endsWith(".map") ? JSON : JAVASCRIPT;
            files.put(name, new ClientFile(name, type, read(name), read(name + ".br"), read(name + ".gz"),
                    read(name + ".deflate")));
        }
        return new ClientBundle(version, Map.copyOf(files));
    }

    private static byte[] read(String name) {
        try (InputStream in = ClientBundle.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("The socket.io client bundle is missing from the classpath ("
                        + RESOURCES + name + " next to " + ClientBundle.class.getName()
                        + "): this jar was built without socketio/client-bundle/bundle.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the socket.io client bundle file " + name, e);
        }
    }

    /** {@return the {@code socket.io-client} version the files come from, e.g. {@code 4.8.4}} */
    String version() {
        return version;
    }

    /** {@return the strong ETag of every file: the version in quotes, as Node sends it} */
    String etag() {
        return '"' + version + '"';
    }

    /**
     * A file by its name under the path.
     *
     * @param name a file name such as {@code socket.io.min.js}
     * @return the file, or {@code null} if the name is not one of {@link #FILE_NAMES}
     */
    ClientFile file(String name) {
        return files.get(name);
    }
}
