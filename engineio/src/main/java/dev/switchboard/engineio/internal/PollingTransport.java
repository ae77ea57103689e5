package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.PayloadCodec;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP long-polling: a GET waits until the server has something to send; a POST carries packets
 * from the client. At most one of each at a time.
 */
final class PollingTransport extends Transport {

    /** How long a server-side close waits for the client's next GET before giving up on it. */
    private static final long CLOSE_TIMEOUT_MS = 30_000;
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private HttpExchange pendingGet;
    private HttpExchange pendingPost;
    private Runnable shouldClose;
    private ScheduledFuture<?> closeTimeout;
    private boolean discarded;
    private boolean closed;

    PollingTransport(EngineSession session) {
        super(session);
    }

    @Override
    TransportType type() {
        return TransportType.POLLING;
    }

    @Override
    boolean writable() {
        return pendingGet != null;
    }

    /** Handles a request for this session, by method. */
    void onRequest(HttpExchange exchange) {
        switch (exchange.request().method()) {
            case "GET" -> onGet(exchange);
            case "POST" -> onPost(exchange);
            default -> exchange.respond(500, new Headers(), EngineSession.EMPTY);
        }
    }

    private void onGet(HttpExchange exchange) {
        if (pendingGet != null) {
            exchange.respond(400, new Headers(), EngineSession.EMPTY);
            session.onTransportError(this, "overlap from client");
            return;
        }
        pendingGet = exchange;
        exchange.onAbort(() -> session.runOnLoop(() -> {
            if (pendingGet == exchange) {
                pendingGet = null;
                session.onTransportError(this, "poll connection closed prematurely");
            }
        }));
        session.onTransportReady(this);
        if (pendingGet != null && shouldClose != null) {
            send(List.of(Packet.NOOP));
        }
    }

    private void onPost(HttpExchange exchange) {
        if (pendingPost != null) {
            exchange.respond(400, new Headers(), EngineSession.EMPTY);
            session.onTransportError(this, "data request overlap from client");
            return;
        }
        if ("application/octet-stream".equals(exchange.request().header("content-type"))) {
            exchange.respond(400, new Headers(), EngineSession.EMPTY);
            session.onTransportError(this, "invalid content");
            return;
        }
        pendingPost = exchange;
        exchange.onAbort(() -> session.runOnLoop(() -> {
            if (pendingPost == exchange) {
                pendingPost = null;
                session.onTransportError(this, "data request connection closed prematurely");
            }
        }));
        exchange.readBody(
                body -> session.runOnLoop(() -> onBody(exchange, body)),
                () -> session.runOnLoop(() -> {
                    // The reference answers 413 and leaves the session open; the client closes it.
                    pendingPost = null;
                    exchange.respond(413, new Headers(), EngineSession.EMPTY);
                }));
    }

    private void onBody(HttpExchange exchange, String body) {
        if (pendingPost != exchange) {
            return;
        }
        pendingPost = null;
        PayloadCodec.Decoded decoded = PayloadCodec.decode(body);
        // Packets are dispatched before the response, so "ok" means "handled".
        for (Packet p : decoded.packets()) {
            if (p instanceof Packet.Close) {
                onClientClose();
                break;
            }
            session.onPacket(this, p);
        }
        if (!decoded.valid() && !closed) {
            session.onParseError(this);
        }
        Headers headers = session.responseHeaders(exchange.request());
        headers.set("Content-Type", "text/html");
        exchange.respond(200, headers, OK);
    }

    private void onClientClose() {
        if (closed) {
            return;
        }
        if (pendingGet != null) {
            send(List.of(Packet.NOOP));
        }
        closed = true;
        session.onTransportClose(this);
    }

    @Override
    void send(List<Packet> packets) {
        HttpExchange get = pendingGet;
        pendingGet = null;
        String payload;
        if (shouldClose != null) {
            Packet[] withClose = packets.toArray(new Packet[packets.size() + 1]);
            withClose[packets.size()] = Packet.CLOSE;
            payload = PayloadCodec.encode(List.of(withClose));
        } else {
            payload = PayloadCodec.encode(packets);
        }
        session.writePollResponse(get, payload);
        if (shouldClose != null) {
            Runnable r = shouldClose;
            shouldClose = null;
            r.run();
        }
    }

    @Override
    void close(Runnable onClosed) {
        if (pendingPost != null) {
            // An unfinished POST can no longer be delivered anywhere.
            pendingPost.respond(400, new Headers(), EngineSession.EMPTY);
            pendingPost = null;
        }
        Runnable done = () -> {
            if (closeTimeout != null) {
                closeTimeout.cancel(false);
                closeTimeout = null;
            }
            closed = true;
            onClosed.run();
        };
        if (pendingGet != null) {
            send(List.of(Packet.CLOSE));
            done.run();
        } else if (discarded || closed) {
            done.run();
        } else {
            shouldClose = done;
            closeTimeout = session.executor().schedule(() -> {
                if (shouldClose == done) {
                    shouldClose = null;
                    done.run();
                }
            }, CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Ends whatever request is still open: a poll gets the close packet, a POST a 400. */
    void abortPending() {
        if (pendingGet != null) {
            HttpExchange get = pendingGet;
            pendingGet = null;
            session.writePollResponse(get, PayloadCodec.encode(List.of(Packet.CLOSE)));
        }
        if (pendingPost != null) {
            // Its packets could only be dropped now; the reference destroys the request.
            HttpExchange post = pendingPost;
            pendingPost = null;
            post.respond(400, new Headers(), EngineSession.EMPTY);
        }
        if (closeTimeout != null) {
            closeTimeout.cancel(false);
            closeTimeout = null;
        }
        shouldClose = null;
        closed = true;
    }

    @Override
    void discard() {
        discarded = true;
    }
}
