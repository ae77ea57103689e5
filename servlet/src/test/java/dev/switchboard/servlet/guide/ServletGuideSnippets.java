package dev.switchboard.servlet.guide;

import dev.switchboard.engineio.Cors;
import dev.switchboard.servlet.SocketIoServlet;
import dev.switchboard.socketio.SocketIoServer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * The Java snippets of the guide's "Servlet containers" section, compiled. Each
 * {@code tag::name[]} ... {@code end::name[]} region is a {@code java} block of {@code docs/GUIDE.md}
 * as it stands there; the server module's {@code GuideSnippetsTest} checks both ways.
 */
final class ServletGuideSnippets {

    private ServletGuideSnippets() {
    }

    /** Set by the Jetty snippet, closed before the server stops. */
    static SocketIoServlet servlet;

    // tag::servlet-listener[]
    @WebListener
    public class Sockets implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            SocketIoServer io = SocketIoServer.builder().cors(Cors.allowOrigin("*")).build();
            io.on("connection", socket -> socket.emit("welcome", "hi"));
            SocketIoServlet.install(event.getServletContext(), io);   // /socket.io/* of this context
        }
    }
    // end::servlet-listener[]

    static Tomcat tomcat(SocketIoServer io) throws LifecycleException {
        // tag::servlet-tomcat[]
        Tomcat tomcat = new Tomcat();
        Context context = tomcat.addContext("", null);
        context.addServletContainerInitializer(new WsSci(), null);   // Tomcat's WebSocket layer
        context.addServletContainerInitializer((classes, ctx) -> SocketIoServlet.install(ctx, io), null);
        tomcat.start();
        // end::servlet-tomcat[]
        return tomcat;
    }

    static ServletContextHandler jetty(SocketIoServer io) {
        // tag::servlet-jetty[]
        ServletContextHandler context = new ServletContextHandler("/");            // Jetty 12, EE 10
        JakartaWebSocketServletContainerInitializer.configure(context, null);      // Jetty's WebSocket layer
        context.addServletContainerInitializer((classes, ctx) -> servlet = SocketIoServlet.install(ctx, io));
        // end::servlet-jetty[]
        return context;
    }
}
