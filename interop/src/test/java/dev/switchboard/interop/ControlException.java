package dev.switchboard.interop;

/**
 * A control API request that cannot be served; answered with its status and
 * {@code {"error": message}} so the Node test that made it fails with the reason.
 */
final class ControlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status the HTTP status to answer with
     * @param message what was wrong, for the test's failure message
     */
    ControlException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status to answer with. */
    int status() {
        return status;
    }
}
