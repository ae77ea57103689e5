package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engineio.CookieOptions;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.TransportType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads Engine.IO server options from the JSON a Node suite posts, with engine.io's option names
 * and units (milliseconds, bytes). An unknown name or a value of the wrong type is refused with a
 * 400 rather than ignored, so a typo in a suite fails loudly instead of testing the defaults.
 */
final class EngineOptionsJson {

    /** The names read by {@link #apply}; anything else in the object is refused. */
    static final Set<String> OPTION_NAMES = Set.of("path", "addTrailingSlash", "pingInterval",
            "pingTimeout", "upgradeTimeout", "maxHttpBufferSize", "maxBufferedBytes", "transports",
            "allowUpgrades", "allowEIO3", "cors", "cookie", "perMessageDeflate", "httpCompression", "initialPacket");

    private EngineOptionsJson() {
    }

    /**
     * Options from a JSON object.
     *
     * @param json the options; may also hold the names in {@code extraNames}, which are skipped
     * @param extraNames names the caller reads itself (e.g. a fixture's {@code echo} flag)
     * @return the options, engine.io's defaults for what is absent
     * @throws ControlException 400 for an unknown name or a bad value
     */
    static EngineIoOptions parse(JsonNode json, Set<String> extraNames) {
        EngineIoOptions.Builder b = EngineIoOptions.builder();
        if (json == null || json.isNull() || json.isMissingNode()) {
            return b.build();
        }
        if (!json.isObject()) {
            throw new ControlException(400, "options must be a JSON object, not " + json);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (extraNames.contains(e.getKey())) {
                continue;
            }
            try {
                apply(b, e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ControlException(400, "option " + e.getKey() + ": " + ex.getMessage());
            }
        }
        return b.build();
    }

    private static void apply(EngineIoOptions.Builder b, String name, JsonNode v) {
        switch (name) {
            case "path" -> b.path(text(name, v));
            case "addTrailingSlash" -> b.addTrailingSlash(bool(name, v));
            case "pingInterval" -> b.pingInterval(Duration.ofMillis(number(name, v)));
            case "pingTimeout" -> b.pingTimeout(Duration.ofMillis(number(name, v)));
            case "upgradeTimeout" -> b.upgradeTimeout(Duration.ofMillis(number(name, v)));
            case "maxHttpBufferSize" -> b.maxHttpBufferSize(number(name, v));
            case "maxBufferedBytes" -> b.maxBufferedBytes(number(name, v));
            case "transports" -> b.transports(transports(v));
            case "allowUpgrades" -> b.allowUpgrades(bool(name, v));
            case "allowEIO3" -> b.allowEIO3(bool(name, v));
            case "cors" -> b.cors(cors(v));
            case "cookie" -> b.cookie(cookie(v));
            case "perMessageDeflate" -> b.perMessageDeflate(bool(name, v));
            case "httpCompression" -> {
                if (v.isBoolean()) {
                    b.httpCompression(v.booleanValue());
                } else {
                    b.httpCompressionThreshold(Math.toIntExact(number(name, v)));
                }
            }
            case "initialPacket" -> b.initialPacket(v.isNull() ? null : text(name, v));
            default -> throw new IllegalArgumentException("unknown option (known: "
                    + String.join(", ", OPTION_NAMES.stream().sorted().toList()) + ")");
        }
    }

    private static Set<TransportType> transports(JsonNode v) {
        if (!v.isArray()) {
            throw new IllegalArgumentException("expected an array of transport names, got " + v);
        }
        Set<TransportType> set = EnumSet.noneOf(TransportType.class);
        for (JsonNode n : v) {
            TransportType t = n.isTextual() ? TransportType.fromWireName(n.textValue()) : null;
            if (t == null) {
                throw new IllegalArgumentException("unknown transport " + n);
            }
            set.add(t);
        }
        return set;
    }

    /** {@code "*"}, {@code "https://a.example"} or {@code {"origin": ...}}; null/false for none. */
    private static Cors cors(JsonNode v) {
        if (v.isNull() || (v.isBoolean() && !v.booleanValue())) {
            return null;
        }
        if (v.isTextual()) {
            return Cors.allowOrigin(v.textValue());
        }
        if (v.isObject()) {
            for (Iterator<String> it = v.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!key.equals("origin")) {
                    throw new IllegalArgumentException("only cors.origin is supported by the fixture, not " + key);
                }
            }
            JsonNode origin = v.get("origin");
            return Cors.allowOrigin(origin == null ? "*" : text("cors.origin", origin));
        }
        throw new IllegalArgumentException("expected an origin or {\"origin\": ...}, got " + v);
    }

    /** {@code true}, {@code false} or {@code {name, path, httpOnly, sameSite, secure, maxAge, domain}}. */
    private static CookieOptions cookie(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue() ? CookieOptions.DEFAULT : null;
        }
        if (v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("expected a boolean or an object, got " + v);
        }
        CookieOptions d = CookieOptions.DEFAULT;
        String name = d.name();
        String path = d.path();
        boolean httpOnly = d.httpOnly();
        String sameSite = d.sameSite();
        boolean secure = d.secure();
        long maxAge = d.maxAgeSeconds();
        String domain = d.domain();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode x = e.getValue();
            String key = "cookie." + e.getKey();
            switch (e.getKey()) {
                case "name" -> name = text(key, x);
                // engine.io's `path: false` means no Path attribute.
                case "path" -> path = x.isBoolean() && !x.booleanValue() ? null : text(key, x);
                case "httpOnly" -> httpOnly = bool(key, x);
                case "sameSite" -> sameSite = x.isBoolean() && !x.booleanValue() ? null : text(key, x);
                case "secure" -> secure = bool(key, x);
                case "maxAge" -> maxAge = number(key, x);
                case "domain" -> domain = text(key, x);
                default -> throw new IllegalArgumentException("unknown cookie option " + e.getKey());
            }
        }
        return new CookieOptions(name, path, httpOnly, sameSite, secure, maxAge, domain);
    }

    private static String text(String name, JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string, got " + v);
        }
        return v.textValue();
    }

    private static boolean bool(String name, JsonNode v) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(name + " must be a boolean, got " + v);
        }
        return v.booleanValue();
    }

    private static long number(String name, JsonNode v) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be an integer, got " + v);
        }
        return v.longValue();
    }
}
