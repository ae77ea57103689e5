package dev.switchboard.bench;

import dev.switchboard.servlet.SocketIoServlet;
import dev.switchboard.socketio.SocketIoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The app of {@link SwitchboardBenchServer} through the servlet binding on embedded Tomcat 11, on
 * its NIO connector and Tomcat's Jakarta WebSocket layer, with one session executor as the Netty
 * binding has one event loop: the figure a user embedding Switchboard in a Spring Boot app pays.
 */
public final class TomcatBenchServer {

    /** Tomcat logs through java.util.logging; kept here so the level set below is not collected. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private TomcatBenchServer() {
    }

    /**
     * Starts the server on the port given as the first argument (default 0: any free port).
     *
     * @param args {@code [port]}
     * @throws LifecycleException if Tomcat does not start
     */
    public static void main(String[] args) throws LifecycleException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        TOMCAT_LOG.setLevel(Level.WARNING);
        SocketIoServer io = SwitchboardBenchServer.app(SocketIoServer.builder().serveClient(false));
        Path base = baseDir();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        // Tomcat refuses connections past 8,192 by default; the idle scenario holds 18,000.
        connector.setProperty("maxConnections", "-1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null);
        AtomicReference<SocketIoServlet> servlet = new AtomicReference<>();
        context.addServletContainerInitializer((classes, ctx) -> servlet.set(SocketIoServlet.install(ctx, io, 1)), null);
        tomcat.start();
        ControlLine.serve(connector.getLocalPort(), () -> {
            servlet.get().close();
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException("Tomcat did not stop", e);
            } finally {
                delete(base);
            }
        });
    }

    private static Path baseDir() {
        try {
            return Files.createTempDirectory("switchboard-bench-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes Tomcat's work directory, deepest entries first. */
    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the run for
        }
    }
}
