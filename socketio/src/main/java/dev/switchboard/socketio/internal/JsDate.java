package dev.switchboard.socketio.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates written as JavaScript's {@code String(new Date())} writes them. */
public final class JsDate {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx (zzzz)", Locale.US);

    private JsDate() {
    }

    /**
     * The JavaScript {@code Date.prototype.toString()} form of an instant, in the system time zone,
     * e.g. {@code "Tue Nov 25 2025 10:00:00 GMT+0000 (Coordinated Universal Time)"}.
     *
     * @param epochMillis milliseconds since the epoch
     * @param zone the time zone
     * @return the text
     */
    public static String toString(long epochMillis, ZoneId zone) {
        // Offset-only zones have no name; JavaScript names UTC in full.
        ZoneId named = ZoneOffset.UTC.equals(zone) ? ZoneId.of("UTC") : zone;
        return FORMAT.format(Instant.ofEpochMilli(epochMillis).atZone(named));
    }
}
