package dev.switchboard.engineio;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether a handshake may open a session: the {@code allowRequest} option. Called for
 * handshake requests only (polling or direct WebSocket), never for upgrades or later polls.
 */
@FunctionalInterface
public interface AllowRequest {

    /**
     * Decides on a handshake. May complete later, on any thread; the request waits.
     *
     * @param request the handshake request
     * @return the verdict; a stage that fails counts as a denial with its exception's message
     */
    CompletionStage<Verdict> check(RequestInfo request);

    /**
     * The answer of {@link AllowRequest}.
     *
     * @param allowed whether the session may open
     * @param message for a denial, the message of the 403 body; {@code null} for {@code Forbidden}
     */
    record Verdict(boolean allowed, String message) {
        private static final Verdict ALLOW = new Verdict(true, null);
        private static final Verdict DENY = new Verdict(false, null);

        /**
         * Lets the handshake proceed.
         *
         * @return the verdict
         */
        public static Verdict allow() {
            return ALLOW;
        }

        /**
         * Refuses the handshake with {@code 403 {"code":4,"message":"Forbidden"}}.
         *
         * @return the verdict
         */
        public static Verdict deny() {
            return DENY;
        }

        /**
         * Refuses the handshake with a custom message in the 403 body.
         *
         * @param message the message
         * @return the verdict
         */
        public static Verdict deny(String message) {
            return new Verdict(false, message);
        }
    }
}
