package dev.switchboard.server.internal;

import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the socket.io client bundle ({@code <path>/socket.io.js}, {@code .min.js},
 * {@code .msgpack.min.js}, {@code .esm.min.js} and their {@code .map}s) ahead of the Engine.IO
 * handler, as Node's socket.io does with {@code serveClient: true}; every other message goes on
 * down the pipeline untouched. One instance per channel.
 *
 * <p>What Node does, and so what this does: the request target must start with the path followed
 * by one of the eight names, up to an optional query, which is ignored; any method is served
 * (HEAD without a body); WebSocket upgrades are left to the engine. With a CORS policy its
 * headers come first, and an {@code OPTIONS} preflight is answered by the policy alone. An
 * {@code If-None-Match} of exactly {@code "<version>"} or {@code W/"<version>"} gets a bare 304.
 * Otherwise 200 with {@code Cache-Control: public, max-age=0}, the content type, {@code ETag:
 * "<version>"} and, when {@code Accept-Encoding} asks for one (negotiated as Node does, see
 * {@link AcceptEncoding}), {@code content-encoding} with Node's own compressed bytes; the body is
 * chunked, without {@code Content-Length}. Requests it answers have their body skipped.
 */
public final class ClientBundleHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientBundleHandler.class);

    private final String prefix;
    private final boolean enabled;
    private final Cors cors;
    private final ClientBundle bundle;

    /** True from an answered request's head to its last content, which is dropped. */
    private boolean skipping;

    /**
     * Creates the handler for one connection.
     *
     * @param prefix the path the files are under, with its trailing slash, e.g. {@code /socket.io/}
     * @param enabled whether to serve; when false every message passes through
     * @param cors the CORS policy to apply to the files, or {@code null} for none
     * @throws IllegalStateException if enabled and the jar lacks the bundle
     */
    public ClientBundleHandler(String prefix, boolean enabled, Cors cors) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must start and end with '/': " + prefix);
        }
        this.prefix = prefix;
        this.enabled = enabled;
        this.cors = cors;
        this.bundle = enabled ? ClientBundle.get() : null;
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

    /**
     * The version of the client bundle this jar carries (its ETag without the quotes), loading
     * the bundle if it is not loaded yet.
     *
     * @return the {@code socket.io-client} version, e.g. {@code 4.8.4}
     * @throws IllegalStateException if the jar was built without the bundle
     */
    public static String bundleVersion() {
        return ClientBundle.get().version();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (skipping && msg instanceof HttpContent) {
            skipping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (enabled && msg instanceof HttpRequest req) {
            ClientBundle.ClientFile file = match(req);
            if (file != null) {
                try {
                    serve(ctx, req, file);
                } finally {
                    skipping = !(msg instanceof LastHttpContent);
                    ReferenceCountUtil.release(msg);
                }
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private ClientBundle.ClientFile match(HttpRequest req) {
        if (!req.decoderResult().isSuccess() || Requests.isWebSocketUpgrade(req)) {
            return null;
        }
        String uri = req.uri();
        if (!uri.startsWith(prefix)) {
            return null;
        }
        int query = uri.indexOf('?', prefix.length());
        return bundle.file(uri.substring(prefix.length(), query < 0 ? uri.length() : query));
    }

    private void serve(ChannelHandlerContext ctx, HttpRequest req, ClientBundle.ClientFile file) {
        RequestInfo info = Requests.info(ctx.channel(), req);
        Headers headers = new Headers();
        if (cors != null) {
            try {
                if (HttpMethod.OPTIONS.equals(req.method())) {
                    if (cors.applyPreflight(info, headers)) {
                        send(ctx, req, HttpResponseStatus.valueOf(cors.optionsSuccessStatus()), headers, null);
                        return;
                    }
                } else {
                    cors.applyTo(info, headers);
                }
            } catch (RuntimeException e) {
                // Node's socket.io ignores the error the cors middleware passes on and serves the
                // file; it goes out without CORS headers, which the browser then refuses.
                log.debug("CORS origin check failed for {}: {}", req.uri(), e.toString());
                headers = new Headers();
            }
        }
        String etag = bundle.etag();
        String ifNoneMatch = info.header("if-none-match");
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("W/" + etag))) {
            send(ctx, req, HttpResponseStatus.NOT_MODIFIED, headers, null);
            return;
        }
        headers.set("Cache-Control", "public, max-age=0");
        headers.set("Content-Type", file.contentType());
        headers.set("ETag", etag);
        String coding = AcceptEncoding.negotiate(info.header("accept-encoding"), ClientBundle.CODINGS);
        if (coding != null) {
            headers.set("content-encoding", coding);
        }
        send(ctx, req, HttpResponseStatus.OK, headers, file.body(coding));
    }

    /**
     * Writes a response, with header names spelled as Node spells them. A body goes out chunked on HTTP/1.1 as Node streams it; HTTP/1.0 has no
     * chunks, so there the body ends with the connection, again as Node does. A 304 or a
     * preflight has no body ({@code body == null}); HEAD is answered with the GET's head alone.
     */
    private static void send(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, Headers headers,
            byte[] body) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        for (int i = 0; i < headers.size(); i++) {
            res.headers().add(headers.name(i), headers.value(i));
        }
        boolean head = HttpMethod.HEAD.equals(req.method());
        boolean http10 = req.protocolVersion().equals(HttpVersion.HTTP_1_0);
        boolean close = !HttpUtil.isKeepAlive(req);
        boolean hasBody = body != null && !head;
        close |= hasBody && http10;
        if (close) {
            res.headers().set("Connection", HttpHeaderValues.CLOSE);
        }
        LastHttpContent last = LastHttpContent.EMPTY_LAST_CONTENT;
        if (hasBody) {
            if (!http10) {
                res.headers().set("Transfer-Encoding", HttpHeaderValues.CHUNKED);
            }
            last = new DefaultLastHttpContent(Unpooled.wrappedBuffer(body));
        }
        ctx.write(res, ctx.voidPromise());
        ChannelFuture done = ctx.writeAndFlush(last);
        if (close) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
