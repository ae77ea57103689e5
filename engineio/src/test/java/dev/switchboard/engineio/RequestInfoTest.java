package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values are what {@code new URL(url, base).searchParams} gives in Node. */
class RequestInfoTest {

    private static Map<String, String> q(String url) {
        return RequestInfo.parseQuery(url);
    }

    @Test
    void parsesPairsInOrder() {
        assertThat(q("/engine.io/?EIO=4&transport=polling&t=Pm3x1")).containsExactly(
                Map.entry("EIO", "4"), Map.entry("transport", "polling"), Map.entry("t", "Pm3x1"));
    }

    @Test
    void repeatedNameKeepsItsFirstPlaceAndItsLastValue() {
        assertThat(q("/?a=1&b=x&a=2")).containsExactly(Map.entry("a", "2"), Map.entry("b", "x"));
    }

    @Test
    void plusIsASpaceInNamesAndValues() {
        assertThat(q("/?a+b=c+d")).containsExactly(Map.entry("a b", "c d"));
    }

    @Test
    void percentEscapesAreDecodedAsUtf8() {
        assertThat(q("/?a=%20%2B%26%3D&%C3%A9t%C3%A9=%E2%82%AC%F0%9F%98%80")).containsExactly(
                Map.entry("a", " +&="), Map.entry("\u00e9t\u00e9", "\u20ac\uD83D\uDE00"));
    }

    @Test
    void lowerCaseEscapesAreDecodedToo() {
        assertThat(q("/?a=%c3%a9")).containsExactly(Map.entry("a", "\u00e9"));
    }

    @Test
    void malformedEscapesStayAsWrittenAndTheRestIsStillDecoded() {
        assertThat(q("/?a=%zz")).containsExactly(Map.entry("a", "%zz"));
        assertThat(q("/?a=%41%zz+x")).containsExactly(Map.entry("a", "A%zz x"));
        assertThat(q("/?a=100%")).containsExactly(Map.entry("a", "100%"));
        assertThat(q("/?a=%4")).containsExactly(Map.entry("a", "%4"));
        assertThat(q("/?a=%%41")).containsExactly(Map.entry("a", "%A"));
        assertThat(q("/?%zz=1")).containsExactly(Map.entry("%zz", "1"));
        // Only ASCII hex digits make an escape.
        assertThat(q("/?a=%\u0664\u0661")).containsExactly(Map.entry("a", "%\u0664\u0661"));
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        assertThat(q("/?a=%FF")).containsExactly(Map.entry("a", "\uFFFD"));
        assertThat(q("/?a=x%C3")).containsExactly(Map.entry("a", "x\uFFFD"));
    }

    @Test
    void rawNonAsciiCharactersAreKept() {
        assertThat(q("/?a=\u00e9%C3%A9")).containsExactly(Map.entry("a", "\u00e9\u00e9"));
    }

    @Test
    void pairsWithoutValueOrNameAreKept() {
        assertThat(q("/?flag&=x&a=b=c")).containsExactly(Map.entry("flag", ""), Map.entry("", "x"),
                Map.entry("a", "b=c"));
    }

    @Test
    void emptyPairsAreSkipped() {
        assertThat(q("/?&&a=1&&")).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void noQueryGivesNoParameters() {
        assertThat(q("/engine.io/")).isEmpty();
        assertThat(q("/engine.io/?")).isEmpty();
    }

    @Test
    void fragmentIsNotPartOfTheQuery() {
        assertThat(q("/?a=1#b=2")).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void onlyTheFirstQuestionMarkStartsTheQuery() {
        assertThat(q("/?a=?b")).containsExactly(Map.entry("a", "?b"));
    }

    @Test
    void headersAreLookedUpCaseInsensitively() {
        Map<String, String> headers = new HashMap<>();
        headers.put("user-agent", "x");
        RequestInfo r = new RequestInfo("GET", "/?a=1", q("/?a=1"), headers, "10.0.0.1", true, 42L);
        assertThat(r.header("User-Agent")).isEqualTo("x");
        assertThat(r.header("missing")).isNull();
        assertThat(r.queryParam("a")).isEqualTo("1");
        assertThat(r.queryParam("b")).isNull();
    }

    @Test
    void mapsAreCopiedAndUnmodifiable() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("a", "1");
        RequestInfo r = new RequestInfo("GET", "/", query, Map.of(), "10.0.0.1", false, 0L);
        query.put("b", "2");
        assertThat(r.query()).containsOnlyKeys("a");
        assertThatThrownBy(() -> r.query().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.headers().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
    }
}
