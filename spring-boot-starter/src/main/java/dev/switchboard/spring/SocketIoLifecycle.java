package dev.switchboard.spring;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Socket.IO server in Spring's life cycle. On start it listens on its own Netty port when
 * {@code switchboard.server.port} is set; otherwise it is on the application's own servlet
 * container, mounted there when the container started ({@link SwitchboardServletConfiguration}).
 * On stop, before the web server's graceful shutdown (its phase is higher, so it stops first,
 * while the container still carries the sessions' last packets):
 * <ol>
 *   <li>new handshakes are refused (HTTP 403, {@code server shutting down});</li>
 *   <li>it waits until handlers have sent the acknowledgements they owe ({@link InFlightAcks}),
 *       for most of {@code spring.lifecycle.timeout-per-shutdown-phase};</li>
 *   <li>every socket is disconnected with the reference's reason, {@code server shutting down},
 *       then the adapters close ({@code io.close()}); a separate Netty server does this as it
 *       closes, then releases its port.</li>
 * </ol>
 * The Redis adapter's connection closes after this, when its bean is destroyed.
 */
public final class SocketIoLifecycle implements SmartLifecycle {

    /** Before Spring Boot's web server graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;
    static final String SHUTTING_DOWN = "server shutting down";
    private static final Logger log = LoggerFactory.getLogger(SocketIoLifecycle.class);

    private final SocketIoServer io;
    private final SwitchboardProperties.Server server;
    private final InFlightAcks inFlight;
    private final Duration timeout;
    private volatile boolean accepting = true;
    private volatile boolean running;
    private NettyServer netty;
    /** Closes the servlet on the application's container, once it is mounted there; else null. */
    private Runnable container;

    /**
     * A life cycle for a server.
     *
     * @param io the server
     * @param server where to serve it
     * @param inFlight the acknowledgements owed, waited for on stop
     * @param timeout {@code spring.lifecycle.timeout-per-shutdown-phase}
     */
    SocketIoLifecycle(SocketIoServer io, SwitchboardProperties.Server server, InFlightAcks inFlight, Duration timeout) {
        this.io = io;
        this.server = server;
        this.inFlight = inFlight;
        this.timeout = timeout;
    }

    /**
     * An {@code allowRequest} that refuses every handshake once the shutdown began, and otherwise
     * asks the application's own, if any.
     *
     * @param gate the shutdown state of the server's life cycle, read at each handshake
     * @param delegate the application's {@code allowRequest}, or {@code null}
     * @return the combined check
     */
    static AllowRequest refusingWhenStopping(java.util.function.BooleanSupplier gate, AllowRequest delegate) {
        return request -> {
            if (!gate.getAsBoolean()) {
                return CompletableFuture.completedFuture(new AllowRequest.Verdict(false, SHUTTING_DOWN));
            }
            return delegate == null
                    ? CompletableFuture.completedFuture(new AllowRequest.Verdict(true, null))
                    : delegate.check(request);
        };
    }

    /** {@return whether new handshakes are accepted: true until {@link #stop} begins} */
    boolean accepting() {
        return accepting;
    }

    /**
     * Records that the server is mounted on the application's own servlet container; {@code close}
     * ends its sessions on shutdown.
     *
     * @param close the servlet's close
     */
    synchronized void mountedOnContainer(Runnable close) {
        this.container = close;
    }

    /** {@return whether the server is mounted on the application's own servlet container} */
    public synchronized boolean onContainer() {
        return container != null;
    }

    /** {@return the server this life cycle runs} */
    public SocketIoServer server() {
        return io;
    }

    /** {@return the separate Netty server's port, or -1 when the server is on the application's own container} */
    public synchronized int port() {
        return netty == null ? -1 : netty.port();
    }

    @Override
    public synchronized void start() {
        accepting = true;
        if (server.getPort() != null && netty == null) {
            netty = NettyServer.create(io).listen(server.getHost(), server.getPort());
            log.info("Socket.IO listening on {}:{}{}", server.getHost(), netty.port(), io.options().path());
        } else if (netty == null && container == null) {
            log.warn("Socket.IO is not served: this is not a servlet web application with switchboard-servlet, "
                    + "and switchboard.server.port is not set");
        }
        running = true;
    }

    @Override
    public void stop() {
        shutdown();
    }

    @Override
    public void stop(Runnable callback) {
        Thread t = new Thread(() -> {
            try {
                shutdown();
            } finally {
                callback.run();
            }
        }, "switchboard-shutdown");
        t.setDaemon(true);
        t.start();
    }

    private void shutdown() {
        accepting = false;
        // Most of the phase's time goes to the handlers' answers; the rest to closing.
        Duration closeBudget = timeout.dividedBy(5).compareTo(Duration.ofSeconds(5)) < 0
                ? timeout.dividedBy(5) : Duration.ofSeconds(5);
        try {
            if (!inFlight.awaitNone(timeout.minus(closeBudget))) {
                log.warn("Shutting down with {} acknowledgements unanswered", inFlight.owed());
            }
            NettyServer own;
            Runnable servlet;
            synchronized (this) {
                own = netty;
                netty = null;
                servlet = container;
            }
            if (own != null) {
                own.close(); // io.close() included, then the port and the event loops
            } else if (servlet != null) {
                servlet.run(); // io.close() included, then the last responses are written
            } else {
                io.close().get(closeBudget.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Socket.IO sessions did not all close in time: {}", e.toString());
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
