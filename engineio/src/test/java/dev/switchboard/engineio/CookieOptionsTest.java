package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected values are what engine.io writes through the npm {@code cookie} 0.7 package. */
class CookieOptionsTest {

    private static final String SID = "lv_VI97HAXpY6yYWAAAC";

    @Test
    void defaultsAreTheReferencesCookieTrue() {
        assertThat(CookieOptions.DEFAULT)
                .isEqualTo(new CookieOptions("io", "/", true, "Lax", false, -1, null));
        assertThat(CookieOptions.DEFAULT.headerValue(SID))
                .isEqualTo("io=lv_VI97HAXpY6yYWAAAC; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void namedKeepsTheOtherDefaults() {
        assertThat(CookieOptions.named("sticky").headerValue(SID))
                .isEqualTo("sticky=lv_VI97HAXpY6yYWAAAC; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void omitsPathHttpOnlyAndSameSiteWhenOff() {
        assertThat(new CookieOptions("io", null, false, null, false, -1, null).headerValue(SID))
                .isEqualTo("io=lv_VI97HAXpY6yYWAAAC");
    }

    @Test
    void writesEveryAttributeInTheCookiePackagesOrder() {
        assertThat(new CookieOptions("io", "/app", true, "None", true, 3600, "example.com").headerValue(SID))
                .isEqualTo("io=lv_VI97HAXpY6yYWAAAC; Max-Age=3600; Domain=example.com; Path=/app; HttpOnly; "
                        + "Secure; SameSite=None");
    }

    @Test
    void writesZeroMaxAge() {
        assertThat(new CookieOptions("io", null, false, null, false, 0, null).headerValue(SID))
                .isEqualTo("io=lv_VI97HAXpY6yYWAAAC; Max-Age=0");
    }

    @Test
    void acceptsSameSiteInAnyCaseAndWritesItCapitalised() {
        assertThat(new CookieOptions("io", "/", true, "lax", false, -1, null).sameSite()).isEqualTo("Lax");
        assertThat(new CookieOptions("io", "/", true, "STRICT", false, -1, null).headerValue(SID))
                .isEqualTo("io=lv_VI97HAXpY6yYWAAAC; Path=/; HttpOnly; SameSite=Strict");
        assertThat(new CookieOptions("io", "/", true, "none", false, -1, null).sameSite()).isEqualTo("None");
    }

    @Test
    void encodesTheValueAsEncodeUriComponent() {
        assertThat(new CookieOptions("io", null, false, null, false, -1, null).headerValue("a b/é😀-_.!~*'()"))
                .isEqualTo("io=a%20b%2F%C3%A9%F0%9F%98%80-_.!~*'()");
    }

    @Test
    void refusesInvalidOptions() {
        assertThatThrownBy(() -> new CookieOptions("io", "/", true, "sometimes", false, -1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sameSite");
        assertThatThrownBy(() -> CookieOptions.named("bad name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cookie name");
        assertThatThrownBy(() -> CookieOptions.named("a;b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieOptions.named("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CookieOptions.named(null)).isInstanceOf(NullPointerException.class);
    }
}
