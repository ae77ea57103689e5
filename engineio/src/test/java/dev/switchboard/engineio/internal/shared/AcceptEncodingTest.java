package dev.switchboard.engineio.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The coding chosen for the client bundle (offered br, gzip, deflate) and for a polling response
 * (offered gzip, deflate). Every expected value was produced by Node's own negotiation
 * ({@code accepts(req).encodings([...])}, accepts 1.3.8 / negotiator 0.6.3, as socket.io and
 * engine.io call it) for the same header; {@code identity} stands for its {@code false}.
 */
class AcceptEncodingTest {

    private static final List<String> OFFERED = List.of("br", "gzip", "deflate");
    private static final List<String> POLLING = List.of("gzip", "deflate");

    private static String pick(String header) {
        return AcceptEncoding.negotiate(header, POLLING);
    }

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

    @Test
    void pollingWithoutAHeaderOrAnOfferedCodingIsUncompressed() {
        assertThat(pick(null)).isNull();
        assertThat(pick("")).isNull();
        assertThat(pick("identity")).isNull();
        assertThat(pick("br, zstd")).isNull();
    }

    @Test
    void pollingBrowsersGetGzip() {
        assertThat(pick("gzip, deflate, br, zstd")).isEqualTo("gzip");
        assertThat(pick("gzip")).isEqualTo("gzip");
        assertThat(pick("deflate")).isEqualTo("deflate");
    }

    @Test
    void pollingTiesGoToTheHeaderOrderBeforeOurPreference() {
        assertThat(pick("deflate, gzip")).isEqualTo("deflate");
        assertThat(pick("br,deflate,gzip")).isEqualTo("deflate");
    }

    @Test
    void pollingHigherQualityWins() {
        assertThat(pick("gzip;q=0.5, deflate;q=0.8")).isEqualTo("deflate");
        assertThat(pick("deflate;q=0.2, gzip")).isEqualTo("gzip");
        assertThat(pick("gzip ; q=0.9 , deflate ; q=1")).isEqualTo("deflate");
    }

    @Test
    void pollingQualityZeroRefuses() {
        assertThat(pick("gzip;q=0, deflate")).isEqualTo("deflate");
        assertThat(pick("gzip;q=0")).isNull();
        assertThat(pick("gzip;q=0.000, deflate;q=0")).isNull();
    }

    @Test
    void pollingWildcardStandsForWhatIsNotNamed() {
        assertThat(pick("*")).isEqualTo("gzip");
        assertThat(pick("*, gzip;q=0")).isEqualTo("deflate");
        assertThat(pick("gzip;q=0.1, *")).isEqualTo("deflate");
        assertThat(pick("*;q=0")).isNull();
    }

    @Test
    void pollingNamesAreCaseInsensitiveAndExact() {
        assertThat(pick("GZIP")).isEqualTo("gzip");
        assertThat(pick("Deflate")).isEqualTo("deflate");
        assertThat(pick("x-gzip")).isNull();
        assertThat(pick("gzipped")).isNull();
    }

    @Test
    void pollingUnreadableQualityRefusesAndLenientNumbersAreRead() {
        assertThat(pick("gzip;q=abc, deflate")).isEqualTo("deflate");
        assertThat(pick("gzip;q=, deflate;q=0.5")).isEqualTo("deflate");
        assertThat(pick("gzip;q=0.5x")).isEqualTo("gzip");
        assertThat(pick("gzip;level=9")).isEqualTo("gzip");
    }
}
