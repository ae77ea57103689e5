package dev.switchboard.socketio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JsDateTest {

    @Test
    void writesDatesAsJavaScriptsDateToString() {
        assertThat(JsDate.toString(1_700_000_000_000L, ZoneId.of("UTC")))
                .isEqualTo("Tue Nov 14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)");
        assertThat(JsDate.toString(1_700_000_000_000L, ZoneId.of("Europe/Paris")))
                .isEqualTo("Tue Nov 14 2023 23:13:20 GMT+0100 (Central European Standard Time)");
        // A bare offset zone is named as JavaScript names UTC.
        assertThat(JsDate.toString(1_700_000_000_000L, ZoneOffset.UTC))
                .isEqualTo("Tue Nov 14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)");
    }
}
