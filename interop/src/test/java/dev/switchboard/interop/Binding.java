package dev.switchboard.interop;

import dev.switchboard.engineio.spi.Mountable;
import dev.switchboard.server.NettyServer;
import dev.switchboard.servlet.SocketIoServlet;
import dev.switchboard.testing.TestCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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

/**
 * The HTTP bindings a fixture can serve its server over; the Node suites run once per binding, the
 * same cases each, so that what a client sees is the same on all of them. Each starts on a free
 * loopback port, set up as an application would set it up, with nothing tuned for the suites but
 * the request head's size (Node accepts 16 KiB, the containers 8 KiB by default).
 */
enum Binding {

    /** The standalone Netty server ({@link NettyServer}). */
    NETTY {
        @Override
        Served serve(Mountable app) {
            return serve(NettyServer.create(app));
        }
    },

    /** Embedded Tomcat 11 with {@link SocketIoServlet} and Tomcat's Jakarta WebSocket layer. */
    TOMCAT {
        @Override
        Served serve(Mountable app) {
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
            connector.setProperty("maxHttpHeaderSize", String.valueOf(HEAD_BYTES));
            tomcat.setConnector(connector);
            tomcat.getHost().setAutoDeploy(false);
            Context context = tomcat.addContext("", null);
            // An embedded context has no web application of its own to clean up after.
            if (context instanceof StandardContext standard) {
                standard.setClearReferencesRmiTargets(false);
                standard.setClearReferencesThreadLocals(false);
            }
            context.addServletContainerInitializer(new WsSci(), null);
            java.util.concurrent.atomic.AtomicReference<SocketIoServlet> servlet = new java.util.concurrent.atomic.AtomicReference<>();
            context.addServletContainerInitializer((classes, ctx) -> servlet.set(SocketIoServlet.install(ctx, app)), null);
            try {
                tomcat.start();
            } catch (LifecycleException e) {
                throw new IllegalStateException("Tomcat did not start", e);
            }
            return new Served() {
            @Override
            public Binding binding() {
                return TOMCAT;
            }

                @Override
                public int port() {
                    return connector.getLocalPort();
                }

                @Override
                public void close() {
                    try {
                        // Tomcat stops accepting connections before it destroys the servlet: a
                        // client whose last poll needs a new connection would see it refused.
                        // The servlet tells its clients first, as an application does (docs/GUIDE.md).
                        servlet.get().close();
                        tomcat.stop();
                        tomcat.destroy();
                    } catch (LifecycleException e) {
                        throw new IllegalStateException("Tomcat did not stop", e);
                    }
                }
            };
        }
    },

    /** Embedded Jetty 12 (EE 10) with {@link SocketIoServlet} and Jetty's Jakarta WebSocket layer. */
    JETTY {
        @Override
        Served serve(Mountable app) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class)
                    .getHttpConfiguration().setRequestHeaderSize(HEAD_BYTES);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            JakartaWebSocketServletContainerInitializer.configure(context, null);
            java.util.concurrent.atomic.AtomicReference<SocketIoServlet> servlet = new java.util.concurrent.atomic.AtomicReference<>();
            context.addServletContainerInitializer((classes, ctx) -> servlet.set(SocketIoServlet.install(ctx, app)));
            server.setHandler(context);
            try {
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("Jetty did not start", e);
            }
            return new Served() {
            @Override
            public Binding binding() {
                return JETTY;
            }

                @Override
                public int port() {
                    return connector.getLocalPort();
                }

                @Override
                public void close() {
                    try {
                        // Jetty closes its connections before it stops its contexts: the servlet
                        // tells its clients first, as an application does (docs/GUIDE.md).
                        servlet.get().close();
                        server.stop();
                    } catch (Exception e) {
                        throw new IllegalStateException("Jetty did not stop", e);
                    }
                }
            };
        }
    };

    /** The request head Node's HTTP server accepts (its max-http-header-size). */
    private static final int HEAD_BYTES = 16 * 1024;

    /**
     * Tomcat logs every start and stop through java.util.logging at INFO; a suite starts dozens.
     * Held here because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger TOMCAT_LOG = quiet("org.apache");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    /**
     * Serves an application on a free loopback port.
     *
     * @param app the server to serve, e.g. a Socket.IO server
     * @return the running binding
     */
    abstract Served serve(Mountable app);

    /**
     * Serves an application over HTTPS and WSS on the Netty binding, with a certificate made for
     * the test (containers configure TLS themselves, outside the binding).
     *
     * @param app the server to serve
     * @param cert its certificate and key
     * @return the running binding
     */
    static Served serveTls(Mountable app, TestCertificate cert) {
        return serve(NettyServer.create(app).tls(cert.certificatePem(), cert.privateKeyPem()));
    }

    /** Wraps an already configured Netty server (the chat example's), listening on loopback. */
    static Served serve(NettyServer server) {
        server.listen("127.0.0.1", 0);
        return new Served() {
            @Override
            public Binding binding() {
                return NETTY;
            }

            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    /** The name in test names and logs: {@code netty}, {@code tomcat}, {@code jetty}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A running binding. */
    interface Served extends AutoCloseable {
        /** Which binding this is. */
        Binding binding();

        /** The port it listens on. */
        int port();

        /** Stops it, closing every session; returns once stopped. */
        @Override
        void close();
    }
}
