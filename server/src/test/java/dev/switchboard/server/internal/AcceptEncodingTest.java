package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The coding chosen for the client bundle. Every expected value was produced by Node's socket.io
 * negotiation itself ({@code accepts(req).encodings(["br", "gzip", "deflate"])}, accepts 1.3.8 /
 * negotiator 0.6.3) for the same header; {@code identity} stands for its {@code false}.
 */
class AcceptEncodingTest {

    private static final List<String> OFFERED = List.of("br", "gzip", "deflate");

    @Test
    void noHeaderMeansIdentity() {
        assertThat(AcceptEncoding.negotiate(null, OFFERED)).isNull();
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                   | identity",
        "gzip                                 | gzip",
        "gzip, deflate, br                    | gzip",
        "gzip, deflate, br, zstd              | gzip",
        "br                                   | br",
        "deflate                              | deflate",
        "br;q=0.5, gzip;q=0.8                 | gzip",
        "*                                    | br",
        "*;q=0.5, gzip;q=0.1                  | br",
        "identity                             | identity",
        "gzip;q=0                             | identity",
        "GZIP                                 | gzip",
        "gzip;q=0.5, gzip;q=x                 | identity",
        "gzip;q=0.5x                          | gzip",
        "gzip; q=0.5, br;q=0.6                | br",
        "gzip;q = 0.1, br;q=0.2               | gzip",
        "deflate, gzip;q=1.0, *;q=0.5         | deflate",
        "br;q=0, *                            | gzip",
        "compress, x-gzip                     | identity",
        "` gzip ,br `                         | gzip",
        "gzip x                               | identity",
        "gzip;level=1;q=0.2, deflate;q=0.3    | deflate",
        "br;q=.5, gzip;q=+.4                  | br",
        "gzip;q=1e-1, deflate;q=2E-1          | deflate",
        "gzip;q=Infinity, br                  | gzip",
        "gzip;q                               | identity",
        ",,,gzip                              | gzip",
        "gzip;q=0.5, br;q=0.5                 | gzip",
        "*, gzip;q=0                          | br",
    })
    void choosesWhatNodeChooses(String header, String expected) {
        String chosen = AcceptEncoding.negotiate(header, OFFERED);
        assertThat(chosen == null ? "identity" : chosen).isEqualTo(expected);
    }

    @ParameterizedTest(name = "parseFloat({0}) = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0.5       | 0.5",
        "` 0.25`   | 0.25",
        "1.        | 1.0",
        ".5        | 0.5",
        "+.4       | 0.4",
        "-2        | -2.0",
        "1e-1      | 0.1",
        "1e        | 1.0",
        "0.5x      | 0.5",
        "Infinity  | Infinity",
        "-Infinityx| -Infinity",
        "x         | NaN",
        ".         | NaN",
        "``        | NaN",
    })
    void parsesQualityAsJavaScriptParseFloat(String text, double expected) {
        // Boxed, so NaN equals NaN.
        assertThat(Double.valueOf(AcceptEncoding.parseFloat(text))).isEqualTo(Double.valueOf(expected));
    }
}
