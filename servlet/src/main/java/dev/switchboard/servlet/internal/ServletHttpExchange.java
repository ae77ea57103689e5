package dev.switchboard.servlet.internal;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.internal.shared.RequestBody;
import dev.switchboard.engineio.spi.HttpExchange;
import io.netty.util.concurrent.EventExecutor;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP request under the Engine.IO path in an asynchronous servlet request: no container
 * thread is held while the engine decides, so a pending long-poll costs an
 * {@link AsyncContext} and no thread.
 *
 * <p>The body is read without blocking ({@link ReadListener}) on the container's threads, which
 * call back one at a time for a request; once it is complete, the rest happens on the session's
 * executor, which owns the exchange's state. The response is written on a container thread
 * ({@link AsyncContext#start}) so that a client slow to read never holds the session's executor.
 */
final class ServletHttpExchange implements HttpExchange, ReadListener, AsyncListener {

    private static final Logger log = LoggerFactory.getLogger(ServletHttpExchange.class);

    private final AsyncContext async;
    private final RequestInfo request;
    private final EventExecutor executor;
    private final ServletInputStream in;
    /** The binding's count of responses being written. */
    private final AtomicInteger writing;

    // Appended to by the container's read callbacks only, then owned by the executor from
    // onAllDataRead on (the hop to the executor orders the two).
    private final RequestBody body;
    private final byte[] chunk = new byte[8192];

    // Owned by the executor.
    private boolean responded;
    private boolean aborted;
    private Runnable onAbort;

    private ServletHttpExchange(AsyncContext async, RequestInfo request, EventExecutor executor, int maxBody,
            ServletInputStream in, AtomicInteger writing) {
        this.writing = writing;
        this.async = async;
        this.request = request;
        this.executor = executor;
        this.body = new RequestBody(maxBody);
        this.in = in;
    }

    /**
     * Puts a request in asynchronous mode and starts reading its body; on the container thread
     * that called the servlet.
     *
     * @return the exchange
     */
    static ServletHttpExchange start(AsyncContext async, RequestInfo request, EventExecutor executor, int maxBody,
            AtomicInteger writing) throws IOException {
        // No container timeout: the engine ends a poll itself (pingInterval), and a POST's body
        // is bounded by the container's own read timeouts.
        async.setTimeout(0);
        ServletHttpExchange exchange = new ServletHttpExchange(async, request, executor, maxBody,
                async.getRequest().getInputStream(), writing);
        async.addListener(exchange);
        exchange.in.setReadListener(exchange);
        return exchange;
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    // ---- body, on the container's threads ----------------------------------------------------

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady()) {
            int n = in.read(chunk);
            if (n < 0) {
                return;
            }
            // Past the limit the rest is still read, and dropped, so the client sees the engine's
            // answer instead of a reset.
            body.append(n, (into, offset, len) -> System.arraycopy(chunk, 0, into, offset, len));
        }
    }

    /** Hands a container callback to the executor; after the binding stopped, the session is gone. */
    private void fromContainer(Runnable r) {
        try {
            executor.execute(r);
        } catch (RejectedExecutionException e) {
            log.debug("Request event after the binding stopped: dropped");
        }
    }

    @Override
    public void onAllDataRead() {
        fromContainer(body::complete);
    }

    @Override
    public void onError(Throwable t) {
        // The body could not be read to its end: the request fails as one whose client left.
        fromContainer(this::abort);
    }

    // ---- the engine's side, on the executor ---------------------------------------------------

    @Override
    public void readBody(Consumer<String> onBody, Runnable onTooLarge) {
        readRawBody(bytes -> onBody.accept(new String(bytes, StandardCharsets.UTF_8)), onTooLarge);
    }

    @Override
    public void readRawBody(Consumer<byte[]> onBody, Runnable onTooLarge) {
        // The bytes as they came: Engine.IO 3's binary payloads are not UTF-8.
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

    private void abort() {
        if (responded || aborted) {
            return;
        }
        aborted = true;
        body.discard();
        Runnable r = onAbort;
        onAbort = null;
        if (r != null) {
            r.run();
        }
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // The container completed it already.
        }
    }

    @Override
    public void respond(int status, Headers headers, byte[] bytes) {
        onLoop(() -> {
            if (responded) {
                return;
            }
            responded = true;
            onAbort = null;
            if (aborted) {
                return;
            }
            writing.incrementAndGet();
            try {
                async.start(() -> write(status, headers, bytes));
            } catch (IllegalStateException | RejectedExecutionException e) {
                writing.decrementAndGet();
                // The request ended (the container is stopping, or the client left).
                log.debug("Response to {} dropped: {}", request.url(), e.toString());
            }
        });
    }

    /** Writes the response and ends the request; on a container thread. */
    private void write(int status, Headers headers, byte[] bytes) {
        try {
            HttpServletResponse res = (HttpServletResponse) async.getResponse();
            res.setStatus(status);
            for (int i = 0; i < headers.size(); i++) {
                res.addHeader(headers.name(i), headers.value(i));
            }
            res.setContentLength(bytes.length);
            if (bytes.length > 0) {
                ServletOutputStream out = res.getOutputStream();
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Response to {} failed: {}", request.url(), e.toString());
        } finally {
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // Completed by the container after an error.
            }
            writing.decrementAndGet();
        }
    }

    private void onLoop(Runnable r) {
        if (executor.inEventLoop()) {
            r.run();
        } else {
            executor.execute(r);
        }
    }

    // ---- the request's life, on the container's threads ---------------------------------------

    @Override
    public void onComplete(AsyncEvent event) {
        // Answered, or ended by onError: nothing left to do.
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        fromContainer(this::abort);
    }

    @Override
    public void onError(AsyncEvent event) {
        // The connection failed or closed under a waiting request (a poll whose client left).
        fromContainer(this::abort);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not restarted.
    }
}
