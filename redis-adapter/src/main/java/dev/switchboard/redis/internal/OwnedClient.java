package dev.switchboard.redis.internal;

import io.lettuce.core.RedisClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Shuts down a Redis client that a factory created for its link, with the resources made for it.
 *
 * <p>Why both: a client created on resources passed in treats them as shared and leaves them
 * running when it shuts down, so a factory's own I/O threads, timer and event executor would
 * outlive it (Lettuce notices when they are collected and logs that they were not shut down).
 */
final class OwnedClient {

    private OwnedClient() {
    }

    /**
     * Shuts the client down, then its resources.
     *
     * @param client a client whose resources nobody else uses
     * @return completes when both have stopped, whether or not the client stopped cleanly
     */
    static CompletableFuture<Void> shutdown(RedisClient client) {
        return client.shutdownAsync(0, 2, TimeUnit.SECONDS).handle((v, e) -> null).thenCompose(v -> {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            client.getResources().shutdown(0, 2, TimeUnit.SECONDS).addListener(f -> stopped.complete(null));
            return stopped;
        });
    }
}
