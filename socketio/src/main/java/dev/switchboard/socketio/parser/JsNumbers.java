package dev.switchboard.socketio.parser;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * JavaScript's number semantics where the wire depends on them: {@code Number(string)} (the
 * reference decoder reads attachment counts and ack ids with it) and {@code Number.prototype.toString}
 * (what {@code JSON.stringify} writes). Every JavaScript number is an IEEE double, so this class
 * works on doubles only.
 */
final class JsNumbers {

    /** 2<sup>53</sup>: below it every integer is a double and prints as its plain digits. */
    static final double TWO_POW_53 = 9007199254740992d;

    private JsNumbers() {
    }

    /**
     * Whether {@code c} is a {@code StrWhiteSpaceChar} of ECMAScript: the characters
     * {@code Number(" 1 ")} trims, and the single characters {@code Number(c)} turns into 0.
     *
     * @param c a UTF-16 code unit
     * @return whether it is JavaScript white space or a line terminator
     */
    static boolean isWhitespace(char c) {
        switch (c) {
            case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ':
            case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
            case 0x3000: case 0xFEFF:
                return true;
            default:
                return c >= 0x2000 && c <= 0x200A;
        }
    }

    /**
     * JavaScript's {@code Number(s)} for a string: surrounding white space ignored, the empty
     * string is 0, decimal literals with optional sign, fraction and exponent, {@code Infinity},
     * and unsigned {@code 0x}/{@code 0o}/{@code 0b} integers; anything else is NaN.
     *
     * @param s the text
     * @return the number, NaN when the text is not a numeric literal
     */
    static double stringToNumber(CharSequence s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return 0;
        }
        if (end - start > 2 && s.charAt(start) == '0') {
            int radix = switch (s.charAt(start + 1)) {
                case 'x', 'X' -> 16;
                case 'o', 'O' -> 8;
                case 'b', 'B' -> 2;
                default -> 0;
            };
            if (radix != 0) {
                return nonDecimal(s, start + 2, end, radix);
            }
        }
        return decimal(s, start, end);
    }

    private static double nonDecimal(CharSequence s, int start, int end, int radix) {
        int first = start;
        for (int i = start; i < end; i++) {
            if (Character.digit(s.charAt(i), radix) < 0 || s.charAt(i) > 'z') {
                return Double.NaN;
            }
        }
        while (first < end && s.charAt(first) == '0') {
            first++;
        }
        int bitsPerDigit = radix == 16 ? 4 : radix == 8 ? 3 : 1;
        // Past 1025 significant bits the value overflows to Infinity whatever the digits are; this
        // also keeps a hostile run of digits from costing a quadratic BigInteger parse.
        if ((long) (end - first) * bitsPerDigit > 1100) {
            return Double.POSITIVE_INFINITY;
        }
        if (first == end) {
            return 0;
        }
        return new BigInteger(s.subSequence(first, end).toString(), radix).doubleValue();
    }

    private static double decimal(CharSequence s, int start, int end) {
        int i = start;
        char sign = s.charAt(i);
        if (sign == '+' || sign == '-') {
            i++;
        }
        if (end - i == 8 && "Infinity".contentEquals(s.subSequence(i, end))) {
            return sign == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int intDigits = 0;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
            intDigits++;
        }
        int fractionDigits = 0;
        if (i < end && s.charAt(i) == '.') {
            i++;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                fractionDigits++;
            }
        }
        if (intDigits + fractionDigits == 0) {
            return Double.NaN;
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
        }
        if (i != end) {
            return Double.NaN;
        }
        // The grammar checked above is a subset of what Java accepts, and both round correctly.
        return Double.parseDouble(s.subSequence(start, end).toString());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Appends {@code d} as {@code JSON.stringify} writes a number: NaN and the infinities as
     * {@code null}, otherwise as {@link #appendNumber}.
     *
     * @param out where to write
     * @param d the number
     */
    static void appendJson(StringBuilder out, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else {
            appendNumber(out, d);
        }
    }

    /**
     * Appends a finite {@code d} as JavaScript's {@code String(d)}: the shortest digits that read
     * back as {@code d} (the closest of them on a tie), plain notation from 1e-6 up to below 1e21,
     * exponent notation ({@code 1e+21}, {@code 1.5e-7}) outside, and {@code -0} as {@code 0}.
     *
     * @param out where to write
     * @param d a finite number
     */
    static void appendNumber(StringBuilder out, double d) {
        if (d == 0) {
            out.append('0');
            return;
        }
        if (d < 0) {
            out.append('-');
            d = -d;
        }
        if (d < TWO_POW_53 && d == Math.rint(d)) {
            out.append((long) d);
            return;
        }
        // Schubfach gives Java's Double.toString of JDK 19+: shortest digits, except that where one
        // digit would do it may pick two that lie closer (4.9E-324 for JavaScript's 5e-324).
        // Reached through NumberOutput, which Jackson's module exports (its schubfach package it
        // does not).
        String java = NumberOutput.toString(d, true);
        int e = java.indexOf('E');
        int mantissaEnd = e < 0 ? java.length() : e;
        int exponent = e < 0 ? 0 : Integer.parseInt(java, e + 1, java.length(), 10);
        char[] digits = new char[mantissaEnd];
        int k = 0;
        int pointAt = -1;
        for (int i = 0; i < mantissaEnd; i++) {
            char c = java.charAt(i);
            if (c == '.') {
                pointAt = k;
            } else {
                digits[k++] = c;
            }
        }
        // n is where the decimal point goes: d = 0.digits * 10^n.
        int n = (pointAt < 0 ? k : pointAt) + exponent;
        int first = 0;
        while (first < k && digits[first] == '0') {
            first++;
            n--;
        }
        while (k > first && digits[k - 1] == '0') {
            k--;
        }
        String s = new String(digits, first, k - first);
        if (s.length() == 2) {
            String one = oneDigit(d, s, n);
            if (one != null) {
                s = one;
                if (one.length() == 2) {
                    // 9.x rounded up to 10: the single digit "1" one place higher.
                    s = "1";
                    n++;
                }
            }
        }
        format(out, s, n);
    }

    /**
     * The one-digit decimal JavaScript prints when Java chose two digits: of the two one-digit
     * neighbours of {@code s * 10^(n-2)} that read back as {@code d}, the closer (even on a tie).
     * Returns {@code "10"} for a round-up from 9, or {@code null} when neither reads back.
     */
    private static String oneDigit(double d, String s, int n) {
        int lead = s.charAt(0) - '0';
        boolean downOk = Double.parseDouble(lead + "E" + (n - 1)) == d;
        boolean upOk = Double.parseDouble((lead + 1) + "E" + (n - 1)) == d;
        if (!downOk && !upOk) {
            return null;
        }
        int pick;
        if (downOk && upOk) {
            BigDecimal exact = new BigDecimal(d);
            BigDecimal down = new BigDecimal(BigInteger.valueOf(lead), 1 - n);
            BigDecimal up = new BigDecimal(BigInteger.valueOf(lead + 1L), 1 - n);
            int cmp = exact.subtract(down).compareTo(up.subtract(exact));
            pick = cmp < 0 || (cmp == 0 && lead % 2 == 0) ? lead : lead + 1;
        } else {
            pick = downOk ? lead : lead + 1;
        }
        return Integer.toString(pick);
    }

    private static void format(StringBuilder out, String s, int n) {
        int k = s.length();
        if (k <= n && n <= 21) {
            out.append(s);
            for (int i = k; i < n; i++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int i = n; i < 0; i++) {
                out.append('0');
            }
            out.append(s);
        } else {
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            int exp = n - 1;
            out.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        }
    }
}
