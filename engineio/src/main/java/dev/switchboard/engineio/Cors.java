package dev.switchboard.engineio;

/**
 * Cross-origin resource sharing for the Engine.IO endpoint, with the options and defaults of the
 * npm {@code cors} package that Node's engine.io uses. Off unless configured.
 * (Skeleton: the implementation is being written.)
 */
public final class Cors {

    private Cors() {
    }

    /**
     * A policy that allows the given origin ({@code "*"} for any) with the package's defaults.
     *
     * @param origin the allowed origin
     * @return the policy
     */
    public static Cors allowOrigin(String origin) {
        return new Cors();
    }

    /**
     * Adds the headers of an actual (non-preflight) request to a response.
     *
     * @param request the request
     * @param response the response headers to add to
     */
    public void applyTo(RequestInfo request, Headers response) {
    }

    /**
     * Adds the headers of a preflight response.
     *
     * @param request the {@code OPTIONS} request
     * @param response the response headers to add to
     */
    public void applyPreflight(RequestInfo request, Headers response) {
    }

    /** The status of a preflight response (default 204). */
    public int optionsSuccessStatus() {
        return 204;
    }

    /** Whether a preflight goes on to the Engine.IO checks instead of being answered (default false). */
    public boolean preflightContinue() {
        return false;
    }
}
