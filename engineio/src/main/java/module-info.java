/**
 * Engine.IO v4: packets and payload codecs, sessions, transports, heartbeat and upgrade
 * ({@code dev.switchboard.engineio}), and the seam an HTTP binding implements
 * ({@code dev.switchboard.engineio.spi}). The implementation is not exported; what Switchboard's
 * own Socket.IO layer and HTTP bindings share with it is exported to those modules only.
 */
module dev.switchboard.engineio {
    requires transitive io.netty.common;
    requires io.netty.buffer;
    requires org.slf4j;

    exports dev.switchboard.engineio;
    exports dev.switchboard.engineio.spi;
    exports dev.switchboard.engineio.internal.shared to dev.switchboard.socketio, dev.switchboard.server,
            dev.switchboard.servlet;
}
