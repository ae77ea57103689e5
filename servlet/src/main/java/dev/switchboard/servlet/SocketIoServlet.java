package dev.switchboard.servlet;

import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.spi.Mountable;
import dev.switchboard.servlet.internal.ServletBinding;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves Socket.IO (or Engine.IO alone) inside a Jakarta Servlet 6 container, on the application's
 * own port: long-polling on asynchronous requests (a waiting poll holds no thread) and WebSocket
 * through the container's Jakarta WebSocket 2.1 layer. Installed with one call while the context
 * starts, from a {@code ServletContainerInitializer} or a {@code ServletContextListener}:
 *
 * <pre>{@code
 * public void contextInitialized(ServletContextEvent event) {
 *     SocketIoServer io = SocketIoServer.builder().build();
 *     io.on("connection", socket -> socket.emit("welcome", "hi"));
 *     SocketIoServlet.install(event.getServletContext(), io);
 * }
 * }</pre>
 *
 * <p>The servlet is mapped to the engine's path below the context path ({@code /socket.io/*}; an
 * application in context {@code /app} is reached at {@code /app/socket.io/}), and serves the
 * mounted layer's routes there too (Socket.IO's client bundle at {@code /socket.io/socket.io.js}).
 * Sessions live on executors of the servlet's own, one single-thread executor per session for
 * life, so one socket's events and handlers never run on two threads at once, whatever thread the
 * container calls in on. Destroying the servlet (stopping the context) closes every session.
 *
 * <p>What depends on the container (WebSocket compression, idle timeouts, the request head's size)
 * is described in the guide's "Servlet containers" section.
 */
public final class SocketIoServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Not serializable: a servlet container that passivates servlets must not move this one. */
    private final transient ServletBinding binding;

    private SocketIoServlet(Mountable mounted, int threads) {
        this.binding = new ServletBinding(mounted, threads);
    }

    /**
     * Installs a Socket.IO server (or any {@link Mountable}) in a starting context: its engine under
     * its path, its routes beside it. Call while the context initializes.
     *
     * @param context the context
     * @param io what to serve, e.g. a {@code SocketIoServer}
     * @return the servlet, registered and mapped
     * @throws IllegalStateException if the context has started, or a servlet of that name exists
     */
    public static SocketIoServlet install(ServletContext context, Mountable io) {
        return install(context, io, 0);
    }

    /**
     * Installs an Engine.IO server alone in a starting context, under its path.
     *
     * @param context the context
     * @param engine the Engine.IO server
     * @return the servlet, registered and mapped
     * @throws IllegalStateException if the context has started, or a servlet of that name exists
     */
    public static SocketIoServlet install(ServletContext context, EngineIoServer engine) {
        Objects.requireNonNull(engine, "engine");
        return install(context, () -> engine, 0);
    }

    /**
     * Installs a Socket.IO server (or any {@link Mountable}) with a given number of session
     * executors.
     *
     * @param context the context
     * @param io what to serve
     * @param sessionThreads how many single-thread executors the sessions share; 0 for one per
     *     processor
     * @return the servlet, registered and mapped
     * @throws IllegalStateException if the context has started, or a servlet of that name exists
     */
    public static SocketIoServlet install(ServletContext context, Mountable io, int sessionThreads) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(io, "io");
        if (sessionThreads < 0) {
            throw new IllegalArgumentException("sessionThreads must be >= 0: " + sessionThreads);
        }
        String path = io.path();
        if (!path.startsWith("/") || !path.endsWith("/")) {
            throw new IllegalArgumentException("the path must start and end with '/': " + path);
        }
        SocketIoServlet servlet = new SocketIoServlet(io, sessionThreads);
        String name = "switchboard " + path;
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        if (registration == null) {
            throw new IllegalStateException("a servlet named '" + name + "' is already registered");
        }
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        registration.addMapping(path + "*");
        return servlet;
    }

    /** {@return what this servlet serves} */
    public Mountable mounted() {
        return binding.mounted();
    }

    /** Starts the session executors and finds the container's WebSocket layer. */
    @Override
    public void init() throws ServletException {
        binding.start(getServletContext());
    }

    /** Serves a request under the path. */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        binding.service(req, res);
    }

    /**
     * Closes every session (clients are told: a waiting poll gets the close packet), waits for the
     * last responses to be written, and stops the session executors; later requests get 503. Runs
     * when the container destroys the servlet, but containers stop taking connections before they
     * stop their contexts (Tomcat stops accepting, Jetty closes its connections): call it yourself
     * before stopping the container, or a client whose last poll needs a new connection learns of
     * the shutdown only from an error.
     */
    public void close() {
        binding.stop();
    }

    /** Closes every session and stops the session executors, as {@link #close()}. */
    @Override
    public void destroy() {
        close();
    }
}
