package dev.switchboard.server.internal;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.RequestInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection handler: routes HTTP requests under the Engine.IO path to the engine, others
 * to the fallback, and after an upgrade carries WebSocket frames. One instance per channel.
 */
public final class EngineChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(EngineChannelHandler.class);

    /** The reason of the close for a text message that is not UTF-8, as Netty's validator words it. */
    private static final String NOT_UTF8 = "bytes are not UTF-8";

    private final EngineIoServer engine;
    private final HttpFallback fallback;
    private final int maxPayload;
    private final WebSocketDecoderConfig decoderConfig;

    /** The request whose body is being read, or whose response is pending. */
    private NettyHttpExchange exchange;
    /**
     * What must answer the requests read on this connection and not answered yet, in the order
     * they arrived: exchanges, and deferred answers to requests outside the engine. HTTP/1.1
     * lets a client send requests before the earlier ones are answered; each is handled at once,
     * as Node does, but responses go out in request order. Created for the first request that
     * must wait (a WebSocket-only connection never needs one).
     */
    private ArrayDeque<Object> unanswered;
    private NettyUpgradeExchange upgrade;
    /** True once an upgrade request was read: nothing after it on the connection is HTTP. */
    private boolean upgradeRequested;
    private NettyWebSocketConnection webSocket;
    /** True while the rest of a request that was answered without its body is skipped. */
    private boolean skipping;
    /** True from a request's head to its last content. */
    private boolean readingRequest;
    /** Answers 408 to a head or request that takes too long, closes a connection idle after a response. */
    private final HttpClock clock;
    private ChannelHandlerContext ctx;

    /**
     * Creates the handler for one connection, with a WebSocket decoder configuration of its own
     * (for tests; a server makes one for all its connections).
     *
     * @param engine the Engine.IO server
     * @param fallback answers requests outside the Engine.IO path
     */
    public EngineChannelHandler(EngineIoServer engine, HttpFallback fallback) {
        this(engine, fallback, decoderConfig(engine.options()), HttpTimeouts.NODE);
    }

    /**
     * Creates the handler for one connection.
     *
     * @param engine the Engine.IO server
     * @param fallback answers requests outside the Engine.IO path
     * @param decoderConfig the server's WebSocket frame decoder settings, from
     *     {@link #decoderConfig(EngineIoOptions)}: every connection's decoder keeps it, so a server
     *     makes one and shares it
     * @param timeouts how long the parts of an HTTP exchange may take
     */
    public EngineChannelHandler(EngineIoServer engine, HttpFallback fallback, WebSocketDecoderConfig decoderConfig,
            HttpTimeouts timeouts) {
        this.engine = engine;
        this.fallback = fallback;
        this.clock = new HttpClock(timeouts) {
            @Override
            void requestTimedOut() {
                EngineChannelHandler.this.requestTimedOut();
            }

            @Override
            void idleTimedOut() {
                EngineChannelHandler.this.idleTimedOut();
            }
        };
        this.maxPayload = (int) engine.options().maxHttpBufferSize();
        this.decoderConfig = decoderConfig;
    }

    /**
     * The WebSocket frame decoder settings for an engine's options: frames up to
     * {@code maxHttpBufferSize}, extensions as {@code perMessageDeflate} says, and protocol
     * violations reported to the handler (which closes as the ws package does) rather than acted
     * on by Netty.
     *
     * @param options the engine's options
     * @return the settings
     */
    public static WebSocketDecoderConfig decoderConfig(EngineIoOptions options) {
        return WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength((int) options.maxHttpBufferSize())
                .allowExtensions(options.perMessageDeflate())
                .closeOnProtocolViolation(false)
                .build();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            // Bytes the HTTP decoder no longer reads: what follows an upgrade request.
            holdBytesBehindUpgrade(ctx, bytes);
            return;
        }
        if (msg instanceof WebSocketFrame frame) {
            NettyWebSocketConnection current = webSocket;
            if (current != null && current.closing() && !(frame instanceof CloseWebSocketFrame)) {
                // After our close frame the ws package reads nothing but the peer's close.
                frame.release();
                return;
            }
            if (frame.rsv() != 0 || frame instanceof ContinuationWebSocketFrame) {
                // Reserved bits no extension cleared: none was negotiated (the decoder allows them
                // whenever the server offers deflate), or RSV2/RSV3, which none uses. The ws
                // package closes with 1002 ("RSV1 must be clear"). A continuation gets here only
                // with no message begun (the aggregator takes the others), which the frame decoder
                // lets through when this handler refused the frame that began one.
                frame.release();
                exceptionCaught(ctx, new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                        frame instanceof ContinuationWebSocketFrame ? "continuation frame with no message begun"
                                : "reserved bits set without a negotiated extension"));
                return;
            }
            if (isFragment(frame)) {
                aggregate(ctx, frame);
            } else {
                onFrame(ctx, frame);
            }
            return;
        }
        try {
            if (msg instanceof HttpRequest req) {
                onRequest(ctx, req);
            }
            if (msg instanceof HttpContent content) {
                if (content.decoderResult().isFailure() && !(msg instanceof HttpRequest)) {
                    // A malformed chunk: the rest of the body cannot be read. The request fails as
                    // one whose connection was lost, never as one with a shorter body.
                    onUnreadableBody(ctx);
                    return;
                }
                if (exchange != null && !exchange.responded() && !skipping) {
                    exchange.append(content.content());
                }
                if (msg instanceof LastHttpContent) {
                    if (exchange != null && !skipping) {
                        exchange.complete();
                    }
                    skipping = false;
                    readingRequest = false;
                    clock.requestRead();
                    idleIfDone();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        clock.headRead();
        readingRequest = true;
        skipping = false;
        exchange = null;
        if (req.decoderResult().isFailure() || !Requests.isNodeMethod(req.method().name())
                || !Requests.isNodeVersion(req.protocolVersion())) {
            // Node's parser refuses a method or version it does not know as it refuses a malformed line.
            rejectMalformed(ctx, req.decoderResult().cause());
            skipping = true;
            return;
        }
        if (Requests.isReadAsHttp10(req.protocolVersion())) {
            // Answered as Node answers them, as HTTP/1.0: one request, then the connection closes.
            req.setProtocolVersion(HttpVersion.HTTP_1_0);
        }
        if (HttpMethod.CONNECT.equals(req.method())) {
            // Node hands CONNECT to a 'connect' listener; a server without one destroys the socket.
            skipping = true;
            ctx.close();
            return;
        }
        String uri = req.uri();
        if (!engine.handles(uri)) {
            skipping = true;
            answerInOrder(() -> fallback.handle(ctx, req));
            return;
        }
        if (Requests.isUpgrade(req)) {
            // As in Node: engine.io checks it first, then the ws package (NettyUpgradeExchange);
            // either answers anything but a WebSocket handshake with an error and a close. Bytes
            // behind it are a WebSocket's: they wait for the handshake instead of being read as HTTP.
            skipping = true;
            upgradeRequested = true;
            UpgradeGate.install(ctx, maxPayload);
            String problem = Requests.webSocketHandshakeProblem(req);
            answerInOrder(() -> {
                RequestInfo info = Requests.info(ctx.channel(), req);
                DefaultFullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), uri,
                        Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE);
                // "*": the first subprotocol the client offers is accepted, as the ws package does
                // without handleProtocols; a browser that offered one fails a 101 that names none.
                WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
                        webSocketUrl(ctx, req), "*", decoderConfig);
                upgrade = new NettyUpgradeExchange(ctx.channel(), full, info, factory, this, problem);
                engine.handleUpgrade(upgrade);
            });
            return;
        }
        RequestInfo info = Requests.info(ctx.channel(), req);
        exchange = new NettyHttpExchange(ctx.channel(), this, info, req.protocolVersion(), HttpUtil.isKeepAlive(req),
                maxPayload);
        waiting().add(exchange);
        engine.handleRequest(exchange);
    }

    /**
     * Hands what follows an upgrade request to the gate that holds it for the WebSocket; these
     * bytes come here raw once the HTTP decoder is gone, and there is nothing else to read them.
     */
    private static void holdBytesBehindUpgrade(ChannelHandlerContext ctx, ByteBuf bytes) {
        UpgradeGate gate = ctx.pipeline().get(UpgradeGate.class);
        if (gate == null) {
            bytes.release();
            return;
        }
        gate.hold(bytes);
        if (gate.overflowed()) {
            ctx.close();
        }
    }

    private ArrayDeque<Object> waiting() {
        if (unanswered == null) {
            unanswered = new ArrayDeque<>(2);
        }
        return unanswered;
    }

    /** Runs an answer now, or once every earlier request on this connection is answered. */
    private void answerInOrder(Runnable answer) {
        if (unanswered == null || unanswered.isEmpty()) {
            answer.run();
        } else {
            waiting().add(answer);
        }
    }

    /**
     * Writes the responses that are ready, in request order, up to the first request still
     * waiting for its own; called on the channel's loop whenever an exchange has responded.
     */
    void writeReadyResponses() {
        Object head;
        while (unanswered != null && (head = unanswered.peek()) != null) {
            if (head instanceof NettyHttpExchange x && !x.hasResponse()) {
                return;
            }
            unanswered.poll();
            if (head instanceof NettyHttpExchange x) {
                x.writeResponse();
            } else {
                ((Runnable) head).run();
            }
        }
        idleIfDone();
    }

    /** Starts the keep-alive clock once nothing is left to read or to answer. */
    private void idleIfDone() {
        if (isIdle() && ctx.channel().isActive()) {
            clock.idle();
        }
    }

    private boolean isIdle() {
        return webSocket == null && !readingRequest && (unanswered == null || unanswered.isEmpty())
                && (upgrade == null || upgrade.answered());
    }

    private void idleTimedOut() {
        if (!isIdle() || !ctx.channel().isActive()) {
            return;
        }
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null && out.totalPendingWriteBytes() > 0) {
            // A response (a file, the client bundle, written by a handler of its own) is still
            // going out: idle time starts when it is done, as in Node.
            clock.idleAgain();
            return;
        }
        ctx.close();
    }

    /**
     * A head or a request took too long: Node's answer, 408 and {@code Connection: close}. The
     * request being read is abandoned as if its connection were lost. When something else is
     * owed an answer first (a poll before a pipelined head), or this request was answered already,
     * nothing can follow in order and the connection just closes.
     */
    private void requestTimedOut() {
        if (!ctx.channel().isActive()) {
            return;
        }
        log.debug("Closing connection from {}: a request took too long to arrive",
                Requests.address(ctx.channel().remoteAddress()));
        boolean answered = readingRequest && (skipping || exchange == null || exchange.responded());
        if (readingRequest && exchange != null && unanswered != null && unanswered.peek() == exchange) {
            unanswered.poll();
            exchange.abort();
        }
        skipping = true;
        if (answered || (unanswered != null && !unanswered.isEmpty())) {
            ctx.close();
            return;
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
                Unpooled.EMPTY_BUFFER);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        clock.opened(ctx.executor());
        super.channelActive(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (webSocket != null) {
            webSocket.onReadComplete();
        } else if (!upgradeRequested && ctx.channel().isActive()) {
            clock.readComplete(readingRequest);
        }
        super.channelReadComplete(ctx);
    }

    private void onUnreadableBody(ChannelHandlerContext ctx) {
        if (exchange != null && !skipping) {
            exchange.abort();
        }
        skipping = true;
        rejectMalformed(ctx, null);
    }

    private static String webSocketUrl(ChannelHandlerContext ctx, HttpRequest req) {
        String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
        return "ws://" + host + req.uri();
    }

    /**
     * Called by the upgrade exchange on the channel's loop just before the handshake: frames
     * follow from now on, assembled into whole messages of at most {@code maxHttpBufferSize}.
     */
    void becomeWebSocket(NettyWebSocketConnection connection) {
        clock.cancel();
        this.webSocket = connection;
        this.exchange = null;
        // Nothing of the upgrade request outlives the handshake (it is answered now), and the
        // handlers that only HTTP requests need go: an idle WebSocket should hold as little as
        // Netty's own, since servers hold tens of thousands of them.
        this.upgrade = null;
        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(HttpServerExpectContinueHandler.class) != null) {
            pipeline.remove(HttpServerExpectContinueHandler.class);
        }
        if (pipeline.get(RouteHandler.class) != null) {
            pipeline.remove(RouteHandler.class);
        }
        // Text is checked for UTF-8 once assembled (onFrame) rather than by Netty's
        // Utf8FrameValidator per fragment: same close (1007), one handler less per connection.
        // Fragmented messages get their aggregator when the first one arrives (aggregate).
    }

    /**
     * Whether a frame is part of a fragmented message. Once the aggregator is in place none
     * reaches this handler: it passes on whole messages only.
     */
    private static boolean isFragment(WebSocketFrame frame) {
        return !frame.isFinalFragment() && (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame);
    }

    /**
     * Puts Netty's aggregator in front of this handler, which assembles fragmented messages of at
     * most {@code maxHttpBufferSize}, and hands it the frame that started the first one. Most
     * clients never fragment, and an aggregator on every idle connection would cost more than a
     * tenth of what the rest of the connection costs.
     */
    private void aggregate(ChannelHandlerContext ctx, WebSocketFrame first) {
        WebSocketFrameAggregator aggregator = new WebSocketFrameAggregator(maxPayload);
        ctx.pipeline().addBefore(ctx.name(), "ws-aggregator", aggregator);
        try {
            // It owns the frame from here; what it assembles comes back through channelRead.
            aggregator.channelRead(ctx.pipeline().context(aggregator), first);
        } catch (Exception e) {
            // As if thrown in the pipeline: the aggregator's failures come to this handler.
            exceptionCaught(ctx, e);
        }
    }

    private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        try {
            NettyWebSocketConnection ws = webSocket;
            if (ws == null) {
                return;
            }
            if ((frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame)
                    && frame.content().readableBytes() > maxPayload) {
                // Only a compressed frame gets here over the limit: the frame decoder bounds what
                // arrives and the aggregator what is assembled, but not what a frame inflates to.
                messageTooBig(ws);
                return;
            }
            if (frame instanceof TextWebSocketFrame text) {
                if (!ByteBufUtil.isText(text.content(), StandardCharsets.UTF_8)) {
                    // The handshaker alone does not check that text is UTF-8; the ws package
                    // closes with 1007 on invalid text (after any decompression), so do we.
                    ws.closeFrameWritten(); // frames given before it go first, none after
                    ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, NOT_UTF8))
                            .addListener(ChannelFutureListener.CLOSE);
                    ws.onError(NOT_UTF8);
                    return;
                }
                ByteBuf content = text.content();
                if (content.isReadable() && content.getByte(content.readerIndex()) == '4') {
                    // A message, the frame nearly every client sends: decoded from its second byte
                    // straight into the message text, rather than whole and then copied without it.
                    ws.onMessageText(content.toString(content.readerIndex() + 1, content.readableBytes() - 1,
                            StandardCharsets.UTF_8));
                } else {
                    ws.onText(text.text());
                }
            } else if (frame instanceof BinaryWebSocketFrame) {
                ws.onBinary(ByteBufUtil.getBytes(frame.content()));
            } else if (frame instanceof PingWebSocketFrame) {
                if (!ws.closing()) {
                    // Nothing follows our close frame; the ws package sends no pong once closing.
                    ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
                }
            } else if (frame instanceof CloseWebSocketFrame close) {
                if (ws.closing()) {
                    // The answer to our close frame: the closing handshake is complete.
                    ctx.close();
                } else {
                    // Frames given before the close go first; answers to messages of this same
                    // read that are still being handled would follow it, which RFC 6455 forbids.
                    ws.closeFrameWritten();
                    ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                            .addListener(ChannelFutureListener.CLOSE);
                }
            } else if (!(frame instanceof PongWebSocketFrame)) {
                ws.onError("unexpected WebSocket frame " + frame.getClass().getSimpleName());
            }
        } finally {
            frame.release();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (webSocket != null && ctx.channel().isWritable()) {
            webSocket.onWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        clock.cancel();
        Object pending;
        while (unanswered != null && (pending = unanswered.poll()) != null) {
            if (pending instanceof NettyHttpExchange x) {
                x.abort();
            }
        }
        if (upgrade != null) {
            upgrade.release();
        }
        if (webSocket != null) {
            webSocket.onClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (webSocket != null) {
            if (isConnectionReset(cause) || cause instanceof PrematureChannelClosureException) {
                // A peer that vanishes (reset, or gone mid-message) is a close, not an error: the ws
                // package swallows socket errors and reports only the close, so engine.io ends
                // the session with "transport close". channelInactive reports it.
                ctx.close();
                return;
            }
            if (cause instanceof TooLongFrameException || cause instanceof DecompressionException) {
                // A message assembled from fragments, or inflating, passed the limit: the reference
                // closes with 1009.
                messageTooBig(webSocket);
                return;
            }
            if (cause instanceof CorruptedWebSocketFrameException corrupt) {
                // The frame decoder now discards the rest of the input; close with its status (1009
                // for an oversized frame, 1002 for a protocol error) and no reason, as the ws package.
                webSocket.onError(cause.getMessage());
                webSocket.close(corrupt.closeStatus().code(), "");
                return;
            }
            if (cause instanceof CorruptedFrameException) {
                webSocket.onError(cause.getMessage());
                ctx.close();
                return;
            }
            webSocket.onError(String.valueOf(cause));
            ctx.close();
            return;
        }
        if (isConnectionReset(cause)) {
            ctx.close();
            return;
        }
        log.warn("Closing connection from {} after an error: {}", Requests.address(ctx.channel().remoteAddress()),
                cause.toString());
        ctx.close();
    }

    private static void messageTooBig(NettyWebSocketConnection ws) {
        ws.onError("message too big");
        ws.close(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "");
    }

    private static boolean isConnectionReset(Throwable cause) {
        return cause instanceof java.io.IOException;
    }

    /**
     * Answers a request the HTTP decoder could not read as Node's HTTP server does: 431 for a
     * head over the size limit, 400 for anything else, {@code Connection: close} and no body;
     * then closes, since nothing after it on the connection can be trusted.
     */
    private static void rejectMalformed(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongFrameException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
