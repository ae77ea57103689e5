package dev.switchboard.server.internal;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.UpgradeExchange;
import dev.switchboard.engineio.spi.WebSocketConnection;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A WebSocket upgrade request on a Netty channel; the handshake runs on the channel's loop. */
final class NettyUpgradeExchange implements UpgradeExchange {

    private static final Logger log = LoggerFactory.getLogger(NettyUpgradeExchange.class);

    private final Channel channel;
    private final FullHttpRequest request;
    private final RequestInfo info;
    private final WebSocketServerHandshakerFactory factory;
    private final EngineChannelHandler handler;
    /** Why the ws package would refuse the handshake, in its words; null when it would complete it. */
    private final String handshakeProblem;
    private boolean done;

    NettyUpgradeExchange(Channel channel, FullHttpRequest request, RequestInfo info,
            WebSocketServerHandshakerFactory factory, EngineChannelHandler handler, String handshakeProblem) {
        this.channel = channel;
        this.request = request;
        this.info = info;
        this.factory = factory;
        this.handler = handler;
        this.handshakeProblem = handshakeProblem;
    }

    @Override
    public RequestInfo request() {
        return info;
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public boolean checkHandshake() {
        if (handshakeProblem == null) {
            return true;
        }
        HttpResponseStatus status = "Invalid HTTP method".equals(handshakeProblem)
                ? HttpResponseStatus.METHOD_NOT_ALLOWED : HttpResponseStatus.BAD_REQUEST;
        onLoop(() -> {
            if (done) {
                return;
            }
            done = true;
            request.release();
            refuse(channel, status, handshakeProblem);
        });
        return false;
    }

    @Override
    public WebSocketConnection accept(Headers headers) {
        NettyWebSocketConnection connection = new NettyWebSocketConnection(channel);
        onLoop(() -> {
            if (done) {
                // The connection closed while the engine decided (an asynchronous allowRequest,
                // a hop to the session's loop): the WebSocket is gone before it opened.
                connection.onClosed();
                return;
            }
            done = true;
            WebSocketServerHandshaker handshaker = factory.newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
                request.release();
                connection.onClosed();
                return;
            }
            HttpHeaders extra = new DefaultHttpHeaders();
            for (int i = 0; i < headers.size(); i++) {
                extra.add(headers.name(i), headers.value(i));
            }
            handler.becomeWebSocket(connection);
            try {
                handshaker.handshake(channel, request, extra, channel.newPromise()).addListener(f -> {
                    if (!f.isSuccess()) {
                        connection.onError("WebSocket handshake failed: " + f.cause());
                        channel.close();
                    }
                });
                ChannelHandlerContext encoder = channel.pipeline().context(WebSocketFrameEncoder.class);
                if (encoder != null) {
                    connection.framesEnterAt(encoder);
                }
            } catch (RuntimeException e) {
                // The request was checked before the engine saw it; this is a bug, not bad input,
                // but the session must still learn that its connection is gone.
                log.warn("WebSocket handshake failed", e);
                connection.onError("WebSocket handshake failed: " + e);
                channel.close();
            } finally {
                request.release();
            }
        });
        return connection;
    }

    @Override
    public void reject(String message) {
        onLoop(() -> {
            if (done) {
                return;
            }
            done = true;
            request.release();
            refuse(channel, HttpResponseStatus.BAD_REQUEST, message);
        });
    }

    @Override
    public void reject(int status, Headers headers, byte[] body) {
        onLoop(() -> {
            if (done) {
                return;
            }
            done = true;
            request.release();
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
            for (int i = 0; i < headers.size(); i++) {
                res.headers().add(headers.name(i), headers.value(i));
            }
            res.headers().set(HttpHeaderNames.CONNECTION, "close");
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            channel.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        });
    }

    /**
     * Answers an upgrade request with an error status and the message as an HTML body, then
     * closes the connection, as engine.io and the ws package do.
     *
     * @param channel the connection, on its loop
     * @param status the status
     * @param message the body text
     */
    static void refuse(Channel channel, HttpResponseStatus status, String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONNECTION, "close");
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (message.contains("Sec-WebSocket-Version")) {
            res.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13, 8");
        }
        channel.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    /** {@return whether the upgrade was accepted or refused (or dropped); on the channel's loop} */
    boolean answered() {
        return done;
    }

    /** Drops the request if nobody answered before the channel closed. */
    void release() {
        onLoop(() -> {
            if (!done) {
                done = true;
                request.release();
            }
        });
    }

    private void onLoop(Runnable r) {
        if (channel.eventLoop().inEventLoop()) {
            r.run();
        } else {
            channel.eventLoop().execute(r);
        }
    }
}
