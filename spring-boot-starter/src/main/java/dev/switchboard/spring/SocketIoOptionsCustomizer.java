package dev.switchboard.spring;

import dev.switchboard.socketio.SocketIoOptions;

/**
 * A bean that changes the options the properties made, before the server is built: for what a
 * property cannot say (a CORS origin predicate, {@code allowRequest}, an {@code ObjectMapper}, an
 * adapter of your own).
 *
 * <pre>{@code
 * @Bean
 * SocketIoOptionsCustomizer objectMapper(ObjectMapper mapper) {
 *     return builder -> builder.objectMapper(mapper);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketIoOptionsCustomizer {

    /**
     * Changes the options.
     *
     * @param builder the options as the properties set them
     */
    void customize(SocketIoOptions.Builder builder);
}
