package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Expected header lists were produced by running the npm {@code cors} 2.8.6 middleware on the same
 * requests, so names, values and order are the package's.
 */
class CorsTest {

    private static final String ORIGIN = "https://a.com";

    private static RequestInfo request(String method, String... headerPairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        return new RequestInfo(method, "/engine.io/?EIO=4&transport=polling", Map.of(), headers,
                "127.0.0.1", false, 0L);
    }

    private static RequestInfo get(String origin) {
        return origin == null ? request("GET") : request("GET", "origin", origin);
    }

    private static List<String> lines(Headers headers) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : headers.entries()) {
            out.add(e.getKey() + ": " + e.getValue());
        }
        return out;
    }

    private static List<String> actual(Cors cors, RequestInfo request) {
        Headers h = new Headers();
        cors.applyTo(request, h);
        return lines(h);
    }

    private static List<String> preflight(Cors cors, RequestInfo request) {
        Headers h = new Headers();
        assertThat(cors.applyPreflight(request, h)).isTrue();
        return lines(h);
    }

    @Test
    void anyOriginIsTheDefault() {
        assertThat(actual(Cors.builder().build(), get(ORIGIN)))
                .containsExactly("Access-Control-Allow-Origin: *");
        assertThat(actual(Cors.allowOrigin("*"), get(null)))
                .containsExactly("Access-Control-Allow-Origin: *");
    }

    @Test
    void defaultsEqualThePackages() {
        Cors cors = Cors.builder().build();
        assertThat(cors.methods()).isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
        assertThat(cors.allowedHeaders()).isNull();
        assertThat(cors.exposedHeaders()).isEmpty();
        assertThat(cors.credentials()).isFalse();
        assertThat(cors.maxAge()).isNull();
        assertThat(cors.preflightContinue()).isFalse();
        assertThat(cors.optionsSuccessStatus()).isEqualTo(204);
    }

    @Test
    void defaultPreflightReflectsRequestedHeadersAndVariesOnThem() {
        RequestInfo req = request("OPTIONS", "origin", ORIGIN,
                "access-control-request-headers", "x-a, x-b");
        assertThat(preflight(Cors.builder().build(), req)).containsExactly(
                "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                "Vary: Access-Control-Request-Headers",
                "Access-Control-Allow-Headers: x-a, x-b",
                "Content-Length: 0");
    }

    @Test
    void preflightWithoutRequestedHeadersStillVariesButAllowsNone() {
        assertThat(preflight(Cors.builder().build(), request("OPTIONS", "origin", ORIGIN)))
                .containsExactly(
                        "Access-Control-Allow-Origin: *",
                        "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                        "Vary: Access-Control-Request-Headers",
                        "Content-Length: 0");
    }

    @Test
    void fixedOriginIsWrittenWhateverTheRequestOrigin() {
        Cors cors = Cors.allowOrigin("https://b.com");
        assertThat(actual(cors, get(ORIGIN)))
                .containsExactly("Access-Control-Allow-Origin: https://b.com", "Vary: Origin");
        assertThat(actual(cors, get(null)))
                .containsExactly("Access-Control-Allow-Origin: https://b.com", "Vary: Origin");
    }

    @Test
    void originTrueReflectsTheRequestOrigin() {
        Cors cors = Cors.builder().origin(true).build();
        assertThat(actual(cors, get(ORIGIN)))
                .containsExactly("Access-Control-Allow-Origin: https://a.com", "Vary: Origin");
    }

    @Test
    void reflectingWithoutOriginHeaderWritesOnlyVary() {
        Cors cors = Cors.builder().origin(true).build();
        assertThat(actual(cors, get(null))).containsExactly("Vary: Origin");
        assertThat(actual(cors, get(""))).containsExactly("Vary: Origin");
    }

    @Test
    void reflectingPreflightMergesBothVaryFieldsIntoOneHeader() {
        RequestInfo req = request("OPTIONS", "origin", ORIGIN, "access-control-request-headers", "x-a");
        assertThat(preflight(Cors.builder().origin(true).build(), req)).containsExactly(
                "Access-Control-Allow-Origin: https://a.com",
                "Vary: Origin, Access-Control-Request-Headers",
                "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                "Access-Control-Allow-Headers: x-a",
                "Content-Length: 0");
    }

    @Test
    void patternReflectsMatchingOriginsBySearchingAsRegExpTestDoes() {
        Cors cors = Cors.builder().origin(Pattern.compile("a\\.com")).build();
        assertThat(actual(cors, get(ORIGIN)))
                .containsExactly("Access-Control-Allow-Origin: https://a.com", "Vary: Origin");
        assertThat(actual(cors, get("https://a.com.evil.net")))
                .containsExactly("Access-Control-Allow-Origin: https://a.com.evil.net", "Vary: Origin");
    }

    @Test
    void nonMatchingPatternWritesOnlyVary() {
        Cors cors = Cors.builder().origin(Pattern.compile("^https://b\\.com$")).build();
        assertThat(actual(cors, get(ORIGIN))).containsExactly("Vary: Origin");
        assertThat(actual(cors, get(null))).containsExactly("Vary: Origin");
    }

    @Test
    void listOfStringsComparesExactlyAndCaseSensitively() {
        Cors cors = Cors.builder().origins("https://x.com", "https://a.com").build();
        assertThat(actual(cors, get(ORIGIN)))
                .containsExactly("Access-Control-Allow-Origin: https://a.com", "Vary: Origin");
        assertThat(actual(cors, get("https://A.com"))).containsExactly("Vary: Origin");
        assertThat(actual(cors, get("https://a.com:443"))).containsExactly("Vary: Origin");
    }

    @Test
    void mixedListMatchesEitherStringsOrPatterns() {
        Cors cors = Cors.builder()
                .origins(List.of("https://x.com"), List.of(Pattern.compile("\\.example\\.com$")))
                .build();
        assertThat(actual(cors, get("https://x.com")))
                .containsExactly("Access-Control-Allow-Origin: https://x.com", "Vary: Origin");
        assertThat(actual(cors, get("https://app.example.com")))
                .containsExactly("Access-Control-Allow-Origin: https://app.example.com", "Vary: Origin");
        assertThat(actual(cors, get(ORIGIN))).containsExactly("Vary: Origin");
    }

    @Test
    void starInsideAListIsNotAWildcard() {
        Cors cors = Cors.builder().origins("*").build();
        assertThat(actual(cors, get(ORIGIN))).containsExactly("Vary: Origin");
    }

    @Test
    void predicateAnsweringTrueReflectsTheOrigin() {
        List<String> asked = new ArrayList<>();
        Cors cors = Cors.builder().origin(o -> asked.add(o)).build();
        assertThat(actual(cors, get(ORIGIN)))
                .containsExactly("Access-Control-Allow-Origin: https://a.com", "Vary: Origin");
        assertThat(actual(cors, get(null))).containsExactly("Vary: Origin");
        assertThat(asked).containsExactly(ORIGIN, null);
    }

    @Test
    void predicateAnsweringFalseWritesNothingAndLetsThePreflightContinue() {
        Cors cors = Cors.builder().origin(o -> false).build();
        assertThat(actual(cors, get(ORIGIN))).isEmpty();
        Headers h = new Headers();
        assertThat(cors.applyPreflight(request("OPTIONS", "origin", ORIGIN), h)).isFalse();
        assertThat(h.size()).isZero();
    }

    @Test
    void predicateExceptionPropagates() {
        Cors cors = Cors.builder().origin(o -> {
            throw new IllegalStateException("lookup failed");
        }).build();
        assertThatThrownBy(() -> cors.applyTo(get(ORIGIN), new Headers()))
                .isInstanceOf(IllegalStateException.class).hasMessage("lookup failed");
    }

    @Test
    void originFalseTurnsCorsOff() {
        Cors cors = Cors.builder().origin(false).build();
        assertThat(actual(cors, get(ORIGIN))).isEmpty();
        Headers h = new Headers();
        assertThat(cors.applyPreflight(request("OPTIONS", "origin", ORIGIN), h)).isFalse();
        assertThat(h.size()).isZero();
    }

    @Test
    void everyOptionAppearsInThePackagesPreflightOrder() {
        Cors cors = Cors.builder()
                .origin(ORIGIN)
                .methods("GET", "POST")
                .allowedHeaders("X-A", "X-B")
                .exposedHeaders("X-C", "X-D")
                .credentials(true)
                .maxAge(Duration.ofSeconds(600))
                .build();
        assertThat(preflight(cors, request("OPTIONS", "origin", ORIGIN,
                "access-control-request-headers", "x-ignored"))).containsExactly(
                "Access-Control-Allow-Origin: https://a.com",
                "Vary: Origin",
                "Access-Control-Allow-Credentials: true",
                "Access-Control-Allow-Methods: GET,POST",
                "Access-Control-Allow-Headers: X-A,X-B",
                "Access-Control-Max-Age: 600",
                "Access-Control-Expose-Headers: X-C,X-D",
                "Content-Length: 0");
    }

    @Test
    void actualRequestGetsOriginCredentialsAndExposedHeadersOnly() {
        Cors cors = Cors.builder()
                .origin(ORIGIN)
                .methods("GET", "POST")
                .allowedHeaders("X-A", "X-B")
                .exposedHeaders("X-C", "X-D")
                .credentials(true)
                .maxAge(Duration.ofSeconds(600))
                .build();
        assertThat(actual(cors, get(ORIGIN))).containsExactly(
                "Access-Control-Allow-Origin: https://a.com",
                "Vary: Origin",
                "Access-Control-Allow-Credentials: true",
                "Access-Control-Expose-Headers: X-C,X-D");
    }

    @Test
    void methodsGivenAsOneStringAreWrittenAsIs() {
        Cors cors = Cors.builder().methods("GET, POST").allowedHeaders("Content-Type").build();
        assertThat(preflight(cors, request("OPTIONS"))).containsExactly(
                "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Methods: GET, POST",
                "Access-Control-Allow-Headers: Content-Type",
                "Content-Length: 0");
    }

    @Test
    void zeroMaxAgeIsWrittenAndFractionsAreDropped() {
        assertThat(preflight(Cors.builder().maxAge(Duration.ZERO).build(), request("OPTIONS")))
                .containsExactly(
                        "Access-Control-Allow-Origin: *",
                        "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                        "Vary: Access-Control-Request-Headers",
                        "Access-Control-Max-Age: 0",
                        "Content-Length: 0");
        Headers h = new Headers();
        Cors.builder().maxAge(Duration.ofMillis(1999)).build().applyPreflight(request("OPTIONS"), h);
        assertThat(h.get("access-control-max-age")).isEqualTo("1");
    }

    @Test
    void emptyListsWriteNoHeaderAndDoNotReflect() {
        Cors cors = Cors.builder().methods().allowedHeaders().exposedHeaders().build();
        assertThat(preflight(cors, request("OPTIONS", "access-control-request-headers", "x-a")))
                .containsExactly("Access-Control-Allow-Origin: *", "Content-Length: 0");
    }

    @Test
    void preflightContinueAddsHeadersButLeavesTheAnswerToTheServer() {
        Cors cors = Cors.builder().preflightContinue(true).build();
        Headers h = new Headers();
        assertThat(cors.applyPreflight(request("OPTIONS", "origin", ORIGIN), h)).isFalse();
        assertThat(lines(h)).containsExactly(
                "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                "Vary: Access-Control-Request-Headers");
        assertThat(cors.preflightContinue()).isTrue();
    }

    @Test
    void optionsSuccessStatusIsConfigurable() {
        assertThat(Cors.builder().optionsSuccessStatus(200).build().optionsSuccessStatus()).isEqualTo(200);
        assertThatThrownBy(() -> Cors.builder().optionsSuccessStatus(99))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cors.builder().optionsSuccessStatus(600))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void varyIsMergedIntoAnExistingHeaderInItsPlace() {
        Headers h = new Headers().add("Vary", "Accept-Encoding");
        Cors.builder().origin(true).build().applyPreflight(request("OPTIONS", "origin", ORIGIN), h);
        assertThat(lines(h)).containsExactly(
                "Vary: Accept-Encoding, Origin, Access-Control-Request-Headers",
                "Access-Control-Allow-Origin: https://a.com",
                "Access-Control-Allow-Methods: GET,HEAD,PUT,PATCH,POST,DELETE",
                "Content-Length: 0");
    }

    @Test
    void varyStarAbsorbsNewFields() {
        Headers h = new Headers().add("Vary", "*");
        Cors.builder().origin(true).build().applyTo(get(ORIGIN), h);
        assertThat(lines(h)).containsExactly("Vary: *", "Access-Control-Allow-Origin: https://a.com");
    }

    @Test
    void varyFieldAlreadyListedInAnyCaseIsNotRepeated() {
        Headers h = new Headers().add("vary", "origin");
        Cors.builder().origin(true).build().applyTo(get(ORIGIN), h);
        assertThat(lines(h)).containsExactly("Vary: origin", "Access-Control-Allow-Origin: https://a.com");
    }

    @Test
    void severalVaryLinesAreJoinedIntoOne() {
        Headers h = new Headers().add("Vary", "Accept").add("X-Other", "1").add("Vary", "Cookie");
        Cors.builder().origin(true).build().applyTo(get(ORIGIN), h);
        assertThat(lines(h)).containsExactly("Vary: Accept, Cookie, Origin", "X-Other: 1",
                "Access-Control-Allow-Origin: https://a.com");
    }

    @Test
    void existingCorsHeaderIsReplacedInPlace() {
        Headers h = new Headers().add("X-Before", "1").add("access-control-allow-origin", "old")
                .add("X-After", "2");
        Cors.builder().origin(true).build().applyTo(get(ORIGIN), h);
        assertThat(lines(h)).containsExactly("X-Before: 1", "Access-Control-Allow-Origin: https://a.com",
                "X-After: 2", "Vary: Origin");
    }

    @Test
    void toBuilderKeepsEveryOption() {
        Cors original = Cors.builder()
                .origins("https://a.com")
                .methods("GET")
                .allowedHeaders("X-A")
                .exposedHeaders("X-C")
                .credentials(true)
                .maxAge(Duration.ofSeconds(5))
                .preflightContinue(true)
                .optionsSuccessStatus(200)
                .build();
        Cors copy = original.toBuilder().build();
        assertThat(copy.methods()).isEqualTo("GET");
        assertThat(copy.allowedHeaders()).isEqualTo("X-A");
        assertThat(copy.exposedHeaders()).isEqualTo("X-C");
        assertThat(copy.credentials()).isTrue();
        assertThat(copy.maxAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(copy.preflightContinue()).isTrue();
        assertThat(copy.optionsSuccessStatus()).isEqualTo(200);
        assertThat(actual(copy, get(ORIGIN))).isEqualTo(actual(original, get(ORIGIN)))
                .containsExactly("Access-Control-Allow-Origin: https://a.com", "Vary: Origin",
                        "Access-Control-Allow-Credentials: true", "Access-Control-Expose-Headers: X-C");
        assertThat(copy.toString()).isEqualTo(original.toString());
    }

    @Test
    void credentialsWithAnyOriginAreRefusedWhenBuiltWithWhatToDoInstead() {
        for (Cors.Builder b : List.of(Cors.builder().credentials(true), Cors.builder().origin("*").credentials(true),
                Cors.allowOrigin("*").toBuilder().credentials(true))) {
            assertThatThrownBy(b::build)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("credentials(true) with origin \"*\": browsers refuse a credentialed response whose"
                            + " Access-Control-Allow-Origin is *. Name the allowed origins (origins(\"https://app.example.com\")),"
                            + " match them (origin(Pattern)), or reflect the request's origin (origin(true)).");
        }
        assertThat(Cors.builder().origin(true).credentials(true).build().credentials()).isTrue();
        assertThat(Cors.allowOrigin("*").toBuilder().origins(ORIGIN).credentials(true).build().credentials()).isTrue();
    }

    @Test
    void toBuilderChangesLeaveTheOriginalUntouched() {
        Cors original = Cors.allowOrigin(ORIGIN);
        Cors changed = original.toBuilder().credentials(true).allowedHeaders("X-A").build();
        assertThat(original.credentials()).isFalse();
        assertThat(original.allowedHeaders()).isNull();
        assertThat(changed.credentials()).isTrue();
        assertThat(changed.toBuilder().reflectAllowedHeaders().build().allowedHeaders()).isNull();
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> Cors.allowOrigin("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cors.builder().maxAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cors.builder().methods("GET", null))
                .isInstanceOf(NullPointerException.class);
    }
}
