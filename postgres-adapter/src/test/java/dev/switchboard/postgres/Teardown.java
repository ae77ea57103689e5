package dev.switchboard.postgres;

/** Stops what a test class started, in order, skipping what never started (a failed start). */
final class Teardown {

    private Teardown() {
    }

    /**
     * Closes each resource that is not {@code null}, in the order given: what depends on another
     * (servers on Redis, nginx on the servers) comes first. A failing close stops the rest, as the
     * same closes written one after the other would.
     *
     * @param resources the resources, {@code null} for one that was never started
     */
    static void closeInOrder(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing " + r + " failed", e);
            }
        }
    }
}
