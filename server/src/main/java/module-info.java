/**
 * The Netty binding: serves a {@link dev.switchboard.engineio.spi.Mountable} (an Engine.IO server,
 * or a Socket.IO server above it) over HTTP/1.1 and WebSocket. Depends on Engine.IO only.
 */
module dev.switchboard.server {
    requires transitive dev.switchboard.engineio;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires io.netty.codec.http;
    requires transitive io.netty.handler;
    requires org.slf4j;

    exports dev.switchboard.server;
}
