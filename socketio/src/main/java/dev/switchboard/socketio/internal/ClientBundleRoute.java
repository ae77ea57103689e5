package dev.switchboard.socketio.internal;

import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.internal.shared.AcceptEncoding;
import dev.switchboard.engineio.spi.HttpRoute;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the socket.io client bundle ({@code <path>/socket.io.js}, {@code .min.js},
 * {@code .msgpack.min.js}, {@code .esm.min.js} and their {@code .map}s), as Node's socket.io does
 * with {@code serveClient: true}, for any binding: what to send is decided here, the binding only
 * writes it.
 *
 * <p>What Node does, and so what this does: the request target must start with the path followed
 * by one of the eight names, up to an optional query, which is ignored; any method is served
 * (HEAD without a body, which the binding leaves out). With a CORS policy its headers come first,
 * and an {@code OPTIONS} preflight is answered by the policy alone. An {@code If-None-Match} of
 * exactly {@code "<version>"} or {@code W/"<version>"} gets a bare 304. Otherwise 200 with
 * {@code Cache-Control: public, max-age=0}, the content type, {@code ETag: "<version>"} and, when
 * {@code Accept-Encoding} asks for one (negotiated as Node does), {@code content-encoding} with
 * Node's own compressed bytes.
 */
public final class ClientBundleRoute implements HttpRoute {

    private static final Logger log = LoggerFactory.getLogger(ClientBundleRoute.class);

    private final String prefix;
    private final Cors cors;
    private final ClientBundle bundle;

    /**
     * A route for the bundle under a Socket.IO path; loads the bundle now, so a jar built
     * without it fails here rather than per request.
     *
     * @param path the Socket.IO path, e.g. {@code /socket.io} (a trailing slash is ignored)
     * @param cors the CORS policy to apply to the files, or {@code null} for none
     * @throws IllegalStateException if the jar lacks the bundle
     */
    public ClientBundleRoute(String path, Cors cors) {
        this.prefix = prefixFor(path);
        this.cors = cors;
        this.bundle = ClientBundle.get();
        log.debug("Serving the socket.io {} client bundle under {}", bundle.version(), prefix);
    }

    /**
     * The normalised prefix for a Socket.IO path, as socket.io derives it: trailing slashes
     * dropped, then one added ({@code /socket.io} and {@code /socket.io/} both give
     * {@code /socket.io/}).
     *
     * @param path the Socket.IO path
     * @return the prefix the files are under
     */
    public static String prefixFor(String path) {
        Objects.requireNonNull(path, "path");
        String p = path.startsWith("/") ? path : "/" + path;
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == '/') {
            end--;
        }
        return p.substring(0, end) + "/";
    }

    /** {@return the prefix the files are served under, e.g. {@code /socket.io/}} */
    public String prefix() {
        return prefix;
    }

    /**
     * {@return the {@code socket.io-client} version of the files (their ETag without the quotes),
     * e.g. {@code 4.8.4}}
     */
    public String version() {
        return bundle.version();
    }

    @Override
    public boolean mayAnswer(String target) {
        return match(target) != null;
    }

    @Override
    public Response answer(RequestInfo request) {
        ClientBundle.ClientFile file = match(request.url());
        if (file == null) {
            return null;
        }
        Headers headers = new Headers();
        if (cors != null) {
            try {
                if ("OPTIONS".equals(request.method())) {
                    if (cors.applyPreflight(request, headers)) {
                        return new Response(cors.optionsSuccessStatus(), headers, null);
                    }
                } else {
                    cors.applyTo(request, headers);
                }
            } catch (RuntimeException e) {
                // Node's socket.io ignores the error the cors middleware passes on and serves the
                // file; it goes out without CORS headers, which the browser then refuses.
                log.debug("CORS origin check failed for {}: {}", request.url(), e.toString());
                headers = new Headers();
            }
        }
        String etag = bundle.etag();
        String ifNoneMatch = request.header("if-none-match");
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("W/" + etag))) {
            return new Response(304, headers, null);
        }
        headers.set("Cache-Control", "public, max-age=0");
        headers.set("Content-Type", file.contentType());
        headers.set("ETag", etag);
        String coding = AcceptEncoding.negotiate(request.header("accept-encoding"), ClientBundle.CODINGS);
        if (coding != null) {
            headers.set("content-encoding", coding);
        }
        return new Response(200, headers, file.body(coding));
    }

    private ClientBundle.ClientFile match(String uri) {
        if (!uri.startsWith(prefix)) {
            return null;
        }
        int query = uri.indexOf('?', prefix.length());
        return bundle.file(uri.substring(prefix.length(), query < 0 ? uri.length() : query));
    }
}
