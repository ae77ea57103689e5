package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.server.NettyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Static files served by the whole server on 127.0.0.1 with raw request bytes (so nothing
 * normalises a hostile path on the way), from a directory, a jar on the classpath and a class
 * loader whose resources have no time; and the request-path checks on their own.
 */
class StaticFilesTest {

    private static final String SECRET = "TOP SECRET";
    private static final Instant MTIME = Instant.parse("2024-03-05T06:07:08Z");
    private static final String INDEX = "<!doctype html><title>chat</title>";

    private NettyServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static NettyServer newServer() {
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.builder().path("/socket.io").build());
        return NettyServer.create(engine).eventLoopThreads(1);
    }

    /** Sends raw bytes on a new connection and reads until the server closes it. */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** A request that asks the server to close the connection after answering. */
    private String request(String method, String target, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return raw(sb.append("Connection: close\r\n\r\n").toString());
    }

    private String get(String target, String... headers) throws IOException {
        return request("GET", target, headers);
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static String header(String response, String name) {
        for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(MTIME));
        return file;
    }

    /** A directory root, with a secret beside it and links that lead out. */
    @Nested
    class FromADirectory {

        @TempDir
        Path base;
        Path root;

        private void start() throws IOException {
            root = base.resolve("site");
            write(root.resolve("index.html"), INDEX);
            for (String name : List.of("app.js", "mod.mjs", "style.css", "data.json", "logo.svg", "img.png", "photo.jpg",
                    "anim.gif", "favicon.ico", "notes.txt", "app.js.map", "module.wasm", "font.woff2", "blob.bin",
                    "README")) {
                write(root.resolve(name), "content of " + name);
            }
            write(root.resolve("sub/index.html"), "<p>sub</p>");
            write(root.resolve("sub/page.txt"), "page");
            write(root.resolve("noindex/file.txt"), "file");
            write(root.resolve(".hidden"), SECRET);
            write(root.resolve(".git/config"), SECRET);
            write(base.resolve("secret.txt"), SECRET);
            write(base.resolve("site-other/x.txt"), SECRET);
            Files.createSymbolicLink(root.resolve("link-out"), base.resolve("secret.txt"));
            Files.createSymbolicLink(root.resolve("dir-out"), base);
            Files.createSymbolicLink(root.resolve("link-in"), root.resolve("notes.txt"));
            server = newServer().staticFiles(root).listen("127.0.0.1", 0);
        }

        @Test
        void servesTheIndexAtTheRootWithCacheHeaders() throws IOException {
            start();
            String res = get("/");
            assertThat(res).isEqualTo("HTTP/1.1 200 OK\r\n"
                    + "cache-control: public, max-age=0\r\n"
                    + "last-modified: Tue, 05 Mar 2024 06:07:08 GMT\r\n"
                    + "etag: W/\"" + Integer.toHexString(INDEX.length()) + "-18e0d3912e0\"\r\n"
                    + "content-type: text/html; charset=utf-8\r\n"
                    + "content-length: " + INDEX.length() + "\r\n"
                    + "connection: close\r\n\r\n" + INDEX);
            assertThat(body(get("/?v=2#top"))).isEqualTo(INDEX);
            assertThat(body(get("/index.html"))).isEqualTo(INDEX);
        }

        @Test
        void servesAFoldersIndexAndRedirectsToItsSlash() throws IOException {
            start();
            assertThat(body(get("/sub/"))).isEqualTo("<p>sub</p>");
            String redirect = get("/sub?x=1");
            assertThat(status(redirect)).isEqualTo(301);
            assertThat(header(redirect, "location")).isEqualTo("/sub/?x=1");
            assertThat(header(get("/sub"), "location")).isEqualTo("/sub/");
            assertThat(body(get("/sub/page.txt"))).isEqualTo("page");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "app.js      | text/javascript; charset=utf-8",
            "mod.mjs     | text/javascript; charset=utf-8",
            "style.css   | text/css; charset=utf-8",
            "data.json   | application/json; charset=utf-8",
            "logo.svg    | image/svg+xml",
            "img.png     | image/png",
            "photo.jpg   | image/jpeg",
            "anim.gif    | image/gif",
            "favicon.ico | image/x-icon",
            "notes.txt   | text/plain; charset=utf-8",
            "app.js.map  | application/json; charset=utf-8",
            "module.wasm | application/wasm",
            "font.woff2  | font/woff2",
            "blob.bin    | application/octet-stream",
            "README      | application/octet-stream",
        })
        void typesFilesByExtension(String name, String type) throws IOException {
            start();
            String res = get("/" + name);
            assertThat(status(res)).isEqualTo(200);
            assertThat(header(res, "content-type")).isEqualTo(type);
            assertThat(body(res)).isEqualTo("content of " + name);
        }

        @Test
        void answers304WhenTheClientsCopyIsCurrent() throws IOException {
            start();
            String etag = header(get("/app.js"), "etag");
            assertThat(etag).startsWith("W/\"");
            String notModified = get("/app.js", "If-None-Match: " + etag);
            assertThat(notModified).isEqualTo("HTTP/1.1 304 Not Modified\r\n"
                    + "cache-control: public, max-age=0\r\n"
                    + "last-modified: Tue, 05 Mar 2024 06:07:08 GMT\r\n"
                    + "etag: " + etag + "\r\n"
                    + "connection: close\r\n\r\n");
            assertThat(status(get("/app.js", "If-None-Match: \"other\", " + etag.substring(2)))).isEqualTo(304);
            assertThat(status(get("/app.js", "If-None-Match: *"))).isEqualTo(304);
            assertThat(status(get("/app.js", "If-Modified-Since: Tue, 05 Mar 2024 06:07:08 GMT"))).isEqualTo(304);
            assertThat(status(get("/app.js", "If-Modified-Since: Wed, 06 Mar 2024 00:00:00 GMT"))).isEqualTo(304);
        }

        @Test
        void sendsTheFileWhenTheClientsCopyIsStale() throws IOException {
            start();
            assertThat(status(get("/app.js", "If-None-Match: W/\"1-1\""))).isEqualTo(200);
            assertThat(status(get("/app.js", "If-Modified-Since: Tue, 05 Mar 2024 06:07:07 GMT"))).isEqualTo(200);
            String etag = header(get("/app.js"), "etag");
            assertThat(status(get("/app.js", "If-None-Match: " + etag, "Cache-Control: no-cache"))).isEqualTo(200);
            // If-None-Match wins over If-Modified-Since, as RFC 9110 says.
            assertThat(status(get("/app.js", "If-None-Match: \"x\"", "If-Modified-Since: Wed, 06 Mar 2024 00:00:00 GMT")))
                    .isEqualTo(200);
        }

        @Test
        void answersHeadWithTheLengthAndNoBody() throws IOException {
            start();
            String both = raw("HEAD /style.css HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /notes.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String head = both.substring(0, both.indexOf("\r\n\r\n") + 4);
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("content-type: text/css; charset=utf-8\r\n")
                    .contains("content-length: " + "content of style.css".length() + "\r\n");
            // The next response follows the head at once: no body was sent for HEAD.
            assertThat(both.substring(head.length())).startsWith("HTTP/1.1 200 OK\r\n").endsWith("content of notes.txt");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/missing.html", "/noindex/", "/notes.txt/", "/sub/missing/", "/missing/"})
        void answers404ForWhatIsNotThere(String target) throws IOException {
            start();
            String res = get(target);
            assertThat(status(res)).isEqualTo(404);
            assertThat(body(res)).isEqualTo("Not Found");
        }

        @Test
        void refusesOtherMethods() throws IOException {
            start();
            String post = raw("POST /app.js HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
            assertThat(status(post)).isEqualTo(405);
            assertThat(header(post, "allow")).isEqualTo("GET, HEAD");
            assertThat(status(request("DELETE", "/missing.txt"))).isEqualTo(404);
        }

        @Test
        void followsALinkThatStaysInside() throws IOException {
            start();
            assertThat(body(get("/link-in"))).isEqualTo("content of notes.txt");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
            "/%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
            "/.%2e/secret.txt", "/%252e%252e/secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt",
            "/..%5csecret.txt", "//secret.txt", "///etc/passwd", "/%2fetc%2fpasswd", "/etc/passwd", "/%2Fsecret.txt",
            "/link-out", "/dir-out/secret.txt", "/dir-out/site-other/x.txt", "/.hidden", "/.git/config",
            "/%2ehidden", "/./index.html", "/sub/./page.txt", "/secret.txt%00.html", "/%00", "/a%0d%0ab",
            "/C:/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/%", "/%2",
            "/%zz", "../secret.txt", "*", "http://127.0.0.1/../secret.txt", "/../site-other/x.txt",
            "/%2e%2e/site-other/x.txt"})
        void neverLeavesTheRoot(String target) throws IOException {
            start();
            String res = get(target);
            assertThat(status(res)).as(target).isIn(400, 404);
            assertThat(res).doesNotContain(SECRET);
        }

        @Test
        void leavesTheEnginePathToTheEngine() throws IOException {
            start();
            String open = get("/socket.io/?EIO=4&transport=polling");
            assertThat(status(open)).isEqualTo(200);
            assertThat(body(open)).startsWith("0{\"sid\":\"");
            assertThat(status(get("/socket.io/index.html"))).isEqualTo(400);
        }

        @Test
        void refusesARootThatIsNotADirectory() throws IOException {
            start();
            assertThatThrownBy(() -> newServer().staticFiles(base.resolve("secret.txt")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> newServer().staticFiles(base.resolve("nothing-here")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A folder of a jar on the context class loader, as an application ships its page. */
    @Nested
    class FromTheClasspath {

        @TempDir
        Path base;
        private URLClassLoader jarLoader;

        @AfterEach
        void closeLoader() throws IOException {
            if (jarLoader != null) {
                jarLoader.close();
            }
        }

        private NettyServer startWithJar(String folder) throws IOException {
            Path jar = base.resolve("app.jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                for (Map.Entry<String, String> e : Map.of(
                        "web/", "", "web/index.html", INDEX, "web/app.css", "body{}",
                        "web/sub/", "", "web/sub/index.html", "<p>sub</p>", "secret.txt", SECRET,
                        "web-other/x.txt", SECRET).entrySet()) {
                    JarEntry entry = new JarEntry(e.getKey());
                    entry.setTime(MTIME.toEpochMilli());
                    out.putNextEntry(entry);
                    out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            jarLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
            try {
                thread.setContextClassLoader(jarLoader);
                server = newServer().staticFiles(folder).listen("127.0.0.1", 0);
            } finally {
                thread.setContextClassLoader(previous);
            }
            return server;
        }

        @Test
        void servesTheIndexAndFilesOfAJarFolder() throws IOException {
            startWithJar("web");
            String index = get("/");
            assertThat(status(index)).isEqualTo(200);
            assertThat(header(index, "content-type")).isEqualTo("text/html; charset=utf-8");
            assertThat(header(index, "last-modified")).isEqualTo("Tue, 05 Mar 2024 06:07:08 GMT");
            assertThat(body(index)).isEqualTo(INDEX);
            assertThat(header(get("/app.css"), "content-type")).isEqualTo("text/css; charset=utf-8");
            assertThat(body(get("/sub/"))).isEqualTo("<p>sub</p>");
            assertThat(header(get("/sub"), "location")).isEqualTo("/sub/");
            String etag = header(index, "etag");
            assertThat(status(get("/", "If-None-Match: " + etag))).isEqualTo(304);
            assertThat(status(request("HEAD", "/app.css"))).isEqualTo(200);
            assertThat(body(request("HEAD", "/app.css"))).isEmpty();
        }

        @Test
        void acceptsTheFolderWithSlashes() throws IOException {
            startWithJar("/web/");
            assertThat(body(get("/app.css"))).isEqualTo("body{}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/sub/../../secret.txt",
            "/%2e%2e/web-other/x.txt", "//secret.txt", "/missing.css", "/sub/index.html/"})
        void neverLeavesTheFolder(String target) throws IOException {
            startWithJar("web");
            String res = get(target);
            assertThat(status(res)).as(target).isIn(400, 404);
            assertThat(res).doesNotContain(SECRET);
        }

        @Test
        void servesAFolderOfTheBuildsClassesDirectory() throws IOException {
            // src/test/resources/static-files-test is a plain directory on the test class path.
            server = newServer().staticFiles("static-files-test").listen("127.0.0.1", 0);
            assertThat(body(get("/"))).isEqualTo("<!doctype html><title>test page</title>\n");
            assertThat(header(get("/app.js"), "content-type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(status(get("/../dev/switchboard/server/internal/RouteHandlerTest.class"))).isEqualTo(404);
        }

        @Test
        void hashesAResourceThatHasNoTime() throws IOException {
            URLStreamHandler memory = new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    return new URLConnection(u) {
                        @Override
                        public void connect() {
                        }

                        @Override
                        public InputStream getInputStream() {
                            return new java.io.ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8));
                        }
                    };
                }
            };
            ClassLoader loader = new ClassLoader(null) {
                @Override
                protected URL findResource(String name) {
                    try {
                        return name.equals("mem/hello.txt") ? new URL(null, "mem:/hello.txt", memory) : null;
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                server = newServer().staticFiles("mem").listen("127.0.0.1", 0);
            } finally {
                thread.setContextClassLoader(previous);
            }
            String res = get("/hello.txt");
            // The etag package's form for a body: length in hex, then base64 SHA-1 cut to 27 characters.
            assertThat(header(res, "etag")).isEqualTo("\"5-qvTGHdzF6KLavt4PO0gs2a6pQ00\"");
            assertThat(header(res, "last-modified")).isNull();
            assertThat(body(res)).isEqualTo("hello");
            assertThat(status(get("/hello.txt", "If-None-Match: W/\"5-qvTGHdzF6KLavt4PO0gs2a6pQ00\""))).isEqualTo(304);
        }
    }

    @Test
    void knowsTheCommonTypes() {
        assertThat(StaticFiles.contentType("index.HTML")).isEqualTo("text/html; charset=utf-8");
        assertThat(StaticFiles.contentType("a.tar.gz")).isEqualTo("application/octet-stream");
        assertThat(StaticFiles.contentType("site.webmanifest")).isEqualTo("application/manifest+json; charset=utf-8");
        assertThat(StaticFiles.contentType("font.woff")).isEqualTo("font/woff");
    }
}
