package dev.switchboard.server;

import static dev.switchboard.server.EchoServer.polling;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.RawHttp.RawResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Compression of polling responses on real connections: at or above the threshold (1024 bytes by
 * default), gzip or deflate as the client accepts, with the compressed length.
 */
class HttpCompressionTest {

    private static final String BIG = "4" + "compressible ".repeat(200);

    private EchoServer echo = EchoServer.start();

    @AfterEach
    void serverStillServesAFreshClient() {
        try {
            echo.assertServesFreshClient();
        } finally {
            echo.close();
        }
    }

    /** Queues a message of the given payload for the session, then polls it with the header lines. */
    private RawResponse pollAfterSending(String payload, String... headerLines) {
        String sid = echo.handshake();
        echo.postOk(sid, payload);
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse res = raw.exchange(RawHttp.request("GET", "/engine.io/?" + polling(sid), null, headerLines));
            echo.closeSession(sid);
            return res;
        }
    }

    private static String gunzip(byte[] body) {
        return inflate(body, true);
    }

    private static String inflate(byte[] body, boolean gzip) {
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body))
                : new InflaterInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String head(String encoding, int length) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                + (encoding == null ? "" : "Content-Encoding: " + encoding + "\r\n")
                + "content-length: " + length + "\r\n\r\n";
    }

    @Test
    void largePollResponseIsGzippedWithItsCompressedLength() {
        RawResponse res = pollAfterSending(BIG, "Accept-Encoding: gzip, deflate, br");

        assertThat(res.head()).isEqualTo(head("gzip", res.body().length));
        assertThat(res.body().length).isLessThan(BIG.length() / 4);
        assertThat(gunzip(res.body())).isEqualTo(BIG);
    }

    @Test
    void deflateIsUsedWhenTheClientAcceptsOnlyThat() {
        RawResponse res = pollAfterSending(BIG, "Accept-Encoding: deflate");

        assertThat(res.head()).isEqualTo(head("deflate", res.body().length));
        assertThat(inflate(res.body(), false)).isEqualTo(BIG);
    }

    @Test
    void gzipRefusedWithQualityZeroFallsBackToDeflate() {
        RawResponse res = pollAfterSending(BIG, "Accept-Encoding: gzip;q=0, deflate");

        assertThat(res.header("content-encoding")).isEqualTo("deflate");
        assertThat(inflate(res.body(), false)).isEqualTo(BIG);
    }

    @Test
    void withoutAcceptEncodingTheBodyIsPlain() {
        RawResponse res = pollAfterSending(BIG);

        assertThat(res.head()).isEqualTo(head(null, BIG.length()));
        assertThat(res.bodyText()).isEqualTo(BIG);
    }

    @Test
    void bodyOfExactlyTheThresholdIsCompressedAndOneByteLessIsNot() {
        String atThreshold = "4" + "x".repeat(1023);
        String below = "4" + "x".repeat(1022);

        RawResponse compressed = pollAfterSending(atThreshold, "Accept-Encoding: gzip");
        RawResponse plain = pollAfterSending(below, "Accept-Encoding: gzip");

        assertThat(compressed.header("content-encoding")).isEqualTo("gzip");
        assertThat(gunzip(compressed.body())).isEqualTo(atThreshold);
        assertThat(plain.head()).isEqualTo(head(null, 1023));
        assertThat(plain.bodyText()).isEqualTo(below);
    }

    @Test
    void disabledCompressionSendsPlainBodies() {
        echo.close();
        echo = EchoServer.start(b -> b.httpCompression(false));

        RawResponse res = pollAfterSending(BIG, "Accept-Encoding: gzip");

        assertThat(res.head()).isEqualTo(head(null, BIG.length()));
        assertThat(res.bodyText()).isEqualTo(BIG);
    }

    @Test
    void postResponsesAndSmallHandshakesAreNeverCompressed() {
        try (RawHttp raw = RawHttp.connect(echo.port())) {
            RawResponse handshake = raw.exchange(RawHttp.request("GET", "/engine.io/?EIO=4&transport=polling", null,
                    "Accept-Encoding: gzip"));
            assertThat(handshake.header("content-encoding")).isNull();
            String sid = EchoServer.sidOf(handshake.bodyText());
            RawResponse post = raw.exchange(RawHttp.request("POST", "/engine.io/?" + polling(sid), BIG,
                    "Accept-Encoding: gzip"));
            assertThat(post.header("content-encoding")).isNull();
            assertThat(post.bodyText()).isEqualTo("ok");
            echo.closeSession(sid);
        }
    }
}
