package dev.switchboard.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.jar.JarEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an application's static files (its {@code index.html}, scripts, styles, images) for
 * every request that is not under the Engine.IO path: from a directory, or from a folder of the
 * classpath such as {@code public/} inside the application's jar.
 *
 * <ul>
 *   <li>{@code GET} and {@code HEAD} only; another method gets 405 (with {@code Allow}) on an
 *       existing file, 404 elsewhere.
 *   <li>{@code /} and any {@code /dir/} serve that folder's {@code index.html}; {@code /dir}
 *       without the slash is redirected (301) to {@code /dir/} so the page's relative links work.
 *   <li>{@code Content-Type} by extension, {@code Content-Length}, {@code Last-Modified},
 *       {@code ETag} (weak {@code W/"<size hex>-<mtime hex>"} as Express's {@code serve-static}
 *       makes it, or a strong content hash where a resource has no time), {@code Cache-Control:
 *       public, max-age=0}; 304 on a matching {@code If-None-Match}, or without one on an
 *       {@code If-Modified-Since} not older than the file.
 *   <li>Never anything outside the root. The path is percent-decoded once, strictly (a bad
 *       escape or invalid UTF-8 is 400), then refused with 404 if any segment is empty (as in
 *       {@code //etc}) or starts with a dot ({@code .}, {@code ..}, whatever the encoding, and
 *       hidden files such as {@code .env}), or holds a backslash, a colon, NUL or another
 *       control character. For a directory root the file's real path (symbolic links followed)
 *       must still lie inside the root's real path; only regular files are read.
 * </ul>
 *
 * <p>Files are opened on the event loop (a few system calls); a directory's files are sent with
 * {@link DefaultFileRegion}, so the kernel copies them, or read into memory under TLS. Classpath
 * resources are read into memory per request: meant for an application's small assets.
 */
public final class StaticFiles implements HttpFallback {

    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

    private static final String INDEX = "index.html";
    private static final String DEFAULT_TYPE = "application/octet-stream";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("cjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"),
            Map.entry("xml", "application/xml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("wav", "audio/wav"),
            Map.entry("ogg", "audio/ogg"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"));

    private final Root root;
    private final HttpFallback notFound;

    private StaticFiles(Root root, HttpFallback notFound) {
        this.root = root;
        this.notFound = notFound;
    }

    /**
     * Serves the files under a directory.
     *
     * @param dir the directory; it must exist
     * @param notFound answers requests for which there is no file
     * @return the fallback
     * @throws IllegalArgumentException if {@code dir} is not a directory
     */
    public static StaticFiles ofDirectory(Path dir, HttpFallback notFound) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(notFound, "notFound");
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("static files directory not found: " + dir, e);
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        return new StaticFiles(new DirectoryRoot(real), notFound);
    }

    /**
     * Serves the resources under a classpath folder, e.g. {@code "public"} for
     * {@code public/index.html} inside the application's jar.
     *
     * @param folder the folder; leading and trailing slashes are ignored, {@code ""} is the
     *     classpath root (then every resource of the loader is public: rarely what you want)
     * @param loader the class loader to read from
     * @param notFound answers requests for which there is no resource
     * @return the fallback
     */
    public static StaticFiles ofClasspath(String folder, ClassLoader loader, HttpFallback notFound) {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(notFound, "notFound");
        String f = folder;
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        while (f.endsWith("/")) {
            f = f.substring(0, f.length() - 1);
        }
        return new StaticFiles(new ClasspathRoot(f.isEmpty() ? "" : f + "/", loader), notFound);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, HttpRequest request) {
        RequestPath path;
        try {
            path = RequestPath.parse(request.uri());
        } catch (IllegalArgumentException e) {
            sendEmpty(ctx, request, HttpResponseStatus.BAD_REQUEST, null, null);
            return;
        }
        if (path == null) {
            notFound.handle(ctx, request);
            return;
        }
        Found found;
        try {
            found = root.find(path);
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot serve {}: {}", request.uri(), e.toString());
            found = null;
        }
        if (found == null) {
            notFound.handle(ctx, request);
            return;
        }
        boolean get = HttpMethod.GET.equals(request.method());
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!get && !head) {
            sendEmpty(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, HttpHeaderNames.ALLOW, "GET, HEAD");
            return;
        }
        if (found instanceof Redirect) {
            // The path was checked to start with exactly one slash, so this stays on this host.
            String uri = request.uri();
            int q = uri.indexOf('?');
            String location = q < 0 ? uri + "/" : uri.substring(0, q) + "/" + uri.substring(q);
            sendEmpty(ctx, request, HttpResponseStatus.MOVED_PERMANENTLY, HttpHeaderNames.LOCATION, location);
            return;
        }
        sendFile(ctx, request, (FileContent) found, head);
    }

    private static void sendFile(ChannelHandlerContext ctx, HttpRequest req, FileContent file, boolean head) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=0");
        if (file.lastModified() > 0) {
            h.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(file.lastModified())));
        }
        h.set(HttpHeaderNames.ETAG, file.etag());
        if (isFresh(req, file)) {
            res.setStatus(HttpResponseStatus.NOT_MODIFIED);
            finish(ctx, req, res, null);
            return;
        }
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType(file.name()));
        h.set(HttpHeaderNames.CONTENT_LENGTH, file.size());
        if (head) {
            finish(ctx, req, res, null);
            return;
        }
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        Object body;
        try {
            body = file.body(tls);
        } catch (IOException e) {
            log.debug("Cannot read {}: {}", file.name(), e.toString());
            sendEmpty(ctx, req, HttpResponseStatus.INTERNAL_SERVER_ERROR, null, null);
            return;
        }
        finish(ctx, req, res, body);
    }

    private static void finish(ChannelHandlerContext ctx, HttpRequest req, HttpResponse res, Object body) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.write(res, ctx.voidPromise());
        if (body != null) {
            ctx.write(body, ctx.voidPromise());
        }
        ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A short response whose body, if any, is the status text; with at most one extra header. */
    private static void sendEmpty(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status,
            CharSequence headerName, String headerValue) {
        byte[] text = status.reasonPhrase().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                status.code() == 301 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text));
        if (headerName != null) {
            res.headers().set(headerName, headerValue);
        }
        if (res.content().isReadable()) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        }
        // For HEAD the codec sends the head alone, with the length the GET would have.
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture done = ctx.writeAndFlush(res);
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Whether the client's copy is current: an {@code If-None-Match} listing this ETag (weak
     * comparison) or {@code *}; without one, an {@code If-Modified-Since} not older than the file.
     * A request {@code Cache-Control: no-cache} always gets the file.
     */
    private static boolean isFresh(HttpRequest req, FileContent file) {
        String cacheControl = req.headers().get(HttpHeaderNames.CACHE_CONTROL);
        if (cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-cache")) {
            return false;
        }
        List<String> noneMatch = req.headers().getAll(HttpHeaderNames.IF_NONE_MATCH);
        if (!noneMatch.isEmpty()) {
            String opaque = opaqueTag(file.etag());
            for (String value : noneMatch) {
                for (String tag : value.split(",")) {
                    String t = tag.strip();
                    if (t.equals("*") || opaqueTag(t).equals(opaque)) {
                        return true;
                    }
                }
            }
            return false;
        }
        String since = req.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (since == null || file.lastModified() <= 0) {
            return false;
        }
        Date date = DateFormatter.parseHttpDate(since);
        return date != null && file.lastModified() / 1000 <= date.getTime() / 1000;
    }

    private static String opaqueTag(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /**
     * The content type for a file name, by its extension.
     *
     * @param name a file name
     * @return the type, {@code application/octet-stream} for unknown extensions
     */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return DEFAULT_TYPE;
        }
        return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_TYPE);
    }

    /** What a lookup found; nothing is opened until the body is written. */
    private sealed interface Found permits Redirect, FileContent {
    }

    /** A directory asked for without its trailing slash. */
    private record Redirect() implements Found {
    }

    /** A file to send. */
    private sealed interface FileContent extends Found permits DiskFile, ResourceFile {

        String name();

        long size();

        /** {@return milliseconds since the epoch, or 0 if unknown} */
        long lastModified();

        String etag();

        /** {@return the body to write: a {@link DefaultFileRegion} or a {@link ByteBuf}; takes ownership} */
        Object body(boolean tls) throws IOException;
    }

    private record DiskFile(String name, Path path, long size, long lastModified) implements FileContent {

        @Override
        public String etag() {
            return "W/\"" + Long.toHexString(size) + "-" + Long.toHexString(lastModified) + '"';
        }

        @Override
        public Object body(boolean tls) throws IOException {
            if (!tls) {
                // Sent as it is on disk by the kernel; the region closes the channel when released.
                FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                return new DefaultFileRegion(channel, 0, size);
            }
            // TLS encrypts in user space, so the bytes must be read; app assets are small.
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length != size) {
                throw new IOException(path + " changed while being served");
            }
            return Unpooled.wrappedBuffer(bytes);
        }
    }

    private record ResourceFile(String name, byte[] bytes, long lastModified) implements FileContent {

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public String etag() {
            if (lastModified > 0) {
                return "W/\"" + Long.toHexString(bytes.length) + "-" + Long.toHexString(lastModified) + '"';
            }
            try {
                byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(bytes);
                return '"' + Long.toHexString(bytes.length) + "-"
                        + Base64.getEncoder().encodeToString(sha1).substring(0, 27) + '"';
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required of every JVM", e);
            }
        }

        @Override
        public Object body(boolean tls) {
            return Unpooled.wrappedBuffer(bytes);
        }
    }

    /** Where files are looked up. */
    private sealed interface Root permits DirectoryRoot, ClasspathRoot {

        /** {@return the file or redirect for a path, or {@code null} for 404} */
        Found find(RequestPath path) throws IOException;
    }

    private record DirectoryRoot(Path real) implements Root {

        @Override
        public Found find(RequestPath path) throws IOException {
            Path candidate = real;
            for (String segment : path.segments()) {
                candidate = candidate.resolve(segment);
            }
            Path target = inside(candidate);
            if (target == null) {
                return null;
            }
            BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class);
            if (attrs.isDirectory()) {
                Path index = inside(target.resolve(INDEX));
                if (index == null) {
                    return null;
                }
                BasicFileAttributes indexAttrs = Files.readAttributes(index, BasicFileAttributes.class);
                if (!indexAttrs.isRegularFile()) {
                    return null;
                }
                if (!path.directory()) {
                    return new Redirect();
                }
                return new DiskFile(INDEX, index, indexAttrs.size(), indexAttrs.lastModifiedTime().toMillis());
            }
            if (!attrs.isRegularFile() || path.directory()) {
                return null;
            }
            return new DiskFile(path.lastSegment(), target, attrs.size(), attrs.lastModifiedTime().toMillis());
        }

        /** The real path of a file if it exists and lies inside the root, else {@code null}. */
        private Path inside(Path p) throws IOException {
            Path target;
            try {
                target = p.toRealPath();
            } catch (NoSuchFileException e) {
                return null;
            }
            return target.startsWith(real) ? target : null;
        }
    }

    private record ClasspathRoot(String prefix, ClassLoader loader) implements Root {

        @Override
        public Found find(RequestPath path) throws IOException {
            String rel = path.joined();
            if (path.directory()) {
                return read(rel.isEmpty() ? INDEX : rel + "/" + INDEX, INDEX);
            }
            FileContent file = read(rel, path.lastSegment());
            if (file != null) {
                return file;
            }
            // A folder asked for without its slash: send the browser to the folder's index.
            return read(rel + "/" + INDEX, INDEX) != null ? new Redirect() : null;
        }

        private FileContent read(String rel, String name) throws IOException {
            URL url = loader.getResource(prefix + rel);
            if (url == null) {
                return null;
            }
            URLConnection conn = url.openConnection();
            conn.setUseCaches(false);
            switch (url.getProtocol()) {
                case "file" -> {
                    Path file;
                    try {
                        file = Path.of(url.toURI());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        return null;
                    }
                    // A class-path directory may hold symbolic links; the file must stay under
                    // the folder (the part of its path before rel), as for a directory root.
                    Path base = file;
                    for (int i = 0; i < rel.split("/").length; i++) {
                        base = base.getParent();
                    }
                    Path real;
                    try {
                        real = file.toRealPath();
                    } catch (NoSuchFileException e) {
                        return null;
                    }
                    if (base == null || !real.startsWith(base.toRealPath()) || !Files.isRegularFile(real)) {
                        return null;
                    }
                    return new ResourceFile(name, Files.readAllBytes(real), Files.getLastModifiedTime(real).toMillis());
                }
                case "jar" -> {
                    JarEntry entry = ((JarURLConnection) conn).getJarEntry();
                    if (entry == null || entry.isDirectory()) {
                        return null;
                    }
                    try (InputStream in = conn.getInputStream()) {
                        return new ResourceFile(name, in.readAllBytes(), Math.max(entry.getTime(), 0));
                    }
                }
                default -> {
                    try (InputStream in = conn.getInputStream()) {
                        return new ResourceFile(name, in.readAllBytes(), 0);
                    }
                }
            }
        }
    }
}
