package dev.switchboard.engineio.spi;

import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;

/**
 * An open WebSocket as the Engine.IO layer drives it: one Engine.IO packet per frame.
 *
 * <p>Sending methods may be called from any thread, one thread at a time per connection (the
 * session's event loop); frames go out in call order and are written to the network on
 * {@link #flush()}. The engine calls {@code flush()} once per event-loop turn for a connection it
 * wrote to, after all of that turn's frames, so a binding writes and flushes right there: it needs
 * no timer and no flushing of its own, and may combine the frames of one flush into one write (the
 * Netty binding copies them into one buffer; a Jakarta WebSocket binding would send them with
 * batching allowed and flush the batch). The listener is called on {@link #executor()}.
 */
public interface WebSocketConnection {

    /** {@return the event loop of the underlying connection} */
    EventExecutor executor();

    /**
     * Sets the receiver of this connection's events; frames that arrive before it is set are held
     * until then.
     *
     * @param listener the receiver
     */
    void listener(Listener listener);

    /**
     * Queues a text frame.
     *
     * @param text the frame's text
     */
    void writeText(String text);

    /**
     * Queues a text frame whose payload is already UTF-8, such as
     * {@link dev.switchboard.engineio.Packet.Text#encodedUtf8()}: a broadcast's bytes are made
     * once and written to every recipient. The array may be shared with other connections and
     * threads; it is only read, and not after the frame is written. By default it is decoded and
     * passed to {@link #writeText(String)}; bindings override this to send the bytes as they are.
     *
     * @param utf8 the frame's payload, valid UTF-8
     */
    default void writeText(byte[] utf8) {
        writeText(new String(utf8, StandardCharsets.UTF_8));
    }

    /**
     * Writes a text frame as {@link #writeText(byte[])} does, then flushes: the frame is the only
     * one since the last flush (a broadcast's usual case). A binding may then hand the frame to the
     * network without keeping it anywhere in between. By default {@code writeText} then
     * {@link #flush()}.
     *
     * @param utf8 the frame's payload, valid UTF-8, treated as by {@link #writeText(byte[])}
     */
    default void writeTextAndFlush(byte[] utf8) {
        writeText(utf8);
        flush();
    }

    /**
     * Queues a binary frame. The array is not copied and must not change afterwards.
     *
     * @param bytes the frame's payload
     */
    void writeBinary(byte[] bytes);

    /**
     * Queues a frame that must not be compressed, for a message sent with compression off
     * ({@link dev.switchboard.engineio.Packet.Message#compress()}): where permessage-deflate was
     * negotiated, it goes out as it is, with RSV1 clear. The array is treated as by
     * {@link #writeText(byte[])} and {@link #writeBinary(byte[])}. By default the frame is queued as
     * any other, which suits a connection without compression; a WebSocket API with no
     * per-message choice (Jakarta WebSocket) keeps that default and compresses it anyway.
     *
     * @param payload the frame's payload: valid UTF-8 for a text frame
     * @param binary whether it is a binary frame, else a text frame
     */
    default void writeUncompressed(byte[] payload, boolean binary) {
        if (binary) {
            writeBinary(payload);
        } else {
            writeText(payload);
        }
    }

    /** Writes the frames queued since the last flush to the network, in order. */
    void flush();

    /** {@return whether the connection's outbound buffer is below its high-water mark} */
    boolean isWritable();

    /** {@return bytes queued for this connection and not yet written to the network} */
    long pendingOutboundBytes();

    /** Sends a close frame without status code, then closes the connection. */
    void close();

    /**
     * Sends a close frame with a status code and reason, then closes the connection.
     *
     * @param code the RFC 6455 status, e.g. 1009 for a message too big
     * @param reason the reason text, may be empty
     */
    void close(int code, String reason);

    /** Receives what happens on a {@link WebSocketConnection}. */
    interface Listener {
        /**
         * A text frame arrived.
         *
         * @param text the frame's text
         */
        void onText(String text);

        /**
         * A text frame arrived that holds an Engine.IO message packet: its text is {@code 4}
         * followed by {@code message}. A binding that reads the frame's type byte itself can decode
         * the rest straight into the message and call this, which spares a copy of every message
         * the client sends; any other text frame goes to {@link #onText}. The default puts the
         * type back and calls {@link #onText}.
         *
         * @param message the frame's text after its leading {@code 4}
         */
        default void onMessageText(String message) {
            onText("4" + message);
        }

        /**
         * A binary frame arrived.
         *
         * @param bytes the frame's payload, owned by the listener
         */
        void onBinary(byte[] bytes);

        /** The connection closed, for any reason; called once, last. */
        void onClose();

        /**
         * The connection failed (a protocol error, a message over the size limit); {@link #onClose()}
         * follows.
         *
         * @param description what failed, for logs
         */
        void onError(String description);

        /** The outbound buffer drained below its low-water mark after being full. */
        void onWritable();

        /**
         * The frames of one read from the network have all been reported. What their handling sent
         * may leave now instead of at the end of the event loop's turn, after every other
         * connection read in that turn, which is how an answer to a lone message waits behind other
         * clients' traffic. A binding that does not see its reads need not call it; the end of the
         * turn flushes either way. The default does nothing.
         */
        default void onReadComplete() {
        }
    }
}
