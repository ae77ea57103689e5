/**
 * The Jakarta Servlet 6 + Jakarta WebSocket 2.1 binding: serves a
 * {@link dev.switchboard.engineio.spi.Mountable} (an Engine.IO server, or a Socket.IO server above
 * it) in a servlet container. Depends on Engine.IO only; the container provides both APIs.
 */
module dev.switchboard.servlet {
    requires transitive dev.switchboard.engineio;
    requires transitive jakarta.servlet;
    requires jakarta.websocket;
    requires io.netty.common;
    requires org.slf4j;

    exports dev.switchboard.servlet;
}
