package dev.switchboard.server.internal;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.HttpRoute;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Serves the {@linkplain HttpRoute routes} of the mounted layer (the socket.io client bundle
 * under {@code /socket.io/}) ahead of the Engine.IO handler; every message no route answers goes
 * on down the pipeline untouched. One instance per channel.
 *
 * <p>Routes are asked for plain requests the codec could parse, with a method Node's parser knows;
 * upgrades (to WebSocket or anything else) and the rest are left to the engine handler. A request a route answers has its body skipped. The response is written as Node writes
 * a piped file: header names as the route spells them, a body chunked on HTTP/1.1 (on HTTP/1.0
 * ended by closing the connection), HEAD answered with the head alone.
 */
public final class RouteHandler extends ChannelInboundHandlerAdapter {

    private final List<HttpRoute> routes;

    /** True from an answered request's head to its last content, which is dropped. */
    private boolean skipping;

    /**
     * Creates the handler for one connection.
     *
     * @param routes the routes, asked in order
     */
    public RouteHandler(List<HttpRoute> routes) {
        this.routes = List.copyOf(routes);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (skipping && msg instanceof HttpContent) {
            skipping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req && req.decoderResult().isSuccess() && !Requests.isUpgrade(req)
                && Requests.isNodeMethod(req.method().name())) {
            HttpRoute.Response response = answer(ctx, req);
            if (response != null) {
                try {
                    send(ctx, req, response);
                } finally {
                    skipping = !(msg instanceof LastHttpContent);
                    ReferenceCountUtil.release(msg);
                }
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private HttpRoute.Response answer(ChannelHandlerContext ctx, HttpRequest req) {
        RequestInfo info = null;
        for (HttpRoute route : routes) {
            if (!route.mayAnswer(req.uri())) {
                continue;
            }
            if (info == null) {
                info = Requests.info(ctx.channel(), req);
            }
            HttpRoute.Response response = route.answer(info);
            if (response != null) {
                return response;
            }
        }
        return null;
    }

    /**
     * Writes a response, with header names spelled as the route spells them. A body goes out
     * chunked on HTTP/1.1 as Node streams it; HTTP/1.0 has no chunks, so there the body ends with
     * the connection, again as Node does. A 304 or a preflight has no body; HEAD is answered with
     * the GET's head alone.
     */
    private static void send(ChannelHandlerContext ctx, HttpRequest req, HttpRoute.Response response) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
        Headers headers = response.headers();
        for (int i = 0; i < headers.size(); i++) {
            res.headers().add(headers.name(i), headers.value(i));
        }
        boolean head = HttpMethod.HEAD.equals(req.method());
        boolean http10 = req.protocolVersion().equals(HttpVersion.HTTP_1_0);
        boolean close = !HttpUtil.isKeepAlive(req);
        boolean hasBody = response.body() != null && !head;
        close |= hasBody && http10;
        if (close) {
            res.headers().set("Connection", HttpHeaderValues.CLOSE);
        }
        LastHttpContent last = LastHttpContent.EMPTY_LAST_CONTENT;
        if (hasBody) {
            if (!http10) {
                res.headers().set("Transfer-Encoding", HttpHeaderValues.CHUNKED);
            }
            last = new DefaultLastHttpContent(Unpooled.wrappedBuffer(response.body()));
        }
        ctx.write(res, ctx.voidPromise());
        ChannelFuture done = ctx.writeAndFlush(last);
        if (close) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
