package dev.switchboard.server.internal;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.internal.shared.RequestBody;
import dev.switchboard.engineio.spi.HttpExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One HTTP request on a Netty channel. Body bytes are copied as they arrive (never a slice of the
 * inbound buffer), up to the limit; everything here runs on the channel's event loop except
 * {@link #respond}, which Netty makes safe from any thread.
 */
final class NettyHttpExchange implements HttpExchange {

    private final Channel channel;
    private final EngineChannelHandler handler;
    private final RequestInfo request;
    private final boolean keepAlive;
    private final HttpVersion version;

    private final RequestBody body;
    private boolean responded;
    private boolean aborted;
    private Runnable onAbort;
    /** The response, built but held until the responses to earlier requests are written. */
    private FullHttpResponse response;

    NettyHttpExchange(Channel channel, EngineChannelHandler handler, RequestInfo request, HttpVersion version,
            boolean keepAlive, int maxBody) {
        this.channel = channel;
        this.handler = handler;
        this.request = request;
        this.version = version;
        this.keepAlive = keepAlive;
        this.body = new RequestBody(maxBody);
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public EventExecutor executor() {
        return channel.eventLoop();
    }

    /** Appends body bytes; on the channel's loop. */
    void append(ByteBuf content) {
        body.append(content.readableBytes(), (into, offset, n) -> content.getBytes(content.readerIndex(), into, offset, n));
    }

    /** Marks the body complete; on the channel's loop. */
    void complete() {
        body.complete();
    }

    /** The connection closed or the request cannot be read to its end; on the channel's loop. */
    void abort() {
        if (response != null) {
            response.release();
            response = null;
        }
        if (responded || aborted) {
            return;
        }
        aborted = true;
        body.discard();
        if (onAbort != null) {
            onAbort.run();
        }
    }

    boolean responded() {
        return responded;
    }

    @Override
    public void readBody(Consumer<String> onBody, Runnable onTooLarge) {
        readRawBody(bytes -> onBody.accept(new String(bytes, StandardCharsets.UTF_8)), onTooLarge);
    }

    @Override
    public void readRawBody(Consumer<byte[]> onBody, Runnable onTooLarge) {
        onLoop(() -> body.read(onBody, onTooLarge));
    }

    @Override
    public void onAbort(Runnable onAbort) {
        onLoop(() -> {
            if (aborted) {
                onAbort.run();
            } else {
                this.onAbort = onAbort;
            }
        });
    }

    @Override
    public void respond(int status, Headers headers, byte[] bytes) {
        onLoop(() -> {
            if (responded) {
                return;
            }
            responded = true;
            onAbort = null;
            if (aborted || !channel.isActive()) {
                return;
            }
            FullHttpResponse res = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
                    bytes.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            for (int i = 0; i < headers.size(); i++) {
                res.headers().add(headers.name(i), headers.value(i));
            }
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            if (keepAlive) {
                if (version == HttpVersion.HTTP_1_0) {
                    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            response = res;
            handler.writeReadyResponses();
        });
    }

    /** {@return whether the response is built and waits to be written} */
    boolean hasResponse() {
        return response != null;
    }

    /** Writes the response, in its turn among the connection's requests; on the channel's loop. */
    void writeResponse() {
        FullHttpResponse res = response;
        response = null;
        if (!channel.isActive()) {
            res.release();
        } else if (keepAlive) {
            channel.writeAndFlush(res, channel.voidPromise());
        } else {
            channel.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void onLoop(Runnable r) {
        if (channel.eventLoop().inEventLoop()) {
            r.run();
        } else {
            channel.eventLoop().execute(r);
        }
    }
}
