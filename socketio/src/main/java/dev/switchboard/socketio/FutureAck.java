package dev.switchboard.socketio;

import java.util.concurrent.CompletableFuture;

/**
 * The callback behind the {@code emitWithAck} methods: it only completes a future, so it runs
 * where the answer arrives (the event loop) instead of queueing in the handler context. A handler
 * on a {@code handlerExecutor} may then block on the future without waiting for itself.
 */
final class FutureAck implements AckCallback {

    final CompletableFuture<EventArgs> future = new CompletableFuture<>();

    @Override
    public void onAck(Throwable error, EventArgs args) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(args);
        }
    }
}
