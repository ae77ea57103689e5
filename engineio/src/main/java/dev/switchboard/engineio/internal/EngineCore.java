package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.ConnectionError;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoStats;
import dev.switchboard.engineio.EngineMiddleware;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.HttpExchange;
import dev.switchboard.engineio.spi.UpgradeExchange;
import dev.switchboard.engineio.internal.shared.AcceptEncoding;
import dev.switchboard.engineio.internal.shared.ListenerList;
import dev.switchboard.engineio.spi.WebSocketConnection;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Engine.IO server's machinery behind {@code EngineIoServer}: request verification in the
 * reference's order, handshakes, the session registry and the HTTP details of polling responses.
 */
public final class EngineCore implements SessionHost {

    private static final Logger log = LoggerFactory.getLogger(EngineCore.class);
    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** What a polling response may be compressed with, in engine.io's order. */
    private static final List<String> POLLING_CODINGS = List.of("gzip", "deflate");

    private final EngineIoOptions options;
    private final ConcurrentHashMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final ListenerList<Consumer<EngineSocket>> connectionListeners = new ListenerList<>();
    private final ListenerList<Consumer<ConnectionError>> errorListeners = new ListenerList<>();
    private final SecureRandom random = new SecureRandom();
    private final String upgradesJson;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final EngineCounters counters = new EngineCounters();
    private final Middlewares middlewares = new Middlewares();
    private final Admission admission;
    private volatile boolean closing;

    /**
     * Creates the machinery for a server.
     *
     * @param options the server's options
     */
    public EngineCore(EngineIoOptions options) {
        this.options = options;
        this.admission = new Admission(options.limits(), System::nanoTime);
        this.upgradesJson = options.allowUpgrades() && options.transports().contains(TransportType.WEBSOCKET)
                ? "[\"websocket\"]" : "[]";
    }

    @Override
    public EngineIoOptions options() {
        return options;
    }

    @Override
    public EngineCounters counters() {
        return counters;
    }

    /**
     * See {@code EngineIoServer#stats}.
     *
     * @return the counters
     */
    public EngineIoStats stats() {
        return counters.snapshot();
    }

    /** See {@code EngineIoServer#onConnection}. */
    public void onConnection(Consumer<EngineSocket> listener) {
        connectionListeners.add(listener);
    }

    /** See {@code EngineIoServer#onConnectionError}. */
    public void onConnectionError(Consumer<ConnectionError> listener) {
        errorListeners.add(listener);
    }

    /** See {@code EngineIoServer#use}. */
    public void use(EngineMiddleware middleware) {
        middlewares.add(middleware);
    }

    /** {@return the number of open sessions} */
    public int clientsCount() {
        return sessions.size();
    }

    /** {@return an open session, or {@code null}} */
    public EngineSocket client(String sid) {
        return sessions.get(sid);
    }

    /** {@return a snapshot of the open sessions} */
    public Collection<EngineSocket> clients() {
        return List.copyOf(sessions.values());
    }

    /** {@return whether a raw request target is under the path: a prefix match, as the reference does} */
    public boolean handles(String uri) {
        return uri.startsWith(options.path());
    }

    // ---- plain HTTP ----------------------------------------------------------------------------

    /** Handles a plain HTTP request under the path. */
    public void handleRequest(HttpExchange exchange) {
        RequestInfo req = exchange.request();
        Cors cors = options.cors();
        if (cors != null) {
            // CORS is the reference's first middleware; its failure refuses the request.
            try {
                Headers headers = new Headers();
                if ("OPTIONS".equals(req.method())) {
                    if (cors.applyPreflight(req, headers)) {
                        exchange.respond(cors.optionsSuccessStatus(), headers, EngineSession.EMPTY);
                        return;
                    }
                } else {
                    cors.applyTo(req, headers);
                }
            } catch (RuntimeException e) {
                log.warn("CORS policy failed for {} {}", req.method(), req.url(), e);
                refuse(exchange, MIDDLEWARE_FAILURE, false);
                return;
            }
        }
        if (middlewares.isEmpty()) {
            afterMiddlewares(exchange);
        } else {
            middlewares.run(req, exchange.executor(),
                    added -> afterMiddlewares(Middlewares.withHeaders(exchange, added)),
                    error -> refuse(exchange, MIDDLEWARE_FAILURE));
        }
    }

