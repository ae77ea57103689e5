package dev.switchboard.engineio;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * An {@link AllowRequest} that lets handshakes in only from pages of the origins listed: the guard
 * against cross-site WebSocket hijacking. CORS does not protect a WebSocket (browsers open one to
 * any site, sending the user's cookies, and leave it to the server to check {@code Origin}), nor a
 * polling request's side effects; this check refuses a handshake that a page of another site
 * makes, whatever the transport, with {@code 403 {"code":4,"message":"Origin not allowed"}}.
 *
 * <p>A request without {@code Origin} does not come from a browser page (browsers send it with
 * every WebSocket handshake and cross-origin request), so it cannot be a hijack and is let in,
 * unless {@link #requireOrigin()} is set. Origins are compared as browsers write them, scheme, host
 * and port ({@code https://example.com}, {@code http://localhost:3000}), without case.
 *
 * <pre>{@code
 * EngineIoOptions options = EngineIoOptions.builder()
 *         .allowRequest(Origins.allow("https://example.com").then(myTokenCheck))
 *         .build();
 * }</pre>
 */
public final class Origins implements AllowRequest {

    private static final CompletionStage<Verdict> ALLOWED = CompletableFuture.completedFuture(Verdict.allow());
    private static final CompletionStage<Verdict> REFUSED =
            CompletableFuture.completedFuture(Verdict.deny("Origin not allowed"));

    private final Set<String> allowed;
    private final boolean requireOrigin;
    private final AllowRequest next;

    private Origins(Set<String> allowed, boolean requireOrigin, AllowRequest next) {
        this.allowed = allowed;
        this.requireOrigin = requireOrigin;
        this.next = next;
    }

    /**
     * Lets handshakes in from these origins only (and from clients that send no {@code Origin}).
     *
     * @param origins origins as {@code scheme://host[:port]}, e.g. {@code "https://example.com"}
     * @return the check
     * @throws IllegalArgumentException when an origin is not of that form (a path, a trailing slash)
     */
    public static Origins allow(String... origins) {
        return allow(List.of(origins));
    }

    /**
     * Lets handshakes in from these origins only (and from clients that send no {@code Origin}).
     *
     * @param origins origins as {@code scheme://host[:port]}
     * @return the check
     */
    public static Origins allow(Collection<String> origins) {
        Set<String> set = origins.stream().map(Origins::checked).collect(Collectors.toUnmodifiableSet());
        return new Origins(set, false, null);
    }

    private static String checked(String origin) {
        Objects.requireNonNull(origin, "origin");
        int scheme = origin.indexOf("://");
        if (scheme <= 0 || origin.indexOf('/', scheme + 3) >= 0 || scheme + 3 == origin.length()) {
            throw new IllegalArgumentException("an origin is scheme://host[:port], with no path nor trailing slash: "
                    + origin);
        }
        return origin.toLowerCase(Locale.ROOT);
    }

    /**
     * The same check, refusing also handshakes without {@code Origin}: for a server that only
     * browsers of the listed sites may use.
     *
     * @return a new check
     */
    public Origins requireOrigin() {
        return new Origins(allowed, true, next);
    }

    /**
     * The same check, then {@code next} for the handshakes it lets in (a token check, say).
     *
     * @param next the check that decides on the handshakes of allowed origins
     * @return a new check
     */
    public Origins then(AllowRequest next) {
        return new Origins(allowed, requireOrigin, Objects.requireNonNull(next, "next"));
    }

    /**
     * {@return whether a handshake with this {@code Origin} header passes the origin check}
     *
     * @param origin the header's value, {@code null} when absent
     */
    public boolean allows(String origin) {
        if (origin == null) {
            return !requireOrigin;
        }
        return allowed.contains(origin.toLowerCase(Locale.ROOT));
    }

    @Override
    public CompletionStage<Verdict> check(RequestInfo request) {
        if (!allows(request.header("origin"))) {
            return REFUSED;
        }
        return next == null ? ALLOWED : next.check(request);
    }

    @Override
    public String toString() {
        return "Origins" + allowed + (requireOrigin ? " (Origin required)" : "");
    }
}
