package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OriginsTest {

    private static RequestInfo handshake(String origin) {
        Map<String, String> headers = origin == null ? Map.of() : Map.of("origin", origin);
        String url = "/engine.io/?EIO=4&transport=websocket";
        return new RequestInfo("GET", url, RequestInfo.parseQuery(url), headers, "127.0.0.1", false, 0);
    }

    private static AllowRequest.Verdict verdict(AllowRequest check, String origin) {
        return check.check(handshake(origin)).toCompletableFuture().join();
    }

    @Test
    void listedOriginsPassWithoutRegardToCaseAndOthersAreRefusedWithOriginNotAllowed() {
        Origins origins = Origins.allow("https://example.com", "http://localhost:3000");

        assertThat(verdict(origins, "https://example.com").allowed()).isTrue();
        assertThat(verdict(origins, "HTTPS://Example.COM").allowed()).isTrue();
        assertThat(verdict(origins, "http://localhost:3000").allowed()).isTrue();
        assertThat(verdict(origins, "https://evil.example")).isEqualTo(AllowRequest.Verdict.deny("Origin not allowed"));
        assertThat(verdict(origins, "http://example.com").allowed()).as("another scheme").isFalse();
        assertThat(verdict(origins, "https://example.com:8443").allowed()).as("another port").isFalse();
        assertThat(verdict(origins, "null").allowed()).as("a sandboxed page").isFalse();
    }

    @Test
    void requestWithoutOriginIsNotABrowserPageAndPassesUnlessAnOriginIsRequired() {
        assertThat(verdict(Origins.allow("https://example.com"), null).allowed()).isTrue();
        assertThat(verdict(Origins.allow("https://example.com").requireOrigin(), null).allowed()).isFalse();
    }

    @Test
    void thenDecidesOnlyForAllowedOrigins() {
        int[] asked = new int[1];
        Origins origins = Origins.allow("https://example.com").then(req -> {
            asked[0]++;
            return CompletableFuture.completedFuture(AllowRequest.Verdict.deny("bad token"));
        });

        assertThat(verdict(origins, "https://evil.example").message()).isEqualTo("Origin not allowed");
        assertThat(asked[0]).isZero();
        assertThat(verdict(origins, "https://example.com").message()).isEqualTo("bad token");
        assertThat(asked[0]).isEqualTo(1);
    }

    @Test
    void anOriginWithAPathOrTrailingSlashIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> Origins.allow("https://example.com/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path nor trailing slash");
        assertThatThrownBy(() -> Origins.allow("example.com")).isInstanceOf(IllegalArgumentException.class);
    }
}