    private void afterMiddlewares(HttpExchange exchange) {
        RequestInfo req = exchange.request();
        Refusal refusal = Refusal.verify(options, req, false);
        if (refusal != null) {
            refuse(exchange, refusal);
            return;
        }
        String sid = req.queryParam("sid");
        if (sid != null) {
            EngineSession session = sessions.get(sid);
            if (session == null) {
                refuse(exchange, new Refusal(EngineError.UNKNOWN_SID, null, sid));
            } else {
                session.arrive(() -> session.onPollingRequest(exchange));
            }
            return;
        }
        if (closing) {
            exchange.respond(503, new Headers(), EngineSession.EMPTY);
            return;
        }
        Admission.Ticket ticket = admission.admit(req.remoteAddress());
        if (ticket.refusal() != null) {
            refuse(exchange, limitReached(ticket));
            return;
        }
        // A client that goes away while allowRequest thinks must not become a session that no
        // request of its own will ever end (until its heartbeat times out), nor be announced.
        AtomicBoolean gone = new AtomicBoolean();
        if (options.allowRequest() != null) {
            exchange.onAbort(() -> gone.set(true));
        }
        whenAllowed(req, exchange.executor(), () -> openPolling(exchange, ticket, gone), r -> {
            admission.abandon(ticket);
            refuse(exchange, r);
        });
    }

    private static Refusal limitReached(Admission.Ticket ticket) {
        return new Refusal(EngineError.LIMIT_REACHED, ticket.refusal(), ticket.refusal());
    }

    private void openPolling(HttpExchange exchange, Admission.Ticket ticket, AtomicBoolean gone) {
        if (closing) {
            // allowRequest may answer after close() began.
            admission.abandon(ticket);
            exchange.respond(503, new Headers(), EngineSession.EMPTY);
            return;
        }
        if (gone.get()) {
            admission.abandon(ticket);
            log.debug("Handshake {} allowed after its client went away: no session", exchange.request().url());
            return;
        }
        EngineSession session = newSession(exchange.request(), exchange.executor());
        if (session == null) {
            admission.abandon(ticket);
            refuse(exchange, new Refusal(EngineError.BAD_REQUEST, null, "ID_GENERATION_ERROR"));
            return;
        }
        admission.opened(ticket, session.id());
        PollingTransport polling = new PollingTransport(session, exchange.request());
        session.open(polling, handshakeJson(session.id(), upgradesJson), options.initialPacket());
        polling.onRequest(exchange);
        announce(session);
    }

    @Override
    public void refuseLate(HttpExchange exchange, EngineSession session) {
        if (session.readyState() == ReadyState.CLOSED) {
            refuse(exchange, new Refusal(EngineError.UNKNOWN_SID, null, session.id()));
        } else if (session.transport() != TransportType.POLLING
                || !TransportType.POLLING.wireName().equals(exchange.request().queryParam("transport"))) {
            refuse(exchange, new Refusal(EngineError.BAD_REQUEST, null, "TRANSPORT_MISMATCH"));
        } else {
            refuse(exchange, new Refusal(EngineError.BAD_REQUEST, null, "PROTOCOL_MISMATCH"));
        }
    }

    // ---- WebSocket -----------------------------------------------------------------------------

    /** Handles a WebSocket upgrade request under the path. */
    public void handleUpgrade(UpgradeExchange exchange) {
        RequestInfo req = exchange.request();
        if (options.cors() != null) {
            try {
                options.cors().applyTo(req, new Headers());
            } catch (RuntimeException e) {
                log.warn("CORS policy failed for {} {}", req.method(), req.url(), e);
                rejectUpgrade(exchange, MIDDLEWARE_FAILURE);
                return;
            }
        }
        if (middlewares.isEmpty()) {
            afterMiddlewares(exchange);
        } else {
            middlewares.run(req, exchange.executor(),
                    added -> afterMiddlewares(Middlewares.withHeaders(exchange, added)),
                    error -> rejectUpgrade(exchange, MIDDLEWARE_FAILURE));
        }
    }

