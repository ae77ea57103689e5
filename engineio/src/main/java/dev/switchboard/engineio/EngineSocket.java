package dev.switchboard.engineio;

import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One Engine.IO session: a client connection that survives the switch from long-polling to
 * WebSocket. The counterpart of an engine.io {@code Socket} in Node.
 *
 * <h2>Threading</h2>
 * A session lives on one event loop, {@link #executor()}, for life. Every listener is called
 * there, in the order the events happened, also when the client's requests come on several
 * connections read by other loops (polls and POSTs, an upgrading WebSocket): the order in which
 * the server read them. Never block in a listener. The sending methods and
 * {@link #close()} may be called from any thread: off the loop they are handed to it, so calls made
 * by one thread keep their order.
 *
 * <h2>Buffering</h2>
 * Messages wait in a write buffer while the transport cannot take them (a polling client between
 * two GETs). The buffer is bounded by {@link EngineIoOptions#maxBufferedBytes()}: a send that would
 * pass the bound closes the session with {@link CloseReason#TRANSPORT_ERROR} rather than letting
 * memory grow without limit.
 */
public interface EngineSocket {

    /** {@return the session id ({@code sid}), 20 URL-safe characters} */
    String id();

    /** {@return the Engine.IO protocol version of this session: 4} */
    int protocol();

    /** {@return the transport in use now} */
    TransportType transport();

    /** {@return where the session is in its life cycle} */
    ReadyState readyState();

    /** {@return whether the session moved from polling to WebSocket} */
    boolean upgraded();

    /** {@return what the session kept of the request that opened it} */
    RequestInfo request();

    /** {@return the peer's address, as in {@link RequestInfo#remoteAddress()}} */
    default String remoteAddress() {
        return request().remoteAddress();
    }

    /** {@return the event loop this session lives on} */
    EventExecutor executor();

    /**
     * {@return whether the transport can take a packet right now without buffering it (a WebSocket that is
     * writable, or a pending poll)} Volatile sends check this and drop the packet otherwise.
     */
    boolean isWritable();

    /**
     * Sends a text message.
     *
     * @param text the message
     */
    default void send(String text) {
        send(Packet.text(text));
    }

    /**
     * Sends a binary message. The array is not copied and must not change afterwards.
     *
     * @param bytes the message
     */
    default void send(byte[] bytes) {
        send(Packet.binary(bytes));
    }

    /**
     * Sends one message.
     *
     * @param message the message
     */
    void send(Packet.Message message);

    /**
     * Sends several messages together: they are buffered and flushed as one unit, so a Socket.IO
     * packet and its binary attachments are never split by another sender.
     *
     * @param messages the messages, in order
     */
    void send(List<? extends Packet.Message> messages);

    /**
     * Sends several messages together, as {@link #send(List)} does, and writes them to the transport
     * at once when nothing else waits for this session: for a caller on the session's event loop
     * that knows it is the last to send the session anything in the loop's current turn (a
     * broadcast written as the turn ends). Messages sent with {@link #send(List)} wait for the end
     * of the turn instead, so that everything a session gets in one turn leaves in one write;
     * writing the last of them at once spares the session a second visit when the turn ends, which
     * for a broadcast to thousands of sessions is a second pass over all of them. When something
     * already waits, the transport cannot take the messages now, or the caller is not on the loop,
     * this is {@link #send(List)}.
     *
     * @param messages the messages, in order
     */
    default void sendAndFlush(List<? extends Packet.Message> messages) {
        send(messages);
    }

    /**
     * Closes the session from the server side: what is buffered is sent first, then the transport
     * is closed. The close listeners see {@link CloseReason#FORCED_CLOSE}. Does nothing when
     * already closing or closed.
     */
    void close();

    /**
     * Listens for messages from the client.
     *
     * @param listener called with each message
     */
    void onMessage(Consumer<Packet.Message> listener);

    /**
     * Listens for the end of the session; called once.
     *
     * @param listener called with the reason and a description of the cause (may be empty)
     */
    void onClose(BiConsumer<CloseReason, String> listener);

    /**
     * Listens for a completed upgrade.
     *
     * @param listener called with the new transport
     */
    void onUpgrade(Consumer<TransportType> listener);

    /**
     * Listens for every packet received, before it is handled (heartbeat packets included).
     *
     * @param listener called with each packet
     */
    void onPacket(Consumer<Packet> listener);

    /**
     * Listens for heartbeats: a pong received, which proves the client alive.
     *
     * @param listener called on each heartbeat
     */
    void onHeartbeat(Runnable listener);

    /**
     * Listens for the write buffer becoming empty after a flush.
     *
     * @param listener called when everything buffered has been handed to the transport
     */
    void onDrain(Runnable listener);
}
