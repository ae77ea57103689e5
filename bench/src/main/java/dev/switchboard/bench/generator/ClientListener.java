package dev.switchboard.bench.generator;

import io.netty.buffer.ByteBuf;

/**
 * What a scenario hears from its clients. Every call happens on the generator's event loop, so a
 * listener needs no locking as long as it is only touched from there.
 */
public interface ClientListener {

    /**
     * The client finished its handshake (for Socket.IO: the namespace CONNECT was acknowledged and,
     * in the default flow, the upgrade completed).
     *
     * @param client the client
     * @param connectNanos time from the start of the connect to now
     */
    default void onReady(Client client, long connectNanos) {
    }

    /**
     * An acknowledgement (Socket.IO {@code 43<id>}) or an echo (raw baselines) of a message sent with
     * {@link Client#sendPing}.
     *
     * @param client the client
     * @param intendedNanos when the message was meant to be sent (open-loop schedule)
     * @param nowNanos now
     */
    default void onAck(Client client, long intendedNanos, long nowNanos) {
    }

    /**
     * An event packet ({@code 42[...]}) arrived. The bytes are valid only during the call.
     *
     * @param client the client
     * @param buf the buffer holding the packet
     * @param index where the packet starts ({@code 4})
     * @param length the packet length
     * @param nowNanos now
     */
    default void onEvent(Client client, ByteBuf buf, int index, int length, long nowNanos) {
    }

    /**
     * The client failed before or during its handshake, or broke the protocol; it is closed.
     *
     * @param client the client
     * @param reason what happened
     */
    default void onFailed(Client client, String reason) {
    }

    /**
     * A ready client's connection was closed by the server or the network.
     *
     * @param client the client
     */
    default void onClosed(Client client) {
    }
}
