package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.PayloadCodec;
import dev.switchboard.engineio.RequestInfo;
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
    /**
     * How long a client's close waits for a poll when none is waiting. A client that closes
     * during a poll sends its close and its poll at the same moment on two connections; read by
     * two event loops they reach the session in either order (a loop may be late by milliseconds
     * on a busy machine, see {@link ArrivalOrder}), where the reference, reading both on one
     * thread, sees the poll first and answers it with a noop. A poll that arrives within this
     * window still gets that noop; then, or when it comes, the session ends.
     */
    static final long CLIENT_CLOSE_GRACE_MS = 100;
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final String OCTET_STREAM = "application/octet-stream";

    private HttpExchange pendingGet;
    private HttpExchange pendingPost;
    private Runnable shouldClose;
    private ScheduledFuture<?> closeTimeout;
    /** Set while a client's close waits for a poll ({@link #CLIENT_CLOSE_GRACE_MS}). */
    private ScheduledFuture<?> clientCloseGrace;
    private boolean discarded;
    private boolean closed;
    /** Whether responses may take the binary payload form (protocol 3 without {@code b64}). */
    private final boolean supportsBinary;
    /** The JSONP form, or {@code null} for XHR polling. */
    private final Jsonp jsonp;

    /**
     * A polling transport for a session opened by {@code handshake}, whose query sets the form of
     * payloads for the session's life ({@code b64}, {@code j}).
     */
    PollingTransport(EngineSession session, RequestInfo handshake) {
        super(session);
        this.jsonp = Jsonp.of(handshake);
        this.supportsBinary = handshake.queryParam("b64") == null && jsonp == null;
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
        if (clientCloseGrace != null) {
            // The poll the client sent with its close: it gets the noop, and the session ends.
            finishClientClose();
            return;
        }
        exchange.onAbort(() -> session.arrive(() -> {
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
        if (clientCloseGrace != null) {
            // Sent after the client's close: nothing more is read from it.
            exchange.respond(400, new Headers(), EngineSession.EMPTY);
            return;
        }
        if (pendingPost != null) {
            exchange.respond(400, new Headers(), EngineSession.EMPTY);
            session.onTransportError(this, "data request overlap from client");
            return;
        }
        boolean binary = "application/octet-stream".equals(exchange.request().header("content-type"));
        if (binary && !session.codec().acceptsBinaryPayload()) {
            exchange.respond(400, new Headers(), EngineSession.EMPTY);
            session.onTransportError(this, "invalid content");
            return;
        }
        pendingPost = exchange;
        exchange.onAbort(() -> session.arrive(() -> {
            if (pendingPost == exchange) {
                pendingPost = null;
                session.onTransportError(this, "data request connection closed prematurely");
            }
        }));
        Runnable tooLarge = () -> session.arrive(() -> {
            // The reference answers 413 and leaves the session open; the client closes it.
            pendingPost = null;
            exchange.respond(413, new Headers(), EngineSession.EMPTY);
        });
        ProtocolCodec codec = session.codec();
        if (binary) {
            exchange.readRawBody(body -> session.arrive(() -> onBody(exchange, codec.decodeBinaryPayload(body))),
                    tooLarge);
        } else {
            exchange.readBody(body -> session.arrive(() -> onBody(exchange, decodeText(body))), tooLarge);
        }
    }

    private PayloadCodec.Decoded decodeText(String body) {
        String payload = jsonp == null ? body : Jsonp.unwrap(body);
        return payload == null ? new PayloadCodec.Decoded(List.of(), false) : session.codec().decodeTextPayload(payload);
    }

    private void onBody(HttpExchange exchange, PayloadCodec.Decoded decoded) {
        if (pendingPost != exchange) {
            return;
        }
        pendingPost = null;
        // Packets are dispatched before the response, so "ok" means "handled".
        for (Packet p : decoded.packets()) {
            if (p instanceof Packet.Close) {
                onClientClose();
                break;
            }
            session.onPacket(this, p);
        }
        if (!decoded.valid() && !closed && clientCloseGrace == null) {
            session.onParseError(this);
        }
        Headers headers = session.host().pollingHeaders(session, exchange.request());
        headers.set("Content-Type", "text/html");
        exchange.respond(200, headers, OK);
    }

    private void onClientClose() {
        if (closed || clientCloseGrace != null) {
            return;
        }
        if (pendingGet == null) {
            clientCloseGrace = session.executor().schedule(() -> session.arrive(this::finishClientClose),
                    CLIENT_CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            return;
        }
        finishClientClose();
    }

    /** Ends the session the client closed: a waiting poll gets a noop, as the reference answers it. */
    private void finishClientClose() {
        cancelClientCloseGrace();
        if (closed) {
            return;
        }
        if (pendingGet != null) {
            send(List.of(Packet.NOOP));
        }
        closed = true;
        session.onTransportClose(this);
    }

    private void cancelClientCloseGrace() {
        if (clientCloseGrace != null) {
            clientCloseGrace.cancel(false);
            clientCloseGrace = null;
        }
    }

    @Override
    void send(List<Packet> packets) {
        HttpExchange get = pendingGet;
        pendingGet = null;
        if (shouldClose != null) {
            Packet[] withClose = packets.toArray(new Packet[packets.size() + 1]);
            withClose[packets.size()] = Packet.CLOSE;
            respond(get, List.of(withClose));
        } else {
            respond(get, packets);
        }
        if (shouldClose != null) {
            Runnable r = shouldClose;
            shouldClose = null;
            r.run();
        }
    }

    /** Answers a poll with packets in the form of the session's protocol revision. */
    private void respond(HttpExchange get, List<Packet> packets) {
        ProtocolCodec codec = session.codec();
        boolean compress = mayCompress(packets);
        byte[] binary = supportsBinary ? codec.encodeBinaryPayload(packets) : null;
        if (binary != null) {
            session.host().writePayload(session, get, binary, OCTET_STREAM, compress);
            return;
        }
        String text = codec.encodeTextPayload(packets);
        if (jsonp != null) {
            text = jsonp.wrap(text);
        }
        session.host().writePayload(session, get, text.getBytes(StandardCharsets.UTF_8), TEXT, compress);
    }

    /**
     * {@return whether a response may be compressed: when at least one of its packets may be, as the
     * reference decides} Its messages say so themselves; of the control packets, those a session
     * sends (open, ping, pong) may be, and the noop and close that the transport adds may not
     * (they carry no options there).
     */
    private static boolean mayCompress(List<Packet> packets) {
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            if (p instanceof Packet.Message m ? m.compress() : !(p instanceof Packet.Noop || p instanceof Packet.Close)) {
                return true;
            }
        }
        return false;
    }

    @Override
    void close(Runnable onClosed) {
        if (clientCloseGrace != null) {
            // The client closed already: nothing is waited for.
            cancelClientCloseGrace();
            closed = true;
        }
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
            respond(get, List.of(Packet.CLOSE));
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
        cancelClientCloseGrace();
        shouldClose = null;
        closed = true;
    }

    @Override
    void discard() {
        discarded = true;
    }
}
