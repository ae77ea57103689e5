package dev.switchboard.socketio.adapter;

/**
 * Creates the adapter of each namespace: the {@code adapter} option
 * ({@code InMemoryAdapter::new} by default).
 */
@FunctionalInterface
public interface AdapterFactory {

    /**
     * Creates an adapter.
     *
     * @param context the namespace's side of the adapter contract
     * @return the adapter
     */
    Adapter create(AdapterContext context);
}
