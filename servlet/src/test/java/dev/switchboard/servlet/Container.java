package dev.switchboard.servlet;

import dev.switchboard.engineio.spi.Mountable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The embedded containers the tests install the servlet in, each with its Jakarta WebSocket layer. */
enum Container {

    TOMCAT {
        @Override
        Running start(String contextPath, Mountable app) {
            Path base;
            try {
                base = Files.createTempDirectory("switchboard-tomcat");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext(contextPath, null);
            if (context instanceof StandardContext standard) {
                standard.setClearReferencesRmiTargets(false);
                standard.setClearReferencesThreadLocals(false);
            }
            context.addServletContainerInitializer(new WsSci(), null);
            context.addServletContainerInitializer((classes, ctx) -> SocketIoServlet.install(ctx, app), null);
            try {
                tomcat.start();
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            }
            return new Running(connector.getLocalPort(), () -> {
                tomcat.stop();
                tomcat.destroy();
            });
        }
    },

    JETTY {
        @Override
        Running start(String contextPath, Mountable app) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler(contextPath.isEmpty() ? "/" : contextPath);
            JakartaWebSocketServletContainerInitializer.configure(context, null);
            context.addServletContainerInitializer((classes, ctx) -> SocketIoServlet.install(ctx, app));
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Running(connector.getLocalPort(), server::stop);
        }
    };

    static {
        java.util.logging.Logger.getLogger("org.apache").setLevel(java.util.logging.Level.WARNING);
    }

    /**
     * Starts the container on a free loopback port with the application installed.
     *
     * @param contextPath the context path, {@code ""} for the root
     * @param app what to serve
     */
    abstract Running start(String contextPath, Mountable app);

    /** A started container. */
    record Running(int port, Stopper stopper) implements AutoCloseable {
        @Override
        public void close() {
            try {
                stopper.stop();
            } catch (Exception e) {
                throw new IllegalStateException("the container did not stop", e);
            }
        }
    }

    /** Stops a container. */
    interface Stopper {
        void stop() throws Exception;
    }
}
