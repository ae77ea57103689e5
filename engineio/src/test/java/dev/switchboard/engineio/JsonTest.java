package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected literals are what Node's {@code JSON.stringify} returns for the same strings. */
class JsonTest {

    @Test
    void quotesPlainText() {
        assertThat(Json.quote("hello")).isEqualTo("\"hello\"");
        assertThat(Json.quote("")).isEqualTo("\"\"");
    }

    @Test
    void escapesQuoteAndBackslash() {
        assertThat(Json.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void usesShortEscapesForTheFiveNamedControls() {
        assertThat(Json.quote("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
    }

    @Test
    void escapesOtherControlsAsLowerCaseUnicodeEscapes() {
        assertThat(Json.quote("\u0000\u0001\u000b\u001e\u001f")).isEqualTo("\"\\u0000\\u0001\\u000b\\u001e\\u001f\"");
    }

    @Test
    void leavesDeleteAndLineSeparatorsRaw() {
        assertThat(Json.quote("\u007f\u2028\u2029")).isEqualTo("\"\u007f\u2028\u2029\"");
    }

    @Test
    void escapesLoneSurrogatesInLowerCase() {
        assertThat(Json.quote("\ud800")).isEqualTo("\"\\ud800\"");
        assertThat(Json.quote("x\udc00y")).isEqualTo("\"x\\udc00y\"");
        assertThat(Json.quote("\ude00\ud83d")).isEqualTo("\"\\ude00\\ud83d\"");
        assertThat(Json.quote("\udbff\ud83d\ude00")).isEqualTo("\"\\udbff\ud83d\ude00\"");
        assertThat(Json.quote("\ud83d\ude00\ude00")).isEqualTo("\"\ud83d\ude00\\ude00\"");
    }

    @Test
    void keepsPairedSurrogatesAndOtherNonAsciiRaw() {
        assertThat(Json.quote("😀 é€日本")).isEqualTo("\"😀 é€日本\"");
    }

    @Test
    void doesNotEscapeSlash() {
        assertThat(Json.quote("a/b</script>")).isEqualTo("\"a/b</script>\"");
    }
}
