/**
 * Socket.IO v5 on Engine.IO: the server API ({@code dev.switchboard.socketio}), the adapter SPI
 * ({@code .adapter}), the packet parser SPI ({@code .parser}) and the packet model
 * ({@code .protocol}). The implementation ({@code .internal}) is not exported.
 */
module dev.switchboard.socketio {
    requires transitive dev.switchboard.engineio;
    requires transitive com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.switchboard.socketio;
    exports dev.switchboard.socketio.adapter;
    exports dev.switchboard.socketio.parser;
    exports dev.switchboard.socketio.protocol;

    // Jackson writes and reads our records (Handshake) and reaches them reflectively.
    opens dev.switchboard.socketio to com.fasterxml.jackson.databind;
}
