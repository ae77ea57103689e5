package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.CloseReason;
import dev.switchboard.engineio.ConnectionError;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import dev.switchboard.engineio.spi.FakeUpgradeExchange;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link EngineCore} on a real event loop, fed by in-memory exchanges the way a binding feeds
 * it: every request is handed over on the loop of its connection. Records what every session
 * reports from the moment it opens.
 */
final class EngineFixture implements AutoCloseable {

    static final String POLLING = "EIO=4&transport=polling";
    static final String WEBSOCKET = "EIO=4&transport=websocket";

    final DefaultEventExecutor loop = new DefaultEventExecutor();
    final EngineCore core;
    final List<ConnectionError> errors = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Events>> events = new ConcurrentHashMap<>();

    EngineFixture(EngineIoOptions options) {
        this.core = new EngineCore(options);
        core.onConnectionError(errors::add);
        core.onConnection(socket -> {
            Events e = new Events();
            socket.onClose((reason, description) -> e.closed.complete(new Closed(reason, description)));
            socket.onMessage(e.messages::add);
            socket.onPacket(e.packets::add);
            socket.onUpgrade(e.upgraded::complete);
            socket.onHeartbeat(e.heartbeats::incrementAndGet);
            socket.onDrain(e.drains::incrementAndGet);
            e.listenerOnLoop.complete(socket.executor().inEventLoop());
            eventsFuture(socket.id()).complete(e);
        });
    }

    EngineFixture() {
        this(EngineIoOptions.DEFAULT);
    }

    String path() {
        return core.options().path();
    }

    /** Hands a request to the engine on its connection's loop. */
    FakeHttpExchange handle(FakeHttpExchange exchange) {
        exchange.executor().execute(() -> core.handleRequest(exchange));
        return exchange;
    }

    /** Hands an upgrade to the engine on its connection's loop. */
    FakeUpgradeExchange handle(FakeUpgradeExchange exchange) {
        exchange.executor().execute(() -> core.handleUpgrade(exchange));
        return exchange;
    }

    FakeHttpExchange get(String query, String... headers) {
        return handle(FakeHttpExchange.get(loop, path() + "?" + query, headers));
    }

    FakeHttpExchange post(String query, String body, String... headers) {
        return handle(FakeHttpExchange.post(loop, path() + "?" + query, body, headers));
    }

    /** A poll of session {@code sid}. */
    FakeHttpExchange poll(String sid, String... headers) {
        return get(POLLING + "&sid=" + sid, headers);
    }

    /** A POST of {@code payload} to session {@code sid}; its response is awaited. */
    FakeHttpExchange.Response send(String sid, String payload) {
        return post(POLLING + "&sid=" + sid, payload).response();
    }

    FakeUpgradeExchange upgrade(String query, String... headers) {
        return handle(new FakeUpgradeExchange(loop, path() + "?" + query, headers));
    }

    /** Opens a polling session and returns its id; the handshake GET has been answered. */
    String handshake() {
        FakeHttpExchange.Response r = get(POLLING).response();
        assertThat(r.status()).isEqualTo(200);
        return sidOf(r.text());
    }

    /** Opens a session directly over WebSocket; the open packet has been taken from the connection. */
    FakeUpgradeExchange openWebSocket() {
        FakeUpgradeExchange up = upgrade(WEBSOCKET);
        String open = up.connection().nextText();
        assertThat(open).startsWith("0{\"sid\":\"");
        return up;
    }

    /** The id of the WebSocket-direct session of {@code up}. */
    String sidOf(FakeUpgradeExchange up) {
        List<EngineSession> all = onLoop(() -> core.clients().stream()
                .map(EngineSession.class::cast)
                .filter(s -> s.transport() == TransportType.WEBSOCKET)
                .toList());
        assertThat(all).hasSize(1);
        return all.get(0).id();
    }

    static String sidOf(String handshakeBody) {
        assertThat(handshakeBody).startsWith("0{\"sid\":\"");
        return handshakeBody.substring(9, 29);
    }

    EngineSession session(String sid) {
        EngineSession s = (EngineSession) core.client(sid);
        assertThat(s).as("session %s", sid).isNotNull();
        return s;
    }

    /**
     * What session {@code sid} reported. The connection listeners run just after the handshake
     * response is written, so this may have to wait for them.
     */
    Events events(String sid) {
        return await(eventsFuture(sid));
    }

    private CompletableFuture<Events> eventsFuture(String sid) {
        return events.computeIfAbsent(sid, k -> new CompletableFuture<>());
    }

    /** Runs {@code task} on the loop and waits for it: the way to read session state. */
    <T> T onLoop(Callable<T> task) {
        try {
            return loop.submit(task).get(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the tasks queued on the loop so far have run. */
    void settle() {
        onLoop(() -> null);
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** How a session ended. */
    record Closed(CloseReason reason, String description) {
    }

    /** What a session reported. */
    static final class Events {
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        final LinkedBlockingQueue<Packet.Message> messages = new LinkedBlockingQueue<>();
        final List<Packet> packets = new CopyOnWriteArrayList<>();
        final CompletableFuture<TransportType> upgraded = new CompletableFuture<>();
        final AtomicInteger heartbeats = new AtomicInteger();
        final AtomicInteger drains = new AtomicInteger();
        final CompletableFuture<Boolean> listenerOnLoop = new CompletableFuture<>();

        Closed awaitClose() {
            return await(closed);
        }

        Packet.Message nextMessage() {
            try {
                Packet.Message m = messages.poll(FakeHttpExchange.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (m == null) {
                    throw new AssertionError("no message");
                }
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
