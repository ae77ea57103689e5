package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.ConnectionError;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.ReadyState;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.HttpExchange;
import dev.switchboard.engineio.spi.UpgradeExchange;
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
import java.util.concurrent.CopyOnWriteArrayList;
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

    private final EngineIoOptions options;
    private final ConcurrentHashMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final List<Consumer<EngineSocket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ConnectionError>> errorListeners = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final String upgradesJson;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;

    /**
     * Creates the machinery for a server.
     *
     * @param options the server's options
     */
    public EngineCore(EngineIoOptions options) {
        this.options = options;
        this.upgradesJson = options.allowUpgrades() && options.transports().contains(TransportType.WEBSOCKET)
                ? "[\"websocket\"]" : "[]";
    }

    @Override
    public EngineIoOptions options() {
        return options;
    }

    /** See {@code EngineIoServer#onConnection}. */
    public void onConnection(Consumer<EngineSocket> listener) {
        connectionListeners.add(listener);
    }

    /** See {@code EngineIoServer#onConnectionError}. */
    public void onConnectionError(Consumer<ConnectionError> listener) {
        errorListeners.add(listener);
    }

    /** The number of open sessions. */
    public int clientsCount() {
        return sessions.size();
    }

    /** An open session, or {@code null}. */
    public EngineSocket client(String sid) {
        return sessions.get(sid);
    }

    /** A snapshot of the open sessions. */
    public Collection<EngineSocket> clients() {
        return List.copyOf(sessions.values());
    }

    /** Whether a raw request target is under the path: a prefix match, as the reference does. */
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
        Refusal refusal = verify(req, false);
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
                session.runOnLoop(() -> session.onPollingRequest(exchange));
            }
            return;
        }
        if (closing) {
            exchange.respond(503, new Headers(), EngineSession.EMPTY);
            return;
        }
        whenAllowed(req, exchange.executor(), () -> openPolling(exchange), r -> refuse(exchange, r));
    }

    private void openPolling(HttpExchange exchange) {
        if (closing) {
            // allowRequest may answer after close() began.
            exchange.respond(503, new Headers(), EngineSession.EMPTY);
            return;
        }
        EngineSession session = newSession(exchange.request(), exchange.executor());
        if (session == null) {
            refuse(exchange, new Refusal(EngineError.BAD_REQUEST, null, "ID_GENERATION_ERROR"));
            return;
        }
        PollingTransport polling = new PollingTransport(session);
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
        Refusal refusal = verify(req, true);
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
            if (!"4".equals(req.queryParam("EIO"))) {
                rejectUpgrade(exchange, new Refusal(EngineError.BAD_REQUEST, null, "PROTOCOL_MISMATCH"));
                return;
            }
            session.runOnLoop(() -> upgrade(session, exchange));
            return;
        }
        if (closing) {
            exchange.reject("Server closing");
            return;
        }
        whenAllowed(req, exchange.executor(), () -> openWebSocket(exchange), r -> rejectUpgrade(exchange, r));
    }

    /** Reports a refused upgrade and answers it with the message the reference writes as body. */
    private void rejectUpgrade(UpgradeExchange exchange, Refusal refusal) {
        reportError(exchange.request(), refusal);
        exchange.reject(refusal.text());
    }

    private void upgrade(EngineSession session, UpgradeExchange exchange) {
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

    private void openWebSocket(UpgradeExchange exchange) {
        if (closing) {
            exchange.reject("Server closing");
            return;
        }
        EngineSession session = newSession(exchange.request(), exchange.executor());
        if (session == null) {
            rejectUpgrade(exchange, new Refusal(EngineError.BAD_REQUEST, null, "ID_GENERATION_ERROR"));
            return;
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
        WebSocketTransport ws = new WebSocketTransport(session, connection, isBase64(exchange.request()));
        session.open(ws, handshakeJson(session.id(), "[]"), options.initialPacket());
        ws.start();
        announce(session);
    }

    private static boolean isBase64(RequestInfo req) {
        return req.queryParam("b64") != null;
    }

    // ---- verification --------------------------------------------------------------------------

    private static final Refusal MIDDLEWARE_FAILURE = new Refusal(EngineError.BAD_REQUEST, null, "MIDDLEWARE_FAILURE");

    /** Why a request is refused: the error and what caused it. */
    record Refusal(EngineError error, String message, String context) {
        String body() {
            return message == null ? error.json() : error.json(message);
        }

        /** The message the client is told: a custom one (allowRequest's) or the error's. */
        String text() {
            return message == null ? error.message() : message;
        }
    }

    private Refusal verify(RequestInfo req, boolean upgrade) {
        String transportName = req.queryParam("transport");
        TransportType transport = TransportType.fromWireName(transportName);
        if (transport == null || !options.transports().contains(transport)) {
            return new Refusal(EngineError.UNKNOWN_TRANSPORT, null, String.valueOf(transportName));
        }
        String origin = req.header("origin");
        if (origin != null && !validHeaderValue(origin)) {
            return new Refusal(EngineError.BAD_REQUEST, null, "INVALID_ORIGIN");
        }
        if (req.queryParam("sid") != null) {
            // The session checks (lookup, transport, protocol) follow, in that order.
            return null;
        }
        if (!"GET".equals(req.method())) {
            return new Refusal(EngineError.BAD_HANDSHAKE_METHOD, null, req.method());
        }
        if (transport == TransportType.WEBSOCKET && !upgrade) {
            return new Refusal(EngineError.BAD_REQUEST, null, "TRANSPORT_HANDSHAKE_ERROR");
        }
        return null;
    }

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

    private static void checkProtocol(RequestInfo req, Runnable proceed, Consumer<Refusal> refuse) {
        if ("4".equals(req.queryParam("EIO"))) {
            proceed.run();
        } else {
            refuse.accept(new Refusal(EngineError.UNSUPPORTED_PROTOCOL_VERSION, null, "3"));
        }
    }

    /** Header values may hold visible ASCII, obs-text, space and tab only (RFC 7230). */
    private static boolean validHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c == '\t' || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) {
                return false;
            }
        }
        return true;
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
        for (Consumer<ConnectionError> l : errorListeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.error("A 'connection_error' listener threw", e);
            }
        }
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
            EngineSession session = new EngineSession(this, id, req, loop);
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
        for (Consumer<EngineSocket> l : connectionListeners) {
            try {
                l.accept(session);
            } catch (RuntimeException e) {
                log.error("A 'connection' listener threw for session {}", session.id(), e);
            }
        }
    }

    @Override
    public void removeSession(EngineSession session) {
        sessions.remove(session.id(), session);
    }

    /**
     * Closes every session and refuses new ones. The future completes once every session's close
     * listeners have run, so a caller that waits for it sees all disconnections handled.
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
    public void writePayload(EngineSession session, HttpExchange get, String payload) {
        Headers headers = pollingHeaders(session, get.request());
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        int threshold = options.httpCompressionThreshold();
        if (threshold >= 0 && body.length >= threshold) {
            String encoding = AcceptEncoding.negotiate(get.request().header("accept-encoding"));
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
