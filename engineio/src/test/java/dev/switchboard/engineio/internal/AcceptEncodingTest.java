package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected choices are what {@code accepts(req).encodings(["gzip", "deflate"])} answers. */
class AcceptEncodingTest {

    private static String pick(String header) {
        return AcceptEncoding.negotiate(header);
    }

    @Test
    void noHeaderMeansNoCompression() {
        assertThat(pick(null)).isNull();
        assertThat(pick("")).isNull();
        assertThat(pick("identity")).isNull();
        assertThat(pick("br, zstd")).isNull();
    }

    @Test
    void browsersGetGzip() {
        assertThat(pick("gzip, deflate, br, zstd")).isEqualTo("gzip");
        assertThat(pick("gzip")).isEqualTo("gzip");
        assertThat(pick("deflate")).isEqualTo("deflate");
    }

    @Test
    void theHeaderOrderBreaksTiesBeforeOurPreference() {
        assertThat(pick("deflate, gzip")).isEqualTo("deflate");
        assertThat(pick("br,deflate,gzip")).isEqualTo("deflate");
    }

    @Test
    void higherQualityWins() {
        assertThat(pick("gzip;q=0.5, deflate;q=0.8")).isEqualTo("deflate");
        assertThat(pick("deflate;q=0.2, gzip")).isEqualTo("gzip");
        assertThat(pick("gzip ; q=0.9 , deflate ; q=1")).isEqualTo("deflate");
    }

    @Test
    void qualityZeroRefuses() {
        assertThat(pick("gzip;q=0, deflate")).isEqualTo("deflate");
        assertThat(pick("gzip;q=0")).isNull();
        assertThat(pick("gzip;q=0.000, deflate;q=0")).isNull();
    }

    @Test
    void wildcardStandsForWhatIsNotNamed() {
        assertThat(pick("*")).isEqualTo("gzip");
        assertThat(pick("*, gzip;q=0")).isEqualTo("deflate");
        assertThat(pick("gzip;q=0.1, *")).isEqualTo("deflate");
        assertThat(pick("*;q=0")).isNull();
    }

    @Test
    void namesAreCaseInsensitiveAndExact() {
        assertThat(pick("GZIP")).isEqualTo("gzip");
        assertThat(pick("Deflate")).isEqualTo("deflate");
        assertThat(pick("x-gzip")).isNull();
        assertThat(pick("gzipped")).isNull();
    }

    @Test
    void unreadableQualityRefusesAndLenientNumbersAreRead() {
        assertThat(pick("gzip;q=abc, deflate")).isEqualTo("deflate");
        assertThat(pick("gzip;q=, deflate;q=0.5")).isEqualTo("deflate");
        assertThat(pick("gzip;q=0.5x")).isEqualTo("gzip");
    }

    @Test
    void otherParametersAreIgnored() {
        assertThat(pick("gzip;level=9")).isEqualTo("gzip");
    }
}
