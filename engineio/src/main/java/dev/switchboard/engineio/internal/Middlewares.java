package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.EngineMiddleware;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.HttpExchange;
import dev.switchboard.engineio.spi.UpgradeExchange;
import dev.switchboard.engineio.spi.WebSocketConnection;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code engine.use(...)} middlewares of a server: runs them in order for a request, then the
 * engine's own handling on the request's loop, with the headers they added put on whatever
 * response the request gets.
 */
final class Middlewares {

    private static final Logger log = LoggerFactory.getLogger(Middlewares.class);

    private final List<EngineMiddleware> chain = new CopyOnWriteArrayList<>();

    void add(EngineMiddleware middleware) {
        chain.add(middleware);
    }

    boolean isEmpty() {
        return chain.isEmpty();
    }

    /**
     * Runs the middlewares for a request, then {@code proceed} with the headers they added, or
     * {@code refuse} with the first error; either on {@code loop}.
     */
    void run(RequestInfo request, EventExecutor loop, Consumer<Headers> proceed, Consumer<Throwable> refuse) {
        Headers added = new Headers();
        step(List.copyOf(chain), 0, request, added, loop, proceed, refuse);
    }

    private static void step(List<EngineMiddleware> all, int i, RequestInfo request, Headers added,
            EventExecutor loop, Consumer<Headers> proceed, Consumer<Throwable> refuse) {
        if (i == all.size()) {
            onLoop(loop, () -> proceed.accept(added));
            return;
        }
        AtomicBoolean called = new AtomicBoolean();
        EngineMiddleware.Next next = new EngineMiddleware.Next() {
            @Override
            public void next() {
                if (called.compareAndSet(false, true)) {
                    step(all, i + 1, request, added, loop, proceed, refuse);
                }
            }

            @Override
            public void error(Throwable error) {
                if (called.compareAndSet(false, true)) {
                    log.debug("An engine middleware refused {} {}", request.method(), request.url(), error);
                    onLoop(loop, () -> refuse.accept(error));
                }
            }
        };
        try {
            all.get(i).handle(request, added, next);
        } catch (RuntimeException e) {
            next.error(e);
        }
    }

    private static void onLoop(EventExecutor loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /**
     * Adds the middlewares' headers to the response of a plain request.
     *
     * @return the exchange, adding them when it answers
     */
    static HttpExchange withHeaders(HttpExchange exchange, Headers added) {
        if (added.size() == 0) {
            return exchange;
        }
        return new HttpExchange() {
            @Override
            public RequestInfo request() {
                return exchange.request();
            }

            @Override
            public void readBody(Consumer<String> onBody, Runnable onTooLarge) {
                exchange.readBody(onBody, onTooLarge);
            }

            @Override
            public void readRawBody(Consumer<byte[]> onBody, Runnable onTooLarge) {
                exchange.readRawBody(onBody, onTooLarge);
            }

            @Override
            public EventExecutor executor() {
                return exchange.executor();
            }

            @Override
            public void respond(int status, Headers headers, byte[] body) {
                exchange.respond(status, merged(added, headers), body);
            }

            @Override
            public void onAbort(Runnable onAbort) {
                exchange.onAbort(onAbort);
            }
        };
    }

    /**
     * Adds the middlewares' headers to the 101 of an upgrade.
     *
     * @return the exchange, adding them when it answers
     */
    static UpgradeExchange withHeaders(UpgradeExchange exchange, Headers added) {
        if (added.size() == 0) {
            return exchange;
        }
        return new UpgradeExchange() {
            @Override
            public RequestInfo request() {
                return exchange.request();
            }

            @Override
            public EventExecutor executor() {
                return exchange.executor();
            }

            @Override
            public boolean checkHandshake() {
                return exchange.checkHandshake();
            }

            @Override
            public boolean isOpen() {
                return exchange.isOpen();
            }

            @Override
            public WebSocketConnection accept(Headers headers) {
                return exchange.accept(merged(added, headers));
            }

            @Override
            public void reject(String message) {
                exchange.reject(message);
            }
        };
    }

    /**
     * The middlewares' headers first, as Express sets them before the engine writes its own; a
     * header the engine writes too is the engine's.
     */
    private static Headers merged(Headers added, Headers engine) {
        Headers out = new Headers();
        for (int i = 0; i < added.size(); i++) {
            if (!engine.contains(added.name(i))) {
                out.add(added.name(i), added.value(i));
            }
        }
        for (int i = 0; i < engine.size(); i++) {
            out.add(engine.name(i), engine.value(i));
        }
        return out;
    }
}
