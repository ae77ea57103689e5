package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @Test
    void splitsAndDecodesASafePath() {
        assertThat(RequestPath.parse("/")).isEqualTo(new RequestPath(List.of(), true));
        assertThat(RequestPath.parse("/a/b%20c.txt?x=1#y"))
                .isEqualTo(new RequestPath(List.of("a", "b c.txt"), false));
        assertThat(RequestPath.parse("/a/b/")).isEqualTo(new RequestPath(List.of("a", "b"), true));
        assertThat(RequestPath.parse("/caf%C3%A9/%E2%9C%93"))
                .isEqualTo(new RequestPath(List.of("café", "✓"), false));
        assertThat(RequestPath.parse("/a+b")).isEqualTo(new RequestPath(List.of("a+b"), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../x", "/a/../x", "/%2e%2e/x", "/.%2E/x", "/a%2f..%2fx", "/a%5cb", "/a\\b", "//x",
        "/a//b", "/.env", "/a/.git/config", "/./a", "/%00", "/a%0a", "/a%7f", "/c:", "x", "", "*", "http://h/x"})
    void refusesAnUnsafePath(String uri) {
        assertThat(RequestPath.parse(uri)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%", "/%2", "/%zz", "/a%g0", "/%c0%ae", "/%ff", "/%e2%9c"})
    void rejectsBadPercentEncoding(String uri) {
        assertThatThrownBy(() -> RequestPath.parse(uri)).isInstanceOf(IllegalArgumentException.class);
    }
}
