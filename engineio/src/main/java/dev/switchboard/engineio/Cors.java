package dev.switchboard.engineio;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Cross-origin resource sharing for the Engine.IO endpoint, with the options, defaults, header
 * names and header order of the npm {@code cors} package (2.8) that Node's engine.io installs as
 * its first middleware. Off unless configured: {@link EngineIoOptions#cors()} is {@code null} by
 * default.
 *
 * <pre>{@code
 * Cors any = Cors.allowOrigin("*");
 * Cors app = Cors.builder()
 *         .origins("https://app.example.com", "https://admin.example.com")
 *         .credentials(true)
 *         .build();
 * }</pre>
 *
 * <p>The {@code origin} option takes one of these forms, each chosen with a builder method:
 * <ul>
 *   <li>{@code "*"} (the default): {@code Access-Control-Allow-Origin: *}, whatever the request.
 *   <li>any other string: that string as {@code Access-Control-Allow-Origin}, whatever the
 *       request's {@code Origin}, plus {@code Vary: Origin}. The browser does the comparison.
 *   <li>{@code true}: the request's {@code Origin} reflected, plus {@code Vary: Origin}.
 *   <li>a {@link Pattern}, a list of exact strings and patterns: the request's {@code Origin}
 *       reflected when it matches; otherwise no {@code Access-Control-Allow-Origin}. Either way
 *       {@code Vary: Origin}.
 *   <li>a {@link Predicate}: asked per request; {@code true} acts as {@code origin: true}, and
 *       {@code false} leaves the response without any CORS header (a preflight then goes on to
 *       the Engine.IO checks, as the package calls {@code next()}).
 *   <li>{@code false}: CORS headers are never written, the same as a predicate that always
 *       answers {@code false}.
 * </ul>
 *
 * <p>A non-matching origin never refuses a request: the request is processed and the browser,
 * seeing no {@code Access-Control-Allow-Origin}, hides the response from the page.
 *
 * <p>Instances are immutable and thread-safe (so long as a configured predicate is).
 */
public final class Cors {

    /** The {@code methods} default of the package. */
    public static final String DEFAULT_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

    private static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    private static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    private static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    private static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    private static final String MAX_AGE = "Access-Control-Max-Age";
    private static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    private static final String REQUEST_HEADERS = "Access-Control-Request-Headers";

    private final OriginRule origin;
    private final String methods;
    private final String allowedHeaders;
    private final String exposedHeaders;
    private final boolean credentials;
    private final Duration maxAge;
    private final boolean preflightContinue;
    private final int optionsSuccessStatus;

    private Cors(Builder b) {
        this.origin = b.origin;
        this.methods = b.methods;
        this.allowedHeaders = b.allowedHeaders;
        this.exposedHeaders = b.exposedHeaders;
        this.credentials = b.credentials;
        this.maxAge = b.maxAge;
        this.preflightContinue = b.preflightContinue;
        this.optionsSuccessStatus = b.optionsSuccessStatus;
    }

    /**
     * A policy that allows the given origin with the package's defaults for everything else:
     * {@code "*"} for any origin, otherwise that exact value written as
     * {@code Access-Control-Allow-Origin} (see {@link Builder#origin(String)}).
     *
     * @param origin the allowed origin, or {@code "*"}
     * @return the policy
     */
    public static Cors allowOrigin(String origin) {
        return builder().origin(origin).build();
    }

    /** {@return a builder with the package's defaults, the same as {@code cors({})}: any origin} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this policy} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Adds the headers of an actual (non-preflight) request to a response, in the package's
     * order: {@code Access-Control-Allow-Origin}, {@code Vary},
     * {@code Access-Control-Allow-Credentials}, {@code Access-Control-Expose-Headers}.
     * {@code Vary} is merged into an existing {@code Vary} header as the {@code vary} package does.
     *
     * @param request the request
     * @param response the response headers to add to
     * @throws RuntimeException whatever an origin predicate throws; engine.io answers such a
     *     failure as a middleware error
     */
    public void applyTo(RequestInfo request, Headers response) {
        OriginRule rule = origin.resolve(request.header("origin"));
        if (rule instanceof Off) {
            return;
        }
        applyOrigin(rule, request, response);
        applyCredentials(response);
        applyExposedHeaders(response);
    }

    /**
     * Adds the headers of a preflight ({@code OPTIONS}) response, in the package's order:
     * {@code Access-Control-Allow-Origin}, {@code Vary}, {@code Access-Control-Allow-Credentials},
     * {@code Access-Control-Allow-Methods}, {@code Access-Control-Allow-Headers},
     * {@code Access-Control-Max-Age}, {@code Access-Control-Expose-Headers}; and, when the
     * preflight is answered here, {@code Content-Length: 0}, which Safari needs on a 204.
     *
     * <p>The caller chooses this method for requests whose method is {@code OPTIONS}, and
     * {@link #applyTo} for every other request.
     *
     * @param request the {@code OPTIONS} request
     * @param response the response headers to add to
     * @return true when the caller must now end the response with status
     *     {@link #optionsSuccessStatus()} and no body; false when the request goes on to the
     *     Engine.IO checks like any other, because {@link #preflightContinue()} is set or the
     *     origin option turned CORS off for this request
     * @throws RuntimeException whatever an origin predicate throws
     */
    public boolean applyPreflight(RequestInfo request, Headers response) {
        OriginRule rule = origin.resolve(request.header("origin"));
        if (rule instanceof Off) {
            return false;
        }
        applyOrigin(rule, request, response);
        applyCredentials(response);
        if (!methods.isEmpty()) {
            response.set(ALLOW_METHODS, methods);
        }
        String allowed = allowedHeaders;
        if (allowed == null) {
            // Without a configured list the package echoes what the browser asked for, so the
            // answer depends on that request header and caches must know it.
            allowed = request.header(REQUEST_HEADERS);
            Vary.add(response, REQUEST_HEADERS);
        }
        if (allowed != null && !allowed.isEmpty()) {
            response.set(ALLOW_HEADERS, allowed);
        }
        if (maxAge != null) {
            response.set(MAX_AGE, Long.toString(maxAge.getSeconds()));
        }
        applyExposedHeaders(response);
        if (preflightContinue) {
            return false;
        }
        response.set("Content-Length", "0");
        return true;
    }

    /** {@return the status of a preflight answered by {@link #applyPreflight} (default 204)} */
    public int optionsSuccessStatus() {
        return optionsSuccessStatus;
    }

    /**
     * {@return whether a preflight goes on to the Engine.IO checks after its CORS headers are added,
     * instead of being answered with {@link #optionsSuccessStatus()} (default false)}
     */
    public boolean preflightContinue() {
        return preflightContinue;
    }

    /** {@return the {@code Access-Control-Allow-Methods} value of preflights (default {@value #DEFAULT_METHODS})} */
    public String methods() {
        return methods;
    }

    /**
     * {@return the {@code Access-Control-Allow-Headers} value of preflights, or {@code null} (default) to
     * reflect the request's {@code Access-Control-Request-Headers} and add
     * {@code Vary: Access-Control-Request-Headers}}
     */
    public String allowedHeaders() {
        return allowedHeaders;
    }

    /** {@return the {@code Access-Control-Expose-Headers} value, or empty (default) for none} */
    public String exposedHeaders() {
        return exposedHeaders;
    }

    /** {@return whether {@code Access-Control-Allow-Credentials: true} is sent (default false)} */
    public boolean credentials() {
        return credentials;
    }

    /** {@return the {@code Access-Control-Max-Age} of preflights, or {@code null} (default) for none} */
    public Duration maxAge() {
        return maxAge;
    }

    @Override
    public String toString() {
        return "Cors{origin=" + origin + ", methods=" + methods + ", allowedHeaders="
                + (allowedHeaders == null ? "<reflect>" : allowedHeaders) + ", exposedHeaders="
                + exposedHeaders + ", credentials=" + credentials + ", maxAge="
                + (maxAge == null ? "none" : maxAge.getSeconds() + "s") + ", preflightContinue="
                + preflightContinue + ", optionsSuccessStatus=" + optionsSuccessStatus + "}";
    }

    private static void applyOrigin(OriginRule rule, RequestInfo request, Headers response) {
        if (rule instanceof Any) {
            response.set(ALLOW_ORIGIN, "*");
            return;
        }
        if (rule instanceof Fixed f) {
            response.set(ALLOW_ORIGIN, f.value());
        } else {
            String requestOrigin = request.header("origin");
            // The package writes the header only when its value is truthy: an allowed but
            // absent or empty Origin yields just the Vary header.
            if (requestOrigin != null && !requestOrigin.isEmpty() && rule.allows(requestOrigin)) {
                response.set(ALLOW_ORIGIN, requestOrigin);
            }
        }
        Vary.add(response, "Origin");
    }

    private void applyCredentials(Headers response) {
        if (credentials) {
            response.set(ALLOW_CREDENTIALS, "true");
        }
    }

    private void applyExposedHeaders(Headers response) {
        if (!exposedHeaders.isEmpty()) {
            response.set(EXPOSE_HEADERS, exposedHeaders);
        }
    }

    private static String join(String... parts) {
        for (String p : parts) {
            Objects.requireNonNull(p, "header list element");
        }
        return String.join(",", parts);
    }

    /** How the {@code origin} option decides the {@code Access-Control-Allow-Origin} header. */
    private sealed interface OriginRule permits Any, Fixed, Matching, Dynamic, Off {
        /** {@return the rule to apply to a request with this {@code Origin} ({@code null} when absent)} */
        default OriginRule resolve(String requestOrigin) {
            return this;
        }

        /** {@return whether a present origin is reflected; only asked of reflecting rules} */
        default boolean allows(String requestOrigin) {
            return false;
        }
    }

    /** {@code origin: "*"}. */
    private record Any() implements OriginRule {
        @Override
        public String toString() {
            return "*";
        }
    }

    /** {@code origin: "<value>"}: written as is. */
    private record Fixed(String value) implements OriginRule {
        @Override
        public String toString() {
            return value;
        }
    }

    /** {@code origin: true}, a RegExp, or an array: reflect the request's origin when it matches. */
    private record Matching(boolean all, List<String> exact, List<Pattern> patterns)
            implements OriginRule {
        @Override
        public boolean allows(String requestOrigin) {
            if (all || exact.contains(requestOrigin)) {
                return true;
            }
            for (Pattern p : patterns) {
                // RegExp.test searches; it is not anchored unless the pattern is.
                if (p.matcher(requestOrigin).find()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return all ? "<reflect>" : "[" + exact + ", " + patterns + "]";
        }
    }

    /** {@code origin: function}: decided per request. */
    private record Dynamic(Predicate<String> predicate) implements OriginRule {
        @Override
        public OriginRule resolve(String requestOrigin) {
            return predicate.test(requestOrigin) ? REFLECT : OFF;
        }

        @Override
        public String toString() {
            return "<predicate>";
        }
    }

    /** {@code origin: false}: no CORS headers at all. */
    private record Off() implements OriginRule {
        @Override
        public String toString() {
            return "<off>";
        }
    }

    private static final OriginRule ANY = new Any();
    private static final OriginRule REFLECT = new Matching(true, List.of(), List.of());
    private static final OriginRule OFF = new Off();

    /**
     * Builds a {@link Cors} policy. Each {@code origin}/{@code origins} call replaces the origin
     * option; the getters of {@link Cors} document the other defaults.
     */
    public static final class Builder {
        private OriginRule origin = ANY;
        private String methods = DEFAULT_METHODS;
        private String allowedHeaders;
        private String exposedHeaders = "";
        private boolean credentials;
        private Duration maxAge;
        private boolean preflightContinue;
        private int optionsSuccessStatus = 204;

        private Builder() {
        }

        private Builder(Cors c) {
            this.origin = c.origin;
            this.methods = c.methods;
            this.allowedHeaders = c.allowedHeaders;
            this.exposedHeaders = c.exposedHeaders;
            this.credentials = c.credentials;
            this.maxAge = c.maxAge;
            this.preflightContinue = c.preflightContinue;
            this.optionsSuccessStatus = c.optionsSuccessStatus;
        }

        /**
         * A fixed origin: {@code "*"} (the default) allows any origin; any other value is written
         * as {@code Access-Control-Allow-Origin} on every response, with {@code Vary: Origin},
         * whatever the request's {@code Origin}. To reflect only listed origins use
         * {@link #origins(String...)}.
         *
         * @param origin {@code "*"} or one origin such as {@code https://example.com}
         * @return this
         * @throws IllegalArgumentException if {@code origin} is empty
         */
        public Builder origin(String origin) {
            Objects.requireNonNull(origin, "origin");
            if (origin.isEmpty()) {
                throw new IllegalArgumentException("origin must not be empty; use origin(false) to turn CORS off");
            }
            this.origin = origin.equals("*") ? ANY : new Fixed(origin);
            return this;
        }

        /**
         * {@code true} reflects the request's {@code Origin}, whatever it is, with
         * {@code Vary: Origin}; {@code false} writes no CORS header at all.
         *
         * @param reflect whether to reflect the request's origin
         * @return this
         */
        public Builder origin(boolean reflect) {
            this.origin = reflect ? REFLECT : OFF;
            return this;
        }

        /**
         * Reflects the request's {@code Origin} when the pattern finds a match in it (a search,
         * as JavaScript's {@code RegExp.test}: anchor the pattern with {@code ^...$} to match
         * whole origins).
         *
         * @param pattern the pattern
         * @return this
         */
        public Builder origin(Pattern pattern) {
            Objects.requireNonNull(pattern, "pattern");
            this.origin = new Matching(false, List.of(), List.of(pattern));
            return this;
        }

        /**
         * Asks the predicate for each request: {@code true} reflects the request's {@code Origin}
         * with {@code Vary: Origin}; {@code false} writes no CORS header at all and lets a
         * preflight go on to the Engine.IO checks. The predicate receives {@code null} when the
         * request has no {@code Origin} header, and runs on the thread that handles the request.
         *
         * @param predicate decides whether the origin is allowed
         * @return this
         */
        public Builder origin(Predicate<String> predicate) {
            Objects.requireNonNull(predicate, "predicate");
            this.origin = new Dynamic(predicate);
            return this;
        }

        /**
         * Reflects the request's {@code Origin} when it equals (case-sensitively) one of these.
         *
         * @param origins the allowed origins
         * @return this
         */
        public Builder origins(String... origins) {
            return origins(List.of(origins), List.of());
        }

        /**
         * Reflects the request's {@code Origin} when it equals one of {@code exact} or one of
         * {@code patterns} finds a match in it: the JavaScript array form, such as
         * {@code ["https://example.com", /\.example\.com$/]}.
         *
         * @param exact origins compared case-sensitively
         * @param patterns patterns searched as {@code RegExp.test} does
         * @return this
         */
        public Builder origins(Collection<String> exact, Collection<Pattern> patterns) {
            this.origin = new Matching(false, List.copyOf(exact), List.copyOf(patterns));
            return this;
        }

        /**
         * The methods allowed by preflights, joined with {@code ","}; none writes no
         * {@code Access-Control-Allow-Methods}.
         *
         * @param methods the methods, e.g. {@code "GET", "POST"}, or one comma-separated string
         * @return this
         */
        public Builder methods(String... methods) {
            this.methods = join(methods);
            return this;
        }

        /**
         * The request headers allowed by preflights, joined with {@code ","}; none writes no
         * {@code Access-Control-Allow-Headers}. Replaces the default, which reflects the
         * request's {@code Access-Control-Request-Headers}.
         *
         * @param headers the header names
         * @return this
         */
        public Builder allowedHeaders(String... headers) {
            this.allowedHeaders = join(headers);
            return this;
        }

        /**
         * Restores the default of {@link #allowedHeaders(String...)}: reflect the request's
         * {@code Access-Control-Request-Headers} and add {@code Vary: Access-Control-Request-Headers}.
         *
         * @return this
         */
        public Builder reflectAllowedHeaders() {
            this.allowedHeaders = null;
            return this;
        }

        /**
         * The response headers the page may read, joined with {@code ","}; none (the default)
         * writes no {@code Access-Control-Expose-Headers}.
         *
         * @param headers the header names
         * @return this
         */
        public Builder exposedHeaders(String... headers) {
            this.exposedHeaders = join(headers);
            return this;
        }

        /**
         * Whether credentialed requests (cookies, HTTP authentication) may be answered.
         *
         * @param credentials whether to send {@code Access-Control-Allow-Credentials: true}; not
         *     with any origin ({@code "*"}), which {@link #build} refuses
         * @return this
         */
        public Builder credentials(boolean credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * How long browsers may cache a preflight's answer, written in whole seconds (a fraction
         * is dropped); {@code null} (the default) writes no {@code Access-Control-Max-Age}.
         *
         * @param maxAge the duration, zero or more, or {@code null}
         * @return this
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge != null && maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Whether preflights go on to the Engine.IO checks instead of being answered.
         *
         * @param preflightContinue see {@link Cors#preflightContinue()}
         * @return this
         */
        public Builder preflightContinue(boolean preflightContinue) {
            this.preflightContinue = preflightContinue;
            return this;
        }

        /**
         * The status of answered preflights.
         *
         * @param status see {@link Cors#optionsSuccessStatus()}; 200 suits some legacy browsers
         * @return this
         * @throws IllegalArgumentException if {@code status} is not between 100 and 599
         */
        public Builder optionsSuccessStatus(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("optionsSuccessStatus out of range: " + status);
            }
            this.optionsSuccessStatus = status;
            return this;
        }

        /**
         * {@return the policy}
         *
         * @throws IllegalStateException for {@code credentials(true)} with any origin ({@code "*"},
         *     the default): browsers refuse a credentialed response whose
         *     {@code Access-Control-Allow-Origin} is {@code *}, so the policy could never work
         */
        public Cors build() {
            if (credentials && origin instanceof Any) {
                throw new IllegalStateException("credentials(true) with origin \"*\": browsers refuse a credentialed"
                        + " response whose Access-Control-Allow-Origin is *. Name the allowed origins"
                        + " (origins(\"https://app.example.com\")), match them (origin(Pattern)), or reflect the"
                        + " request's origin (origin(true)).");
            }
            return new Cors(this);
        }
    }
}
