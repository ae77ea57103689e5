package dev.switchboard.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * WebSocket compression ({@code perMessageDeflate}) with a per-message exception: Netty's
 * permessage-deflate (and the older deflate-frame) extension, set up as Netty's
 * {@code WebSocketServerCompressionHandler} sets it up, except that its encoder passes frames
 * marked {@link Uncompressed} through as they are, with RSV1 clear. That is how a message sent with
 * {@code compress(false)} leaves uncompressed, as the ws package sends a message whose
 * {@code compress} option is false.
 *
 * <p>Every other message is compressed, whatever its size, as ws does with the context takeover
 * that browsers and the Node clients negotiate (ws applies its 1024-byte {@code threshold} only
 * under {@code server_no_context_takeover}, which Netty declines: such a client gets no
 * compression at all).
 */
public final class WebSocketDeflate {

    private static final int COMPRESSION_LEVEL = 6;
    private static final int CLIENT_WINDOW_BITS = 15;

    /** Skips the compression of marked frames; the same for every connection. */
    private static final WebSocketExtensionFilterProvider FILTERS = new WebSocketExtensionFilterProvider() {
        private final WebSocketExtensionFilter skipMarked = frame -> frame instanceof Uncompressed;

        @Override
        public WebSocketExtensionFilter encoderFilter() {
            return skipMarked;
        }

        @Override
        public WebSocketExtensionFilter decoderFilter() {
            return WebSocketExtensionFilter.NEVER_SKIP;
        }
    };

    private WebSocketDeflate() {
    }

    /**
     * {@return the handler that negotiates compression on an upgrade, for a channel's pipeline before
     * the engine's handler}
     *
     * @param maxInflated the most bytes an inbound message may inflate to in the decoder's buffer
     */
    public static WebSocketServerExtensionHandler handler(int maxInflated) {
        return new WebSocketServerExtensionHandler(
                new PerMessageDeflateServerExtensionHandshaker(COMPRESSION_LEVEL,
                        ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), CLIENT_WINDOW_BITS, false, false,
                        FILTERS, maxInflated),
                new DeflateFrameServerExtensionHandshaker(COMPRESSION_LEVEL, FILTERS, maxInflated));
    }

    /**
     * {@return a frame the deflate encoder leaves uncompressed}
     *
     * @param payload the frame's payload, owned by the frame
     * @param binary whether it is a binary frame, else a text frame
     */
    static WebSocketFrame uncompressed(ByteBuf payload, boolean binary) {
        return binary ? new UncompressedBinary(payload) : new UncompressedText(payload);
    }

    /** Marks a frame whose message was sent with compression off. */
    interface Uncompressed {
    }

    private static final class UncompressedText extends TextWebSocketFrame implements Uncompressed {
        UncompressedText(ByteBuf payload) {
            super(payload);
        }
    }

    private static final class UncompressedBinary extends BinaryWebSocketFrame implements Uncompressed {
        UncompressedBinary(ByteBuf payload) {
            super(payload);
        }
    }
}
