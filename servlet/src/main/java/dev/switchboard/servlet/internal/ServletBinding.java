package dev.switchboard.servlet.internal;

import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.HttpRoute;
import dev.switchboard.engineio.spi.Mountable;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the servlet does, apart from the servlet API's ceremony: it asks the mounted layer's routes,
 * then hands polls to the engine as asynchronous exchanges and upgrades to the container's
 * WebSocket layer ({@link ServerContainer#upgradeHttpToWebSocket}, Jakarta WebSocket 2.1).
 *
 * <p>Sessions live on the executors of a group of this binding's own: one single-thread executor
 * per session, for life, as the Netty binding's event loops are. A request for a known session
 * is handled on its executor; a new session gets the next one.
 */
public final class ServletBinding {

    private static final Logger log = LoggerFactory.getLogger(ServletBinding.class);

    /** The longest a container thread waits for the engine to decide on an upgrade. */
    private static final long UPGRADE_DECISION_SECONDS = 10;

    private final Mountable mounted;
    private final EngineIoServer engine;
    private final List<HttpRoute> routes;
    private final int maxPayload;
    private final int threads;
    private EventExecutorGroup executors;
    private ServerContainer webSockets;
    /** Responses handed to the container and not yet written: what a stop waits for. */
    private final AtomicInteger writing = new AtomicInteger();
    /** Container WebSockets opened and not closed yet: what a stop waits for too. */
    private final OpenWebSockets openWebSockets = new OpenWebSockets();
    /** Set once {@link #stop()} began; requests keep being served until the executors stop. */
    private boolean stopping;
    /** Set once the executors are stopping: requests get 503. */
    private volatile boolean stopped;

    /**
     * A binding of a mounted layer.
     *
     * @param mounted what to serve
     * @param threads the number of session executors; 0 for the number of processors
     */
    public ServletBinding(Mountable mounted, int threads) {
        this.mounted = Objects.requireNonNull(mounted, "mounted");
        this.engine = Objects.requireNonNull(mounted.engine(), "engine");
        this.routes = List.copyOf(mounted.routes());
        this.maxPayload = (int) Math.min(Integer.MAX_VALUE, engine.options().maxHttpBufferSize());
        this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** {@return the mounted layer} */
    public Mountable mounted() {
        return mounted;
    }

    /**
     * Starts the session executors and finds the container's WebSocket layer; from the servlet's
     * {@code init}.
     *
     * @param context the servlet context
     */
    public void start(ServletContext context) {
        executors = new DefaultEventExecutorGroup(threads, new DefaultThreadFactory("switchboard-session", true));
        webSockets = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        if (webSockets == null) {
            log.warn("No Jakarta WebSocket container in context '{}': clients will long-poll only, and WebSocket "
                    + "handshakes are refused", context.getContextPath());
        }
    }

    /**
     * Closes every session (through the mounted layer, so Socket.IO clients learn
     * {@code server shutting down}), waits (up to 2 s) for the last responses and for the
     * container to close the WebSockets this binding opened, and stops the executors once their
     * last tasks ran; from the servlet's {@code destroy}.
     */
    public synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            mounted.close().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Sessions did not all close within 5 s: {}", e.toString());
        }
        if (executors == null) {
            return;
        }
        // The sessions answered their waiting polls with the close packet in tasks on their
        // executors, which hand the writing to the container: let both finish, so that clients
        // are told before the container closes the connections.
        for (int round = 0; round < 2; round++) {
            List<io.netty.util.concurrent.Future<?>> barriers = new ArrayList<>();
            for (EventExecutor e : executors) {
                barriers.add(e.submit(() -> { }));
            }
            barriers.forEach(f -> f.awaitUninterruptibly(1, TimeUnit.SECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (writing.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        awaitWebSocketsClosed(deadline);
        stopped = true;
        executors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /**
     * Waits, up to {@code deadline}, until the container has reported every WebSocket this binding
     * opened closed. The sessions asked for their close frames above, but a close frame waits
     * behind a send still under way, and the close handshake ends when the client answers: both
     * go on on the session executors and the container's threads. Stopping the executors, or
     * returning to a container that then tears down its endpoints, before that would drop the
     * connection without its close frame, which a Socket.IO client reads as
     * {@code transport error} instead of {@code transport close}.
     */
    private void awaitWebSocketsClosed(long deadline) {
        try {
            if (!openWebSockets.awaitNone(deadline)) {
                log.debug("{} WebSocket(s) still open when the binding stopped", openWebSockets.count());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Serves one request mapped to the servlet.
     *
     * @param req the request
     * @param res the response
     * @throws IOException if the response cannot be written
     */
    public void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (stopped) {
            res.sendError(503);
            return;
        }
        try {
            serve(req, res);
        } catch (RejectedExecutionException e) {
            // The executors stopped under the request: the binding is stopping.
            if (!res.isCommitted()) {
                res.sendError(503);
            }
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String target = ServletRequests.target(req);
        boolean upgrade = ServletRequests.isUpgrade(req);
        RequestInfo info = null;
        if (!upgrade) {
            for (HttpRoute route : routes) {
                if (!route.mayAnswer(target)) {
                    continue;
                }
                if (info == null) {
                    info = ServletRequests.info(req, target);
                }
                HttpRoute.Response answer = route.answer(info);
                if (answer != null) {
                    send(req, res, answer);
                    return;
                }
            }
        }
        if (!engine.handles(target)) {
            res.setStatus(404);
            res.setContentType("text/plain; charset=UTF-8");
            res.getOutputStream().write("Not Found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (info == null) {
            info = ServletRequests.info(req, target);
        }
        EventExecutor executor = executorFor(info);
        if (upgrade) {
            upgrade(req, res, info, executor);
            return;
        }
        AsyncContext async = req.startAsync(req, res);
        engine.handleRequest(ServletHttpExchange.start(async, info, executor, maxPayload, writing));
    }

    /** The executor of the session a request names, or the next one for a new session. */
    private EventExecutor executorFor(RequestInfo info) {
        String sid = info.queryParam("sid");
        if (sid != null) {
            EngineSocket socket = engine.client(sid);
            if (socket != null) {
                return socket.executor();
            }
        }
        return executors.next();
    }

    /**
     * Writes a route's answer: its headers as given, its body (if any, and not for HEAD) left to the
     * container to frame.
     */
    private static void send(HttpServletRequest req, HttpServletResponse res, HttpRoute.Response answer)
            throws IOException {
        res.setStatus(answer.status());
        Headers headers = answer.headers();
        for (int i = 0; i < headers.size(); i++) {
            res.addHeader(headers.name(i), headers.value(i));
        }
        if (answer.body() != null && !"HEAD".equals(req.getMethod())) {
            res.getOutputStream().write(answer.body());
        }
    }

    private void upgrade(HttpServletRequest req, HttpServletResponse res, RequestInfo info, EventExecutor executor)
            throws IOException {
        String problem = webSockets == null ? "WebSocket is not available in this container"
                : ServletRequests.webSocketHandshakeProblem(req);
        ServletUpgradeExchange exchange = new ServletUpgradeExchange(info, executor, maxPayload, problem, openWebSockets);
        engine.handleUpgrade(exchange);
        ServletUpgradeExchange.Decision decision;
        try {
            decision = exchange.decision().get(UPGRADE_DECISION_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.decision().complete(new ServletUpgradeExchange.Refuse(503, "Server shutting down"));
            decision = exchange.decision().join();
        } catch (ExecutionException | TimeoutException e) {
            exchange.decision().complete(new ServletUpgradeExchange.Refuse(503, "Upgrade not decided in time"));
            decision = exchange.decision().join();
        }
        if (decision instanceof ServletUpgradeExchange.Refuse refuse) {
            refuse(res, refuse.status(), refuse.message());
        } else if (decision instanceof ServletUpgradeExchange.Accept accept) {
            ServletWebSocketConnection connection = accept.connection();
            try {
                webSockets.upgradeHttpToWebSocket(req, res, endpointConfig(info, accept), Map.of());
            } catch (DeploymentException | IOException | RuntimeException e) {
                log.debug("WebSocket handshake for {} failed: {}", info.url(), e.toString());
                executor.execute(connection::onClosed);
                if (!res.isCommitted()) {
                    refuse(res, 400, "WebSocket handshake failed");
                }
            }
        }
    }

    private ServerEndpointConfig endpointConfig(RequestInfo info, ServletUpgradeExchange.Accept accept) {
        ServletWebSocketConnection connection = accept.connection();
        Headers headers = accept.headers();
        boolean deflate = engine.options().perMessageDeflate();
        ServerEndpointConfig.Configurator configurator = new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(connection);
            }

            @Override
            public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
                // The first subprotocol the client offers, as the ws package accepts it without
                // handleProtocols; a browser that offered one fails a 101 that names none.
                return requested.isEmpty() ? "" : requested.get(0);
            }

            @Override
            public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
                List<Extension> out = new ArrayList<>(1);
                if (!deflate) {
                    return out;
                }
                for (Extension r : requested) {
                    if ("permessage-deflate".equals(r.getName())
                            && installed.stream().anyMatch(i -> i.getName().equals(r.getName()))) {
                        out.add(r);
                        break;
                    }
                }
                return out;
            }

            @Override
            public boolean checkOrigin(String originHeaderValue) {
                // Origins are the engine's business (allowRequest), as in Node.
                return true;
            }

            @Override
            public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
                Map<String, List<String>> out = response.getHeaders();
                for (int i = 0; i < headers.size(); i++) {
                    out.computeIfAbsent(headers.name(i), n -> new ArrayList<>()).add(headers.value(i));
                }
            }
        };
        String path = info.url();
        int q = path.indexOf('?');
        return ServerEndpointConfig.Builder.create(ServletWebSocketConnection.class, q < 0 ? path : path.substring(0, q))
                .configurator(configurator)
                .build();
    }

    /**
     * Answers an upgrade request with an error status and the message as an HTML body and closes
     * the connection, as engine.io and the ws package do.
     */
    private static void refuse(HttpServletResponse res, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setHeader("Connection", "close");
        res.setContentType("text/html");
        if (message.contains("Sec-WebSocket-Version")) {
            res.setHeader("Sec-WebSocket-Version", "13");
        }
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }
}
