package dev.switchboard.engineio.spi;

import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory {@link HttpExchange}: records the response, and lets a test decide when the body
 * arrives (or that it was too large) and when the client goes away. Callbacks run on the
 * exchange's executor, as a binding runs them on the connection's loop.
 */
public final class FakeHttpExchange implements HttpExchange {

    /** How long a test waits for anything before it fails. */
    public static final long TIMEOUT_SECONDS = 5;

    private final RequestInfo request;
    private final EventExecutor executor;
    private final CompletableFuture<Response> response = new CompletableFuture<>();
    private final AtomicInteger respondCalls = new AtomicInteger();
    private final CompletableFuture<Void> bodyRequested = new CompletableFuture<>();

    // Touched on the executor only.
    private String body;
    private boolean tooLarge;
    private boolean aborted;
    private Consumer<String> onBody;
    private Runnable onTooLarge;
    private Runnable onAbort;

    /**
     * An exchange for a request.
     *
     * @param request the request
     * @param executor the connection's loop
     * @param body the whole body, already arrived; {@code null} to deliver it later with
     *     {@link #completeBody}
     */
    public FakeHttpExchange(RequestInfo request, EventExecutor executor, String body) {
        this.request = request;
        this.executor = executor;
        this.body = body;
    }

    /** A GET to {@code url} with no other header. */
    public static FakeHttpExchange get(EventExecutor loop, String url, String... headerPairs) {
        return new FakeHttpExchange(request("GET", url, headerPairs), loop, "");
    }

    /** A POST to {@code url} whose whole body has already arrived. */
    public static FakeHttpExchange post(EventExecutor loop, String url, String body, String... headerPairs) {
        return new FakeHttpExchange(request("POST", url, headerPairs), loop, body);
    }

    /** A POST to {@code url} whose body arrives when the test says so. */
    public static FakeHttpExchange postLater(EventExecutor loop, String url, String... headerPairs) {
        return new FakeHttpExchange(request("POST", url, headerPairs), loop, null);
    }

    /** A request with any method, whose (empty) body has arrived. */
    public static FakeHttpExchange of(EventExecutor loop, String method, String url, String... headerPairs) {
        return new FakeHttpExchange(request(method, url, headerPairs), loop, "");
    }

    /**
     * A request as a binding would describe it: query parsed from the URL, header names lower-cased.
     *
     * @param method the method
     * @param url the request target
     * @param headerPairs name, value, name, value...
     * @return the request
     */
    public static RequestInfo request(String method, String url, String... headerPairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i].toLowerCase(Locale.ROOT), headerPairs[i + 1]);
        }
        return new RequestInfo(method, url, RequestInfo.parseQuery(url), headers, "127.0.0.1", false,
                System.currentTimeMillis());
    }

    @Override
    public RequestInfo request() {
        return request;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public void readBody(Consumer<String> onBody, Runnable onTooLarge) {
        // At once when asked on the connection's loop and the body is there, as the contract says
        // and the Netty binding does: a test must see what a real binding would make happen.
        onLoop(() -> {
            this.onBody = onBody;
            this.onTooLarge = onTooLarge;
            bodyRequested.complete(null);
            deliver();
        });
    }

    private void onLoop(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    /** Delivers the body now; the engine must already have asked for it or ask later. */
    public void completeBody(String text) {
        executor.execute(() -> {
            body = text;
            deliver();
        });
    }

    /** Reports that the body passed the size limit. */
    public void completeTooLarge() {
        executor.execute(() -> {
            tooLarge = true;
            deliver();
        });
    }

    private void deliver() {
        if (aborted || onBody == null || (body == null && !tooLarge)) {
            return;
        }
        Consumer<String> b = onBody;
        Runnable t = onTooLarge;
        onBody = null;
        onTooLarge = null;
        if (tooLarge) {
            t.run();
        } else {
            b.accept(body);
        }
    }

    /** Waits until the engine asked for the body. */
    public void awaitBodyRequested() {
        await(bodyRequested);
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

    /** The client closes the connection before the response. */
    public void abort() {
        executor.execute(() -> {
            if (aborted || response.isDone()) {
                return;
            }
            aborted = true;
            if (onAbort != null) {
                onAbort.run();
            }
        });
    }

    @Override
    public void respond(int status, Headers headers, byte[] bytes) {
        respondCalls.incrementAndGet();
        response.complete(new Response(status, headers, bytes));
    }

    /** How many times {@link #respond} was called (the contract allows one). */
    public int respondCalls() {
        return respondCalls.get();
    }

    /** Whether the response was written. */
    public boolean answered() {
        return response.isDone();
    }

    /** The response, waiting for it. */
    public Response response() {
        return await(response);
    }

    /** The response as a future. */
    public CompletableFuture<Response> responseFuture() {
        return response;
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("nothing within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /**
     * A recorded response.
     *
     * @param status the status
     * @param headers the headers given to the binding
     * @param body the body bytes
     */
    public record Response(int status, Headers headers, byte[] body) {

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header value, or {@code null}. */
        public String header(String name) {
            return headers.get(name);
        }

        /** The header lines as {@code name: value}, in order. */
        public List<String> headerLines() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < headers.size(); i++) {
                out.add(headers.name(i) + ": " + headers.value(i));
            }
            return out;
        }
    }
}
