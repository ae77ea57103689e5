package dev.switchboard.adminui;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the admin UI's sessions are kept. After a login with the password, the server sends the
 * UI a session id ({@code "session"} event), which the UI keeps in the browser and sends instead of
 * the password when it reconnects. Behind a load balancer, a store shared by the servers lets the
 * UI reconnect to any of them; {@link #inMemory()} (the default) is this server's alone.
 */
public interface SessionStore {

    /**
     * Whether a session id was saved and is still valid.
     *
     * @param sessionId the id the UI sent
     * @return true when the session exists
     */
    CompletionStage<Boolean> doesSessionExist(String sessionId);

    /**
     * Keeps a session created by a login.
     *
     * @param sessionId the new id
     */
    void saveSession(String sessionId);

    /** {@return a store in this server's memory whose sessions last a day, as the reference's Redis store} */
    static SessionStore inMemory() {
        return inMemory(Duration.ofDays(1));
    }

    /**
     * A store in this server's memory.
     *
     * @param sessionDuration how long a session stays valid after the login
     * @return the store
     */
    static SessionStore inMemory(Duration sessionDuration) {
        long ttl = sessionDuration.toMillis();
        Map<String, Long> expiries = new ConcurrentHashMap<>();
        return new SessionStore() {
            @Override
            public CompletionStage<Boolean> doesSessionExist(String sessionId) {
                Long expiry = expiries.get(sessionId);
                return CompletableFuture.completedFuture(expiry != null && expiry > System.currentTimeMillis());
            }

            @Override
            public void saveSession(String sessionId) {
                long now = System.currentTimeMillis();
                // Logins are rare: dropping the expired ones here keeps the map from growing.
                expiries.values().removeIf(expiry -> expiry <= now);
                expiries.put(sessionId, now + ttl);
            }
        };
    }
}
