package dev.switchboard.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are what Node 20 prints for the same doubles ({@code String(x)}). */
class JsNumbersTest {

    private static String js(double d) {
        StringBuilder out = new StringBuilder();
        JsNumbers.appendJson(out, d);
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0                       | 0",
        "-0.0                    | 0",
        "1                       | 1",
        "-1                      | -1",
        "1.5                     | 1.5",
        "0.1                     | 0.1",
        "0.30000000000000004     | 0.30000000000000004",
        "100                     | 100",
        "1e20                    | 100000000000000000000",
        "1e21                    | 1e+21",
        "1.5e21                  | 1.5e+21",
        "123e-20                 | 1.23e-18",
        "1e-6                    | 0.000001",
        "1e-7                    | 1e-7",
        "1.5e-7                  | 1.5e-7",
        "-1e-7                   | -1e-7",
        "0.000001234             | 0.000001234",
        "9.5e-5                  | 0.000095",
        "9007199254740992        | 9007199254740992",
        "9007199254740994        | 9007199254740994",
        "1152921504606846976     | 1152921504606847000",
        "9223372036854775808     | 9223372036854776000",
        "18446744073709551616    | 18446744073709552000",
        "1.7976931348623157e308  | 1.7976931348623157e+308",
        "2.2250738585072014e-308 | 2.2250738585072014e-308",
        "123456789012345680000   | 123456789012345680000",
        "0.3333333333333333      | 0.3333333333333333",
        "4.35                    | 4.35",
        "1e300                   | 1e+300",
    })
    void printsNumbersAsJavaScriptDoes(double value, String expected) {
        assertThat(js(value)).isEqualTo(expected);
    }

    @Test
    void printsTheSingleDigitJavaScriptChoosesWhereJavaWouldPrintTwo() {
        // Java's Double.toString gives 4.9E-324, 9.9E-324 and 1.5E-323 here.
        assertThat(js(Double.MIN_VALUE)).isEqualTo("5e-324");
        assertThat(js(2 * Double.MIN_VALUE)).isEqualTo("1e-323");
        assertThat(js(3 * Double.MIN_VALUE)).isEqualTo("1.5e-323");
    }

    @Test
    void writesNonFiniteNumbersAsNullLikeJsonStringify() {
        assertThat(js(Double.NaN)).isEqualTo("null");
        assertThat(js(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(js(Double.NEGATIVE_INFINITY)).isEqualTo("null");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "' 1 '      | 1",
        "0x1A       | 26",
        "0X1a       | 26",
        "0o17       | 15",
        "0b101      | 5",
        "1e3        | 1000",
        ".5         | 0.5",
        "5.         | 5",
        "+1         | 1",
        "-1         | -1",
        "00012      | 12",
        "1.5e-2     | 0.015",
        "Infinity   | Infinity",
        "-Infinity  | -Infinity",
    })
    void readsNumericStringsAsJavaScriptNumberDoes(String text, double expected) {
        assertThat(JsNumbers.stringToNumber(text)).isEqualTo(expected);
    }

    @Test
    void readsEmptyAndBlankStringsAsZero() {
        assertThat(JsNumbers.stringToNumber("")).isZero();
        assertThat(JsNumbers.stringToNumber(" \t\n")).isZero();
        assertThat(JsNumbers.stringToNumber("\u00a01\u2028")).isEqualTo(1);
        assertThat(JsNumbers.stringToNumber("\ufeff7")).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource({"-0x1", "infinity", "1_0", "1 1", "0x", "1e", "e1", ".", "+", "0xg", "1d", "1f", "NaN", "0x１", "١"})
    void readsNonNumericStringsAsNaN(String text) {
        assertThat(JsNumbers.stringToNumber(text)).isNaN();
    }

    @Test
    void readsHugeHexLiteralsAsInfinityWithoutParsingThemWhole() {
        assertThat(JsNumbers.stringToNumber("0x" + "f".repeat(1_000_000))).isInfinite();
        assertThat(JsNumbers.stringToNumber("0x" + "0".repeat(1_000_000) + "a")).isEqualTo(10);
    }

    @Test
    void knowsJavaScriptWhitespace() {
        assertThat("\t\n\u000b\f\r \u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff".chars())
                .allMatch(c -> JsNumbers.isWhitespace((char) c.intValue()));
        // U+180E stopped being a space separator in Unicode 6.3; U+200B never was one.
        assertThat("a0\u180e\u200b\u0085".chars())
                .noneMatch(c -> JsNumbers.isWhitespace((char) c.intValue()));
    }
}