    private void afterMiddlewares(UpgradeExchange exchange) {
        RequestInfo req = exchange.request();
        Refusal refusal = Refusal.verify(options, req, true);
        if (refusal != null) {
            rejectUpgrade(exchange, refusal);
            return;
        }
        String sid = req.queryParam("sid");
        if (sid != null) {
            EngineSession session = sessions.get(sid);
            if (session == null) {
                rejectUpgrade(exchange, new Refusal(EngineError.UNKNOWN_SID, null, sid));
                return;
            }
            if (ProtocolCodec.revisionOf(req) != session.protocol()) {
                rejectUpgrade(exchange, new Refusal(EngineError.BAD_REQUEST, null, "PROTOCOL_MISMATCH"));
                return;
            }
            session.arrive(() -> upgrade(session, exchange));
            return;
        }
        if (closing) {
            exchange.reject("Server closing");
            return;
        }
        Admission.Ticket ticket = admission.admit(req.remoteAddress());
        if (ticket.refusal() != null) {
            // Answered as over polling, before the upgrade: a client sees why, not a bare 400.
            Refusal limit = limitReached(ticket);
            reportError(req, limit);
            Headers headers = new Headers();
            applyCommonHeaders(req, headers);
            headers.set("Content-Type", "application/json");
            exchange.reject(limit.error().httpStatus(), headers, limit.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        whenAllowed(req, exchange.executor(), () -> openWebSocket(exchange, ticket), r -> {
            admission.abandon(ticket);
            rejectUpgrade(exchange, r);
        });
    }

    /** Reports a refused upgrade and answers it with the message the reference writes as body. */
    private void rejectUpgrade(UpgradeExchange exchange, Refusal refusal) {
        reportError(exchange.request(), refusal);
        exchange.reject(refusal.text());
    }

    private void upgrade(EngineSession session, UpgradeExchange exchange) {
        if (!exchange.checkHandshake()) {
            return;
        }
        Headers headers = new Headers();
        applyCommonHeaders(exchange.request(), headers);
        if (options.headers() != null) {
            // Every 101 goes through the hook, as the reference's ws "headers" event does.
            options.headers().accept(headers, exchange.request());
        }
        WebSocketConnection connection = exchange.accept(headers);
        boolean canUpgrade = session.readyState() == ReadyState.OPEN
                && session.transport() == TransportType.POLLING
                && !session.upgrading()
                && TransportType.WEBSOCKET.wireName().equals(exchange.request().queryParam("transport"));
        if (!canUpgrade) {
            // As the reference: the WebSocket opens and is closed at once.
            connection.close();
            return;
        }
        session.beginUpgrade(new WebSocketTransport(session, connection, isBase64(exchange.request())));
    }

    private void openWebSocket(UpgradeExchange exchange, Admission.Ticket ticket) {
        if (closing) {
            admission.abandon(ticket);
            exchange.reject("Server closing");
            return;
        }
        if (!exchange.isOpen()) {
            // Gone while allowRequest thought: no session, nothing announced.
            admission.abandon(ticket);
            log.debug("WebSocket handshake {} allowed after its client went away: no session", exchange.request().url());
            return;
        }
        if (!exchange.checkHandshake()) {
            admission.abandon(ticket);
            return;
        }
        boolean webSocket = TransportType.WEBSOCKET.wireName().equals(exchange.request().queryParam("transport"));
        EngineSession session = null;
        if (webSocket) {
            session = newSession(exchange.request(), exchange.executor());
            if (session == null) {
                admission.abandon(ticket);
                rejectUpgrade(exchange, new Refusal(EngineError.BAD_REQUEST, null, "ID_GENERATION_ERROR"));
                return;
            }
            admission.opened(ticket, session.id());
        } else {
            admission.abandon(ticket);
        }
        Headers headers = new Headers();
        applyCommonHeaders(exchange.request(), headers);
        if (options.initialHeaders() != null) {
            options.initialHeaders().accept(headers, exchange.request());
        }
        if (options.headers() != null) {
            options.headers().accept(headers, exchange.request());
        }
        WebSocketConnection connection = exchange.accept(headers);
        if (!webSocket) {
            // As the reference: a handshake naming a transport that takes no upgrade (polling)
            // gets its WebSocket, closed at once, and no session.
            connection.close();
            return;
        }
        WebSocketTransport ws = new WebSocketTransport(session, connection, isBase64(exchange.request()));
        session.open(ws, handshakeJson(session.id(), "[]"), options.initialPacket());
        // Listeners first: frames the client sent with its handshake are read once it starts.
        announce(session);
        ws.start();
    }

    private static boolean isBase64(RequestInfo req) {
        return req.queryParam("b64") != null;
    }

    // ---- verification --------------------------------------------------------------------------

    private static final Refusal MIDDLEWARE_FAILURE = new Refusal(EngineError.BAD_REQUEST, null, "MIDDLEWARE_FAILURE");

    /** Runs {@code allowRequest}, then the protocol check, then one of the continuations on {@code loop}. */
    private void whenAllowed(RequestInfo req, EventExecutor loop, Runnable proceed, Consumer<Refusal> refuse) {
        AllowRequest gate = options.allowRequest();
        if (gate == null) {
            if (loop.inEventLoop()) {
                checkProtocol(req, proceed, refuse);
            } else {
                // A binding calling from elsewhere: the session must still be born on its loop.
                loop.execute(() -> checkProtocol(req, proceed, refuse));
            }
            return;
        }
        CompletionStage<AllowRequest.Verdict> verdict;
        try {
            verdict = gate.check(req);
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        verdict.whenComplete((v, err) -> loop.execute(() -> {
            if (err != null) {
                String msg = err.getMessage();
                refuse.accept(new Refusal(EngineError.FORBIDDEN, msg, msg));
            } else if (v == null || !v.allowed()) {
                String msg = v == null ? null : v.message();
                refuse.accept(new Refusal(EngineError.FORBIDDEN, msg, msg));
            } else {
                checkProtocol(req, proceed, refuse);
            }
        }));
    }

    private void checkProtocol(RequestInfo req, Runnable proceed, Consumer<Refusal> refuse) {
        if (ProtocolCodec.revisionOf(req) == 4 || options.allowEIO3()) {
            proceed.run();
        } else {
            refuse.accept(new Refusal(EngineError.UNSUPPORTED_PROTOCOL_VERSION, null, "3"));
        }
    }

    private void refuse(HttpExchange exchange, Refusal refusal) {
        refuse(exchange, refusal, true);
    }

    private void refuse(HttpExchange exchange, Refusal refusal, boolean withCors) {
        reportError(exchange.request(), refusal);
        Headers headers = new Headers();
        if (withCors) {
            // CORS first: the reference's middleware sets its headers before the error is written.
            applyCommonHeaders(exchange.request(), headers);
        }
        headers.set("Content-Type", "application/json");
        exchange.respond(refusal.error().httpStatus(), headers,
                refusal.body().getBytes(StandardCharsets.UTF_8));
    }

    private void reportError(RequestInfo req, Refusal refusal) {
        log.debug("Refused {} {}: {} ({})", req.method(), req.url(), refusal.error().message(), refusal.context());
        if (errorListeners.isEmpty()) {
            return;
        }
        String message = refusal.text();
        ConnectionError event = new ConnectionError(req, refusal.error(), message, refusal.context());
        errorListeners.fire(l -> l.accept(event), (l, e) -> log.error("A 'connection_error' listener threw", e));
    }

    // ---- sessions ------------------------------------------------------------------------------

    private EngineSession newSession(RequestInfo req, EventExecutor loop) {
        for (int attempt = 0; attempt < 3; attempt++) {
            String id;
            try {
                id = options.generateId() != null ? options.generateId().apply(req) : generateId();
            } catch (RuntimeException e) {
                log.error("generateId threw", e);
                return null;
            }
            if (id == null) {
                return null;
            }
            EngineSession session = new EngineSession(this, id, req, loop,
                    ProtocolCodec.of(ProtocolCodec.revisionOf(req)));
            if (sessions.putIfAbsent(id, session) == null) {
                return session;
            }
        }
        log.error("generateId returned ids already in use three times in a row");
        return null;
    }

    /** 15 random bytes as 20 URL-safe base64 characters: 120 bits nobody can guess. */
    private String generateId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return ID_ENCODER.encodeToString(bytes);
    }

    private String handshakeJson(String sid, String upgrades) {
        return "{\"sid\":\"" + sid + "\",\"upgrades\":" + upgrades
                + ",\"pingInterval\":" + options.pingInterval().toMillis()
                + ",\"pingTimeout\":" + options.pingTimeout().toMillis()
                + ",\"maxPayload\":" + options.maxHttpBufferSize() + "}";
    }

    private void announce(EngineSession session) {
        connectionListeners.fire(l -> l.accept(session),
                (l, e) -> log.error("A 'connection' listener threw for session {}", session.id(), e));
    }

    @Override
    public void removeSession(EngineSession session) {
        if (sessions.remove(session.id(), session)) {
            admission.closed(session.id());
        }
    }

    /** Refuses new sessions (503) from now on; open sessions go on. */
    public void stopAccepting() {
        closing = true;
    }

    /**
     * Closes every session and refuses new ones. The future completes once every session's close
     * listeners have run, so a caller that waits for it sees all disconnections handled.
     *
     * @return the completion
     */
    public CompletableFuture<Void> close() {
        closing = true;
        List<EngineSession> all = new ArrayList<>(sessions.values());
        if (all.isEmpty()) {
            closed.complete(null);
        }
        AtomicInteger remaining = new AtomicInteger(all.size());
        for (EngineSession s : all) {
            s.runOnLoop(() -> {
                s.onClose(CloseReason.FORCED_CLOSE, "server closing");
                if (remaining.decrementAndGet() == 0) {
                    closed.complete(null);
                }
            });
        }
        return closed;
    }

    // ---- polling responses ---------------------------------------------------------------------

    private void applyCommonHeaders(RequestInfo req, Headers headers) {
        if (options.cors() != null) {
            options.cors().applyTo(req, headers);
        }
    }

    @Override
    public Headers pollingHeaders(EngineSession session, RequestInfo req) {
        Headers headers = new Headers();
        applyCommonHeaders(req, headers);
        headers.set("Content-Type", "text/plain; charset=UTF-8");
        String ua = req.header("user-agent");
        if (ua != null && (ua.contains(";MSIE") || ua.contains("Trident/"))) {
            headers.set("X-XSS-Protection", "0");
        }
        headers.set("cache-control", "no-store");
        if (req.queryParam("sid") == null) {
            if (options.cookie() != null) {
                headers.add("Set-Cookie", options.cookie().headerValue(session.id()));
            }
            if (options.initialHeaders() != null) {
                options.initialHeaders().accept(headers, req);
            }
        }
        if (options.headers() != null) {
            options.headers().accept(headers, req);
        }
        return headers;
    }

    @Override
    public void writePayload(EngineSession session, HttpExchange get, byte[] body, String contentType,
            boolean compress) {
        Headers headers = pollingHeaders(session, get.request());
        headers.set("Content-Type", contentType);
        int threshold = options.httpCompressionThreshold();
        if (compress && threshold >= 0 && body.length >= threshold) {
            String encoding = AcceptEncoding.negotiate(get.request().header("accept-encoding"), POLLING_CODINGS);
            if (encoding != null) {
                body = compress(body, encoding);
                headers.set("Content-Encoding", encoding);
            }
        }
        get.respond(200, headers, body);
    }

    private static byte[] compress(byte[] body, String encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 32);
        try (OutputStream z = "gzip".equals(encoding) ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory compression failed", e);
        }
        return out.toByteArray();
    }
}
